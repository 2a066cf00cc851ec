/**
 * What leaves the runner: the journal and the progress events carry error
 * texts masked as the log masks them, and the journal and the folders it
 * creates are private (0600, 0700). No sandbox: every provider call fails with
 * a text that holds secrets.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSecret, registerSecret } from '../../../src/model/redact';
import type { Account } from '../../../src/model/types';
import { buildPlan, Runner, type RunnerEvent } from '../../../src/plans';
import type { CloudProvider } from '../../../src/providers/provider';
import { modeContext, SAMPLE_INPUTS } from '../plans/samples';

describe('runner: what leaves it is masked and private', () => {
  let dir: string;
  const registered = 'Xk3-registered-secret-Q9';
  const bearer = 'eyJhbGciOiJIUzI1NiJ9.payload.signature';
  const password = 'hunter2-Sup3r';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
    registerSecret(registered);
  });
  after(() => {
    forgetSecret(registered);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('masks secrets in the journal, the events and the result; the journal is 0600 in 0700 folders', async () => {
    const failing = new Proxy({} as CloudProvider, {
      get: (_target, name) =>
        name === 'then'
          ? undefined
          : () =>
              Promise.reject(
                new Error(
                  `AccessDenied for ${registered}: Authorization: Bearer ${bearer} (password=${password})`,
                ),
              ),
    });
    const accounts: Account[] = [
      { id: 'sandbox:aws:app', cloud: 'aws', label: 'app', ref: 'app', regions: ['us-east-1'] },
    ];
    const plan = buildPlan(
      'aws-same-account',
      SAMPLE_INPUTS['aws-same-account'] ?? {},
      modeContext('aws-same-account', 'api'),
    );
    const journalPath = join(dir, 'runs', 'run-1', 'journal.json');
    const events: RunnerEvent[] = [];
    const result = await new Runner({
      loadProvider: () => Promise.resolve(failing),
      accounts,
      journalPath,
      onEvent: (e) => events.push(e),
      maxAttempts: 1,
      pollIntervalMs: 10,
    }).run(plan);
    assert.equal(result.status, 'failed');

    const journal = readFileSync(journalPath, 'utf8');
    const texts = {
      journal,
      events: JSON.stringify(events),
      result: JSON.stringify(result),
    };
    for (const [where, text] of Object.entries(texts)) {
      assert.match(text, /AccessDenied/, `${where} keeps the error`);
      for (const secret of [registered, bearer, password])
        assert.ok(!text.includes(secret), `${where} must not hold ${secret}: ${text}`);
      assert.match(text, /\*\*\*\*/, `${where} shows where it masked`);
    }
    assert.ok(events.some((e) => e.type === 'step-failed'));

    assert.equal(statSync(journalPath).mode & 0o777, 0o600, 'the journal is 0600');
    for (const folder of [join(dir, 'runs'), join(dir, 'runs', 'run-1')])
      assert.equal(statSync(folder).mode & 0o777, 0o700, `${folder} is 0700`);
  });
});
