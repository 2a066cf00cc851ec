/**
 * GCP plan options that every form of a plan must agree on (runner action, bash, Terraform,
 * console values): custom route import/export (default off), the EMQX BYOC firewall, and a
 * firewall that allows every CIDR of the other side. Then the runner carries them to the
 * sandbox's GCP through the real adapter, and the sandbox returns them.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  buildPlan,
  listScenarios,
  Runner,
  type Plan,
  type PlanInputs,
  type ScenarioId,
} from '../../../src/plans';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';
import { modeContext, SAMPLE_INPUTS } from './samples';
import { useSandbox } from './sandboxSession';

const ROUTES_DOC = 'https://cloud.google.com/vpc/docs/vpc-peering#importing-exporting-routes';

function plan(id: ScenarioId, extra: PlanInputs = {}, mode: 'api' | 'manual' = 'api'): Plan {
  return buildPlan(id, { ...(SAMPLE_INPUTS[id] ?? {}), ...extra }, modeContext(id, mode));
}

function step(p: Plan, id: string) {
  const s = p.steps.find((x) => x.id === id);
  assert.ok(s, `step ${id} in ${p.steps.map((x) => x.id).join(', ')}`);
  return s;
}

/** What each form of a peering step says about custom routes: [export, import]. */
function exchangeForms(p: Plan, stepId: string) {
  const s = step(p, stepId);
  const args = (s.action?.args[0] ?? {}) as Record<string, unknown>;
  return {
    runner: [args.exportCustomRoutes === true, args.importCustomRoutes === true],
    bash: [
      s.script.bash.includes('--export-custom-routes'),
      s.script.bash.includes('--import-custom-routes'),
    ],
    terraform: [
      /export_custom_routes\s*=\s*true/.test(s.script.terraform),
      /import_custom_routes\s*=\s*true/.test(s.script.terraform),
    ],
  };
}

function sameEverywhere(forms: ReturnType<typeof exchangeForms>, expected: [boolean, boolean]) {
  assert.deepEqual(forms, { runner: expected, bash: expected, terraform: expected });
}

describe('GCP plan options', () => {
  describe('custom route import/export', () => {
    for (const id of ['gcp-same-project', 'gcp-cross-project', 'emqx-byoc-gcp'] as const) {
      it(`${id}: two labelled yes/no inputs, default no, explained with Google's guide`, () => {
        const specs = listScenarios().find((s) => s.id === id)?.inputs ?? [];
        for (const name of ['exportCustomRoutes', 'importCustomRoutes']) {
          const spec = specs.find((s) => s.name === name);
          assert.ok(spec, `${id} offers ${name}`);
          assert.equal(spec.kind, 'yesNo');
          assert.equal(spec.default, 'no');
          assert.equal(spec.required, false);
          assert.match(spec.label, /custom routes/);
          assert.ok(spec.help.includes(ROUTES_DOC), spec.help);
        }
      });
    }

    it('off by default: no flag in any form of either half', () => {
      for (const id of ['gcp-same-project', 'gcp-cross-project'] as const) {
        const p = plan(id);
        sameEverywhere(exchangeForms(p, 'local-peering'), [false, false]);
        sameEverywhere(exchangeForms(p, 'peer-peering'), [false, false]);
      }
    });

    it('GCP ↔ GCP: export from your network sets export on your half and import on the other', () => {
      const p = plan('gcp-cross-project', { exportCustomRoutes: 'yes' });
      sameEverywhere(exchangeForms(p, 'local-peering'), [true, false]);
      sameEverywhere(exchangeForms(p, 'peer-peering'), [false, true]);
      assert.ok(step(p, 'local-peering').reason.includes(ROUTES_DOC));
      const both = plan('gcp-same-project', {
        exportCustomRoutes: 'yes',
        importCustomRoutes: 'yes',
      });
      sameEverywhere(exchangeForms(both, 'local-peering'), [true, true]);
      sameEverywhere(exchangeForms(both, 'peer-peering'), [true, true]);
    });

    it('EMQX BYOC ↔ GCP: the service network exports, the BYOC half imports', () => {
      const p = plan('emqx-byoc-gcp', { exportCustomRoutes: 'yes' });
      sameEverywhere(exchangeForms(p, 'service-peering'), [true, false]);
      sameEverywhere(exchangeForms(p, 'byoc-peering'), [false, true]);
      const back = plan('emqx-byoc-gcp', { importCustomRoutes: 'yes' });
      sameEverywhere(exchangeForms(back, 'service-peering'), [false, true]);
      sameEverywhere(exchangeForms(back, 'byoc-peering'), [true, false]);
    });

    it('console steps list the checkboxes to tick', () => {
      const p = plan('gcp-cross-project', { exportCustomRoutes: 'yes' }, 'manual');
      const labels = (id: string) => (step(p, id).values ?? []).map((v) => `${v.label}=${v.value}`);
      assert.ok(labels('local-peering').includes('Export custom routes=Yes'));
      assert.ok(!labels('local-peering').some((l) => l.startsWith('Import custom routes')));
      assert.ok(labels('peer-peering').includes('Import custom routes=Yes'));
    });

    it('a value other than yes or no is refused, naming the field by its label', () => {
      assert.throws(
        () => plan('gcp-cross-project', { exportCustomRoutes: 'maybe' }),
        (e: Error & { errors?: { message: string }[] }) =>
          (e.errors ?? []).some((x) =>
            /Export custom routes from your network .*"yes" or "no"/.test(x.message),
          ),
      );
    });
  });

  describe('EMQX BYOC ↔ GCP firewall', () => {
    it('allows All TCP from the other network on each network, in runner, bash and Terraform', () => {
      const p = plan('emqx-byoc-gcp');
      const byoc = SAMPLE_INPUTS['emqx-byoc-gcp']?.byocCidrs;
      const service = SAMPLE_INPUTS['emqx-byoc-gcp']?.serviceCidrs;
      for (const [id, network, from, fromVar] of [
        ['byoc-firewall', 'legacy-net', service, 'SERVICE_CIDRS'],
        ['service-firewall', 'peer-net', byoc, 'BYOC_CIDRS'],
      ] as const) {
        const s = step(p, id);
        assert.equal(s.kind, 'api');
        const args = s.action?.args[0] as Record<string, unknown>;
        assert.equal(s.action?.method, 'insertFirewall');
        assert.equal(args.network, network);
        assert.deepEqual(args.sourceRanges, from);
        assert.deepEqual(args.allowed, [{ IPProtocol: 'tcp' }]);
        assert.match(s.script.bash, /gcloud compute firewall-rules create/);
        assert.ok(s.script.bash.includes(`--source-ranges "\${${fromVar}[0]}"`), s.script.bash);
        assert.match(s.script.terraform, /resource "google_compute_firewall"/);
        assert.match(s.script.terraform, /protocol = "tcp"/);
        assert.ok(
          s.reason.includes('https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering'),
        );
        assert.ok(!/seed/i.test(s.reason), s.reason);
      }
      assert.equal(p.variables.find((v) => v.name === 'FIREWALL_RULES')?.value, 'tcp');
    });
  });

  describe('a firewall allows every CIDR of the other side', () => {
    const two = ['10.102.0.0/20', '10.103.0.0/24'];
    for (const [id, extra, stepId, variable] of [
      ['gcp-cross-project', { peerCidrs: two }, 'local-firewall', 'PEER_CIDRS'],
      ['emqx-byoc-gcp', { serviceCidrs: two }, 'byoc-firewall', 'SERVICE_CIDRS'],
    ] as const) {
      it(`${id}: runner, bash and Terraform all carry both CIDRs`, () => {
        const p = plan(id, extra);
        const s = step(p, stepId);
        assert.deepEqual((s.action?.args[0] as { sourceRanges: string[] }).sourceRanges, two);
        assert.ok(
          s.script.bash.includes(`--source-ranges "\${${variable}[0]}"','"\${${variable}[1]}"`),
          s.script.bash,
        );
        assert.match(
          s.script.terraform,
          new RegExp(`source_ranges = var\\.${variable.toLowerCase()}\\n`),
        );
        assert.deepEqual(p.variables.find((v) => v.name === variable)?.value, two);
        const manual = plan(id, extra, 'manual');
        assert.ok(
          (step(manual, stepId).values ?? []).some(
            (v) => v.label === 'Source IPv4 ranges' && v.value === two.join(', '),
          ),
        );
      });
    }
  });

  describe('through the runner on the sandbox', function () {
    this.timeout(120_000);
    const fixture = useSandbox({ operationDelayMs: 20, tmpPrefix: 'gcp-options-' });

    it('custom route flags and both CIDRs reach GCP, which returns them', async () => {
      const id = 'gcp-cross-project';
      const p = buildPlan(
        id,
        { ...SAMPLE_INPUTS[id], peerCidrs: two(), exportCustomRoutes: 'yes' },
        fixture.context(id),
      );
      const result = await new Runner({
        loadProvider: fixture.session.loadProvider,
        accounts: fixture.session.accounts,
        journalPath: join(fixture.dir, 'journal.json'),
        pollIntervalMs: 20,
      }).run(p);
      assert.equal(result.status, 'succeeded', result.error);
      const gcp = await fixture.provider('gcp');
      const account = (aid: string) => {
        const a = fixture.session.accounts.find((x) => x.id === aid);
        assert.ok(a, aid);
        return { account: a };
      };
      const flags = async (aid: string, name: string) => {
        const peering = (await gcp.listPeerings(account(aid))).find((x) => x.name === name);
        assert.equal(peering?.rawState, 'ACTIVE');
        return [peering?.options?.exportCustomRoutes, peering?.options?.importCustomRoutes];
      };
      assert.deepEqual(await flags(`sandbox:gcp:${GCP.project}`, 'svc-to-peer'), [true, false]);
      assert.deepEqual(await flags(`sandbox:gcp:${GCP.peerProject}`, 'peer-to-svc'), [false, true]);
      const rule = (await gcp.listFirewalls(account(`sandbox:gcp:${GCP.project}`))).find(
        (r) => r.name === 'svc-net-from-peer-net',
      );
      assert.deepEqual(rule?.ingress[0].sources, two());
    });

    function two() {
      return ['10.102.0.0/20', '10.103.0.0/24'];
    }
  });
});
