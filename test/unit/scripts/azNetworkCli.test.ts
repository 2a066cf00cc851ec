/**
 * Every `az network …` command of every generated script, parsed by the real
 * azure-cli. Debian's azure-cli 2.45 cannot load `az network` on its own (its
 * network SDK lacks the API version the CLI asks for); the shim in
 * scripts/az-network-shim points the CLI at the version Debian ships, so the
 * network module's own argument definitions (AAZ schemas and _params.py) and
 * the real parser judge each call. As in azCli.test.ts: an argument error or
 * an unknown command is a failure; "Please run 'az login'" means it parsed.
 * Controls first show that the check fails on an unknown option, a missing
 * required option and an unknown command.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AZ,
  AZ_NETWORK_SHIM,
  AZ_SCRIPT_ANSWERS,
  AZ_SCRIPT_ENV,
  azParseFailures,
  callsOfEveryScript,
  skipWithoutTool,
} from './cliHarness';

const SHIM = { PYTHONPATH: AZ_NETWORK_SHIM };

describe('generated az network commands parsed by the real azure-cli', function () {
  this.timeout(900_000);
  let dir: string;
  let calls: { argv: string[]; from: string[] }[] = [];
  before(async function () {
    skipWithoutTool(this, AZ, 'apt-get install azure-cli');
    dir = mkdtempSync(join(tmpdir(), 'az-network-scripts-'));
    calls = (await callsOfEveryScript(dir, 'az', AZ_SCRIPT_ANSWERS, AZ_SCRIPT_ENV)).filter(
      (c) => c.argv[0] === 'network',
    );
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  function peeringCreate(): { argv: string[]; from: string[] } {
    const call = calls.find((c) => c.argv.slice(0, 4).join(' ') === 'network vnet peering create');
    assert.ok(call, 'some script creates a VNet peering');
    return call;
  }

  it('refuses an unknown option, a missing required option and an unknown command', async () => {
    const create = peeringCreate();
    const without = (argv: string[], flag: string) => {
      const at = argv.indexOf(flag);
      assert.ok(at > 0, `${flag} in ${argv.join(' ')}`);
      return [...argv.slice(0, at), ...argv.slice(at + 2)];
    };
    const broken = [
      { argv: [...create.argv, '--allow-forwarded-trafic'], from: ['unknown option'] },
      { argv: without(create.argv, '--vnet-name'), from: ['missing --vnet-name'] },
      {
        argv: ['network', 'vnet', 'peerings', ...create.argv.slice(3)],
        from: ['unknown command'],
      },
    ];
    const failures = await azParseFailures(dir, broken, SHIM);
    assert.equal(failures.length, broken.length, failures.join('\n'));
    assert.match(failures[0], /unrecognized arguments: --allow-forwarded-trafic/);
    assert.match(failures[1], /the following arguments are required: --vnet-name/);
    assert.match(failures[2], /misspelled or not recognized|invalid choice/);
    // The same call as generated parses, so the controls fail for their one change.
    assert.deepEqual(await azParseFailures(dir, [create], SHIM), []);
  });

  it('every az network command of every scenario, in both modes, parses', async () => {
    assert.ok(calls.length >= 5, `${calls.length} az network calls`);
    assert.deepEqual(await azParseFailures(dir, calls, SHIM), [], 'az network argument errors');
    const commands = new Set(
      calls.map((c) =>
        c.argv
          .slice(
            0,
            c.argv.findIndex((a) => a.startsWith('-')),
          )
          .join(' '),
      ),
    );
    const invocations = calls.reduce((n, c) => n + c.from.length, 0);
    console.log(
      `      ${calls.length} distinct az network calls (${invocations} across the scripts) parsed by ${AZ}`,
    );
    console.log(`      commands: ${[...commands].sort().join('; ')}`);
  });
});
