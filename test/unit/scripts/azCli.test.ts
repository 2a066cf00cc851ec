/**
 * Every `az` command of every generated script, except `az network` (checked
 * in azNetworkCli.test.ts), parsed by the real CLI with a private, empty
 * AZURE_CONFIG_DIR: an argument error is a failure; "Please run 'az login'"
 * (or, for `az login` itself, the sign-in endpoint being unreachable offline)
 * means the arguments parsed. The argv are exactly what bash builds, recorded
 * by the stub CLIs while each script runs to its end.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AZ,
  AZ_SCRIPT_ANSWERS,
  AZ_SCRIPT_ENV,
  azParseFailures,
  callsOfEveryScript,
  skipWithoutTool,
} from './cliHarness';

describe('generated az commands parsed by the real azure-cli', function () {
  this.timeout(600_000);
  let dir: string;
  before(function () {
    skipWithoutTool(this, AZ, 'apt-get install azure-cli');
    dir = mkdtempSync(join(tmpdir(), 'az-cli-scripts-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('every non-network az command of every scenario, in both modes, parses', async () => {
    const calls = await callsOfEveryScript(dir, 'az', AZ_SCRIPT_ANSWERS, AZ_SCRIPT_ENV);
    const checked = calls.filter((c) => c.argv[0] !== 'network');
    assert.ok(checked.length >= 10, `${checked.length} non-network az calls`);
    assert.deepEqual(await azParseFailures(dir, checked), [], 'az argument errors');
    console.log(`      ${checked.length} distinct non-network az calls parsed by ${AZ}`);
  });
});
