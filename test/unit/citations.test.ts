/**
 * What the user reads cites the providers' public documentation
 * (src/model/docs.ts), never the internal name of a guide ("seed 000",
 * "seeds 000/001"): every plan of every scenario, account mode and input set
 * (everyPlan()), its bash and Terraform, every step's title, reason and
 * manual text, the scenarios' constraints and input help, the validation
 * messages of the samples and of invalid inputs, the checked-in snippets, the
 * webview's sources and the manifest strings; and, grep-style, every file of
 * src/ (comments included), webviews/, scripts/, docs/, test/ and the README.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_DOCS } from '../../src/model/docs';
import { listScenarios, renderScript, validate } from '../../src/plans';
import type { PlanContext, PlanInputs, ValidationResult } from '../../src/model/plan';
import { SAMPLE_INPUTS } from './plans/samples';
import { everyPlan } from './scripts/terraformSchema';

/** "seed 000", "Seeds 000/001", "seed004": a guide named by its internal number. */
const SEED = /\bseeds? ?0\d\d\b/i;

const ROOT = path.join(__dirname, '..', '..');

/** The lines of `text` that name a seed, as "where:line: text". */
function seedMentions(where: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => (SEED.test(line) ? `${where}:${i + 1}: ${line.trim().slice(0, 160)}` : ''))
    .filter(Boolean);
}

function assertNoSeed(texts: { where: string; text: string }[]): void {
  const hits = texts.flatMap(({ where, text }) => seedMentions(where, text));
  assert.deepEqual(
    hits,
    [],
    `${hits.length} mention(s) of a seed:\n${hits.slice(0, 40).join('\n')}`,
  );
}

/** Text files under `dir` (relative to the repository), recursively. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (/\.(ts|tsx|js|mjs|cjs|json|md|css|html|sh|tf|txt|ya?ml)$/.test(entry.name)) {
        out.push(full);
      }
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

function readRepoFiles(paths: string[]): { where: string; text: string }[] {
  return paths.map((p) => ({ where: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') }));
}

function issuesText(where: string, result: ValidationResult): { where: string; text: string } {
  const issues = [...result.errors, ...result.warnings];
  return { where, text: issues.map((i) => `${i.rule}\n${i.message}`).join('\n') };
}

describe('citations: the providers’ public docs, never a seed', () => {
  it('the pattern finds the forms the guides were named by, and only those', () => {
    for (const text of [
      'seed 000',
      'Seed 001 (GCP): …',
      'seeds 000 and 001',
      'Seeds 000/001:',
      'seed004',
    ]) {
      assert.ok(SEED.test(text), text);
    }
    for (const text of ['seeded generator', 'seed 20261205', 'the seed makes it repeatable']) {
      assert.ok(!SEED.test(text), text);
    }
  });

  it('every plan, its bash and its Terraform, cite the docs and name no seed', () => {
    const plans = everyPlan();
    assert.ok(plans.length > 50, `everyPlan() gave ${plans.length} plans`);
    const texts = plans.flatMap(({ name, plan }) => [
      { where: `${name} plan`, text: JSON.stringify(plan, null, 1) },
      {
        where: `${name} steps`,
        text: plan.steps.flatMap((s) => [s.title, s.reason, ...(s.instructions ?? [])]).join('\n'),
      },
      { where: `${name} bash`, text: renderScript(plan, 'bash') },
      { where: `${name} terraform`, text: renderScript(plan, 'terraform') },
    ]);
    assertNoSeed(texts);
    // Each plan says where it comes from, with the page's address.
    const urls = Object.values(PROVIDER_DOCS).map((d) => d.url);
    for (const { name, plan } of plans) {
      assert.ok(
        urls.some((url) => plan.source.includes(url)),
        `${name}: source "${plan.source}" cites none of model/docs.ts`,
      );
    }
  });

  it('scenario constraints, input help and sources name no seed', () => {
    const scenarios = listScenarios();
    assertNoSeed(
      scenarios.map((s) => ({ where: `scenario ${s.id}`, text: JSON.stringify(s, null, 1) })),
    );
    for (const s of scenarios) assert.match(s.source, /https:\/\//, `${s.id}: ${s.source}`);
  });

  it('validation messages of the samples and of invalid inputs name no seed, and still say where a rule comes from', () => {
    const texts: { where: string; text: string }[] = [];
    for (const s of listScenarios()) {
      const sample = SAMPLE_INPUTS[s.id] ?? {};
      const garbage: PlanInputs = Object.fromEntries(
        s.inputs.map((i) => [i.name, i.list ? ['-@not valid'] : '-@not valid']),
      );
      const noLists: PlanInputs = {
        ...sample,
        ...Object.fromEntries(s.inputs.filter((i) => i.list).map((i) => [i.name, []])),
      };
      texts.push(
        issuesText(`${s.id} sample`, validate(s.id, sample)),
        issuesText(`${s.id} invalid`, validate(s.id, garbage)),
        issuesText(`${s.id} empty`, validate(s.id, {})),
        issuesText(`${s.id} no lists`, validate(s.id, noLists)),
      );
    }
    // Rules that quote a provider's page: each must still cite it.
    const emqxCloud = validate('emqx-cloud-aws', {
      ...SAMPLE_INPUTS['emqx-cloud-aws'],
      customerCidrs: ['100.64.0.0/16'],
      customerRouteTableIds: [],
    });
    const byoc = SAMPLE_INPUTS['emqx-byoc-aws'] ?? {};
    const crossRegion = validate('emqx-byoc-aws', { ...byoc, serviceRegion: 'eu-west-1' });
    // Discovery knows both VPCs, in two different accounts.
    const known = (side: string, ownerId: string) => ({
      key: side,
      accountKey: side,
      cloud: 'aws' as const,
      id: String(byoc[`${side}VpcId`]),
      name: side,
      cidrs: [...(byoc[`${side}Cidrs`] ?? [])],
      ownerId,
    });
    const otherOwner: PlanContext = {
      networks: [known('byoc', '111111111111'), known('service', '999999999999')],
    };
    const foreignVpc = validate('emqx-byoc-aws', byoc, otherOwner);
    texts.push(
      issuesText('emqx-cloud reserved', emqxCloud),
      issuesText('emqx-byoc cross-region', crossRegion),
      issuesText('emqx-byoc other owner', foreignVpc),
    );
    assertNoSeed(texts);
    const routeWarning = emqxCloud.warnings.find((w) => w.field === 'customerRouteTableIds');
    assert.ok(routeWarning?.rule.includes(PROVIDER_DOCS.emqxCloud.title), routeWarning?.rule);
    const charges = crossRegion.warnings.find((w) => w.field === 'serviceRegion');
    assert.ok(charges?.rule.includes(PROVIDER_DOCS.emqxByoc.title), charges?.rule);
    const owner = foreignVpc.errors.find((e) => e.field === 'serviceVpcId');
    assert.ok(owner, `no owner error: ${JSON.stringify(foreignVpc.errors)}`);
    assert.ok(owner.rule.includes(PROVIDER_DOCS.emqxByoc.title), owner.rule);
  });

  it('the snippets, the webview and the manifest strings name no seed', () => {
    const snippets = filesUnder('snippets');
    const webview = filesUnder('webviews');
    assert.ok(snippets.length >= 2, `snippets: ${snippets.length} files`);
    assert.ok(webview.length >= 3, `webviews: ${webview.length} files`);
    assertNoSeed(
      readRepoFiles([
        ...snippets,
        ...webview,
        path.join(ROOT, 'package.nls.json'),
        path.join(ROOT, 'package.json'),
      ]),
    );
  });

  it('no file of src/ (comments included), scripts/, docs/, test/ or the README names a seed', () => {
    const files = [
      ...filesUnder('src'),
      ...filesUnder('scripts'),
      ...filesUnder('docs'),
      // This file spells the pattern's examples out.
      ...filesUnder('test').filter((f) => path.resolve(f) !== path.resolve(__filename)),
      path.join(ROOT, 'README.md'),
    ];
    assert.ok(files.length > 100, `only ${files.length} files found`);
    assertNoSeed(readRepoFiles(files));
  });

  it('no file of src/, scripts/, docs/ or the README points at a document outside the repository', () => {
    // The repository stands alone: text cites the providers' public docs, never the sibling folder
    // of shared documents or a design document that only exists next to it. The sibling's name is
    // built from parts so that scripts/check-paths.mjs, which flags the literal path, passes here.
    const sibling = ['..', 'shared'].join('/');
    const OUTSIDE = new RegExp(`${sibling.replace(/\./g, '\\.')}\\b|\\bDESIGN\\.md\\b`);
    assert.ok(OUTSIDE.test(`It starts from \`${sibling}/DESIGN.md\``));
    const hits = readRepoFiles([
      ...filesUnder('src'),
      ...filesUnder('scripts'),
      ...filesUnder('docs'),
      path.join(ROOT, 'README.md'),
    ]).flatMap(({ where, text }) =>
      text
        .split('\n')
        .map((line, i) => (OUTSIDE.test(line) ? `${where}:${i + 1}: ${line.trim()}` : ''))
        .filter(Boolean),
    );
    assert.deepEqual(hits, []);
  });
});
