/**
 * The runner's waits stop where the lifecycle tables (src/model/states.ts) say waiting cannot
 * help, as the generated scripts' `wait_for_state` does: a Dragonfly Cloud connection deleted
 * while the plan waits for it to be Active, an Aiven connection whose UpCloud network was deleted
 * (DELETED_BY_PEER) or that was deleted (DELETING, DELETED), an Azure peering whose remote half was deleted (Disconnected).
 *
 * Each wait runs through the real adapters against the sandbox. A wait that keeps polling instead
 * is cancelled after a few polls (counted, not timed), so it shows as `cancelled`, not `failed`.
 */
import * as assert from 'node:assert/strict';
import type { CloudKind } from '../../../src/model/types';
import { buildPlan, Runner, type Plan, type PlanStep, type RunResult } from '../../../src/plans';
import type { StepCheck } from '../../../src/model/plan';
import { providerFor } from '../../../src/providers/loader';
import { startSandbox } from '../../../src/sandbox/server';
import { AIVEN, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { SAMPLE_INPUTS } from '../plans/samples';
import { sandboxSession, useSandbox, type SandboxSession } from '../plans/sandboxSession';

/** Polls a wait may make before the test calls it "still polling" and cancels it. */
const POLLS = 3;

describe('runner waits stop on the failed and gone states of the lifecycle tables', function () {
  this.timeout(120_000);
  const fixture = useSandbox({
    operationDelayMs: 0,
    tmpPrefix: 'lifecycle-test-',
    resetEachTest: true,
  });
  beforeEach(() => {
    fixture.sandbox.admin.setFaults([]);
  });

  const account = fixture.account;

  /** Runs (or resumes) `plan`; cancels it once a wait has polled POLLS times without an end. */
  async function runUntilStuck(
    plan: Plan,
    journalPath: string,
    on: SandboxSession = fixture.session,
  ): Promise<RunResult> {
    const controller = new AbortController();
    let polls = 0;
    return new Runner({
      loadProvider: on.loadProvider,
      accounts: on.accounts,
      journalPath,
      pollIntervalMs: 20,
      maxAttempts: 1,
      onEvent: (e) => {
        if (e.type === 'step-waiting' && ++polls >= POLLS) controller.abort();
      },
    }).run(plan, { signal: controller.signal });
  }

  /** A plan of one wait step on one configured account. */
  function waitPlan(cloud: CloudKind, accountId: string, check: StepCheck): Plan {
    const step: PlanStep = {
      id: 'wait',
      side: 'side',
      title: `Wait (${check.kind})`,
      reason: 'test',
      kind: 'wait',
      check,
      rollback: '',
      timeoutMs: 10 * 60_000,
      scripts: { bash: [], terraform: [] },
      script: { bash: '', terraform: '' },
    };
    return {
      scenarioId: 'aws-cross-account',
      title: 'one wait',
      summary: '',
      source: '',
      sides: [{ id: 'side', label: cloud, cloud, accountId, manual: false }],
      variables: [],
      terraformProviders: [],
      steps: [step],
      carryValues: [],
      warnings: [],
      followUps: [],
      teardown: [],
    };
  }

  it('Dragonfly: the wait for Active stops once the connection is deleted, as the script does', async () => {
    const plan = buildPlan(
      'dragonfly-aws',
      SAMPLE_INPUTS['dragonfly-aws'] ?? {},
      fixture.context('dragonfly-aws'),
    );
    const journal = fixture.journalPath();
    // Stop the first run at the last wait (every Dragonfly call fails there), with the
    // connection made and recorded in the journal.
    const first = await new Runner({
      loadProvider: fixture.session.loadProvider,
      accounts: fixture.session.accounts,
      journalPath: journal,
      pollIntervalMs: 20,
      maxAttempts: 1,
      onEvent: (e) => {
        if (e.type === 'step-started' && e.stepId === 'dragonfly-active')
          fixture.sandbox.admin.setFaults([{ cloud: 'dragonfly', errorRate: 1 }]);
      },
    }).run(plan);
    assert.equal(first.status, 'failed');
    assert.equal(first.failedStep, 'dragonfly-active');
    fixture.sandbox.admin.setFaults([]);
    const connectionId = first.outputs.connectionId;
    assert.ok(connectionId, 'the connection step recorded its id');

    const df = await fixture.provider('dragonfly');
    const place = { account: account('sandbox:dragonfly') };
    await df.deleteConnection(place, connectionId);
    const seen = await df.getPeering(place, connectionId);
    assert.match(seen?.rawState ?? 'absent', /^(deleting|deleted)$/);

    const resumed = await runUntilStuck(plan, journal);
    assert.equal(resumed.status, 'failed', `the wait stops (${resumed.status}: ${resumed.error})`);
    assert.equal(resumed.failedStep, 'dragonfly-active');
    assert.match(resumed.error ?? '', new RegExp(`${connectionId} is (deleting|deleted)`));
  });

  it('Aiven: a connection whose UpCloud network was deleted (DELETED_BY_PEER) stops the wait', async () => {
    const response = await fetch(
      `${fixture.sandbox.endpoints.upcloud}/1.3/network/${UPCLOUD.networks.app.uuid}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${UPCLOUD.token}` } },
    );
    assert.equal(response.status, 204);
    const aiven = await fixture.provider('aiven');
    const [connection] = (await aiven.listPeerings({ account: account('sandbox:aiven') })).filter(
      (p) => p.peer.networkId === UPCLOUD.networks.app.uuid,
    );
    assert.equal(connection?.rawState, 'DELETED_BY_PEER');

    const result = await runUntilStuck(
      waitPlan('aiven', 'sandbox:aiven', {
        kind: 'aivenConnection',
        vpcId: AIVEN.vpc.projectVpcId,
        peerCloudAccount: 'upcloud',
        peerVpc: UPCLOUD.networks.app.uuid,
        states: ['ACTIVE'],
      }),
      fixture.journalPath(),
    );
    assert.equal(result.status, 'failed', `the wait stops (${result.status}: ${result.error})`);
    assert.match(result.error ?? '', /DELETED_BY_PEER/);
  });

  it('Aiven: a connection deleted while the plan waits for it (DELETING) stops the wait, as the script does', async () => {
    // A sandbox whose operations take ten minutes, so that the deleted connection stays listed
    // as DELETING while the wait reads it (with no delay it is gone from the list at once).
    const slow = await startSandbox({ world: 'demo', operationDelayMs: 10 * 60_000 });
    const slowSession = sandboxSession(slow);
    try {
      const aiven = providerFor('aiven', await slowSession.loadProvider('aiven'));
      const aivenAccount = slowSession.accounts.find((a) => a.id === 'sandbox:aiven');
      assert.ok(aivenAccount);
      const place = { account: aivenAccount };
      await aiven.deletePeeringConnection(place, AIVEN.vpc.projectVpcId, {
        peerCloudAccount: 'upcloud',
        peerVpc: UPCLOUD.networks.app.uuid,
      });
      const [connection] = (await aiven.listPeerings(place)).filter(
        (p) => p.peer.networkId === UPCLOUD.networks.app.uuid,
      );
      assert.equal(connection?.rawState, 'DELETING');

      const result = await runUntilStuck(
        waitPlan('aiven', 'sandbox:aiven', {
          kind: 'aivenConnection',
          vpcId: AIVEN.vpc.projectVpcId,
          peerCloudAccount: 'upcloud',
          peerVpc: UPCLOUD.networks.app.uuid,
          states: ['PENDING_PEER', 'ACTIVE'],
        }),
        fixture.journalPath(),
        slowSession,
      );
      assert.equal(result.status, 'failed', `the wait stops (${result.status}: ${result.error})`);
      assert.match(result.error ?? '', /is DELETING\./);
    } finally {
      slowSession.dispose();
      await slow.stop();
    }
  });

  it('Azure: a peering whose remote half was deleted (Disconnected) stops the wait, as the script does', async () => {
    const azure = await fixture.provider('azure');
    const place = { account: account('sandbox:azure:app') };
    await azure.deletePeering(place, {
      resourceGroup: 'rg-app',
      vnetName: 'vnet-hub',
      name: 'hub-to-app',
    });
    const ours = (await azure.listPeerings(place)).find((p) => p.name === 'app-to-hub');
    assert.equal(ours?.rawState, 'Disconnected');

    const result = await runUntilStuck(
      waitPlan('azure', 'sandbox:azure:app', {
        kind: 'azurePeering',
        resourceGroup: 'rg-app',
        vnetName: 'vnet-app',
        name: 'app-to-hub',
        states: ['Connected'],
      }),
      fixture.journalPath(),
    );
    assert.equal(result.status, 'failed', `the wait stops (${result.status}: ${result.error})`);
    assert.match(result.error ?? '', /app-to-hub on vnet-app is Disconnected/);
  });
});
