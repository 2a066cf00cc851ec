/**
 * Every `az network …` call of every generated script (all scenarios, both
 * modes; argv recorded by the stub CLIs) checked against the option lists
 * azure-cli 2.45 registers, checked in as test/fixtures/azure-cli-network/
 * options.json so this runs on every machine. azNetworkCli.test.ts runs the
 * real parser where azure-cli is installed; here, where it is installed, the
 * extractor must also reproduce the checked-in file exactly.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AZ_NETWORK_SHIM,
  AZ_SCRIPT_ANSWERS,
  AZ_SCRIPT_ENV,
  callsOfEveryScript,
  SYSTEM_PATH,
} from './cliHarness';
import { everyPlan } from './terraformSchema';
import {
  AZ_NETWORK_OPTIONS_FILE,
  azCommandOf,
  azNetworkIssues,
  loadAzNetworkOptions,
} from './azNetworkOptions';

const ROOT = join(__dirname, '..', '..', '..');
const PYTHON = '/usr/bin/python3';
const AZ_MODULES = '/usr/lib/python3/dist-packages/azure/cli/command_modules/network';

describe("generated az network commands against azure-cli's own option lists", function () {
  this.timeout(600_000);
  const table = loadAzNetworkOptions();
  let dir: string;
  let calls: { argv: string[]; from: string[] }[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'az-network-options-'));
    calls = (await callsOfEveryScript(dir, 'az', AZ_SCRIPT_ANSWERS, AZ_SCRIPT_ENV)).filter(
      (c) => c.argv[0] === 'network',
    );
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('the table names its source and holds every command it was asked for', () => {
    assert.match(table.source.package, /azure-cli 2\.45\.0-1/);
    assert.equal(table.source.license, 'MIT');
    assert.deepEqual(table.missing, []);
    assert.ok(Object.keys(table.commands).length >= 10);
    assert.ok(table.commands['network vnet peering create'].options.includes('--remote-vnet'));
  });

  it('fails on an unknown option, a missing required option and an unknown command', () => {
    const create = calls.find((c) => azCommandOf(c.argv) === 'network vnet peering create');
    assert.ok(create, 'some script creates a VNet peering');
    assert.deepEqual(azNetworkIssues(create.argv, table), []);
    assert.deepEqual(azNetworkIssues([...create.argv, '--allow-forwarded-trafic'], table), [
      '"az network vnet peering create" has no option --allow-forwarded-trafic',
    ]);
    const at = create.argv.indexOf('--vnet-name');
    assert.deepEqual(
      azNetworkIssues([...create.argv.slice(0, at), ...create.argv.slice(at + 2)], table),
      ['"az network vnet peering create" requires --vnet-name'],
    );
    assert.deepEqual(
      azNetworkIssues(['network', 'vnet', 'peerings', ...create.argv.slice(3)], table),
      [`unknown command "az network vnet peerings create"`],
    );
    // A required option given by its short name counts.
    const named = create.argv.map((a) => (a === '--resource-group' ? '-g' : a));
    assert.deepEqual(azNetworkIssues(named, table), []);
  });

  it('every az network command of every scenario, in both modes, fits', () => {
    assert.ok(calls.length >= 5, `${calls.length} az network calls`);
    const failures = calls.flatMap((c) =>
      azNetworkIssues(c.argv, table).map((i) => `${i} (${c.from.join(', ')})`),
    );
    assert.deepEqual(failures, []);
    const commands = new Set(calls.map((c) => azCommandOf(c.argv)));
    const invocations = calls.reduce((n, c) => n + c.from.length, 0);
    console.log(
      `      ${calls.length} distinct az network calls (${invocations} across the scripts), ${commands.size} commands, checked against ${table.source.package}`,
    );
  });

  it('every az network command the plans print for rollback and teardown fits', () => {
    const printed = new Map<string, string[]>();
    for (const { name, plan } of everyPlan()) {
      const texts = [...plan.steps.map((s) => s.rollback), ...plan.teardown, ...plan.followUps];
      // Printed commands hold plain values (no spaces) or <placeholders>; a sentence ends them.
      for (const text of texts)
        for (const m of text.matchAll(/\baz (network(?: [^\s.:;,]+| <[^>]+>)+)/g)) {
          const from = printed.get(m[1]) ?? [];
          printed.set(m[1], [...from, name]);
        }
    }
    assert.ok(printed.size >= 2, `${printed.size} printed az network commands`);
    const failures = [...printed].flatMap(([command, from]) =>
      azNetworkIssues(command.split(' '), table).map((i) => `${i} (${from[0]})`),
    );
    assert.deepEqual(failures, []);
    console.log(`      ${printed.size} distinct printed az network commands checked`);
  });

  it('the checked-in table is what the extractor writes from the installed azure-cli', function () {
    if (!existsSync(PYTHON) || !existsSync(AZ_MODULES)) {
      console.log(
        `      skipped: ${AZ_MODULES} is missing on this machine (apt-get install azure-cli)`,
      );
      this.skip();
    }
    const config = join(dir, 'azure-config');
    const run = spawnSync(PYTHON, [join(ROOT, 'scripts', 'extract-az-network-options.py')], {
      cwd: ROOT,
      env: {
        PATH: SYSTEM_PATH,
        HOME: dir,
        AZURE_CONFIG_DIR: config,
        PYTHONPATH: AZ_NETWORK_SHIM,
        AZURE_CORE_COLLECT_TELEMETRY: 'false',
        PYTHONDONTWRITEBYTECODE: '1',
      },
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, readFileSync(AZ_NETWORK_OPTIONS_FILE, 'utf8'));
  });
});
