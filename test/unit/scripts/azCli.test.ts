/**
 * Every `az` command of every generated script, except `az network` (which
 * Debian's azure-cli 2.45 cannot load), parsed by the real CLI with a private,
 * empty AZURE_CONFIG_DIR: an argument error is a failure; "Please run 'az
 * login'" (or, for `az login` itself, the sign-in endpoint being unreachable
 * offline) means the arguments parsed. The argv are exactly what bash builds,
 * recorded by the stub CLIs while each script runs to its end.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsOfEveryScript, runProgram, skipWithoutTool } from './cliHarness';

const AZ = '/usr/bin/az';

/** What az prints when its parser refuses the arguments. */
const ARGUMENT_ERROR =
  /unrecognized arguments|the following arguments are required|expected one argument|is misspelled or not recognized|invalid choice|argument -{1,2}[\w-]+:/i;
/** What az prints once the arguments parsed and it needs a sign-in (or the network, offline). */
const PARSED =
  /Please run 'az login'|HTTPSConnectionPool|login\.microsoftonline\.com|Failed to establish a new connection|Name or service not known/;

describe('generated az commands parsed by the real azure-cli', function () {
  this.timeout(600_000);
  let dir: string;
  before(function () {
    skipWithoutTool(this, AZ, 'apt-get install azure-cli');
    dir = mkdtempSync(join(tmpdir(), 'az-cli-scripts-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('every non-network az command of every scenario, in both modes, parses', async () => {
    const calls = await callsOfEveryScript(
      dir,
      'az',
      [
        // The scripts' waits read these states; everything else answers empty.
        { program: 'az', when: ['peering', 'show'], output: 'Connected\n' },
        { program: 'az', when: ['show'], output: 'sandbox-value\n' },
        // Lists find nothing (so every create runs); creates print an id, a reset a secret.
        { program: 'az', when: ['create'], output: '0f0f0f0f-0000-4000-8000-0000000000aa\n' },
        { program: 'az', when: ['reset'], output: 'Sandbox.Secret~1\n' },
        { program: 'curl', when: [], output: '{"status":"active","connection_id":"conn-1"}' },
      ],
      { DFCLOUD_API_KEY: 'sandbox-key', WAIT_TIMEOUT_SECONDS: '2' },
    );
    const checked = calls.filter((c) => c.argv[0] !== 'network');
    assert.ok(checked.length >= 10, `${checked.length} non-network az calls`);
    const config = join(dir, 'azure-config');
    mkdirSync(config, { recursive: true });
    const failures: string[] = [];
    for (const call of checked) {
      const run = await runProgram(
        AZ,
        call.argv,
        dir,
        {
          AZURE_CONFIG_DIR: config,
          AZURE_CORE_COLLECT_TELEMETRY: 'false',
          AZURE_CORE_NO_COLOR: 'true',
        },
        // A value of "@-" is read from standard input, as the script pipes the secret there.
        {
          timeoutMs: 90_000,
          input: call.argv.some((a) => a.endsWith('@-')) ? 'Sandbox.Secret~1' : undefined,
        },
      );
      const line = `az ${call.argv.join(' ').slice(0, 200)} (${call.from.join(', ')})`;
      if (ARGUMENT_ERROR.test(run.out)) failures.push(`${line}:\n${run.out.slice(0, 600)}`);
      else if (run.code !== 0 && !PARSED.test(run.out))
        failures.push(
          `${line}: exit ${run.code} without a sign-in message:\n${run.out.slice(0, 600)}`,
        );
    }
    assert.deepEqual(failures, [], 'az argument errors');
    console.log(`      ${checked.length} distinct non-network az calls parsed by ${AZ}`);
  });
});
