/**
 * The runner against the sandbox, through the real adapters: a full run,
 * re-runs that create nothing twice, a fault injected at every step and a
 * crash right after every call, each resumed from the journal; cancellation,
 * throttling, manual steps, and the Dragonfly Cloud preset through its API.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { CloudKind } from '../../../src/model/types';
import { buildPlan, Runner, type Plan, type RunnerEvent } from '../../../src/plans';
import type { CloudProvider, Place } from '../../../src/providers/provider';
import { AWS_VPCS, DRAGONFLY } from '../../../src/sandbox/worlds/demoTopology';
import { SAMPLE_INPUTS } from '../plans/samples';
import { useSandbox } from '../plans/sandboxSession';

/** The sandbox operation behind each kind of step, for fault injection. */
const OPERATION: Record<string, string> = {
  'request-peering': 'CreateVpcPeeringConnection',
  'accept-peering': 'AcceptVpcPeeringConnection',
  route: 'CreateRoute',
  ingress: 'AuthorizeSecurityGroupIngress',
  wait: 'DescribeVpcPeeringConnections',
};

const APP_CIDRS: string[] = [...AWS_VPCS.app.cidrs, AWS_VPCS.app.ipv6];

function operationOf(stepId: string): string {
  if (stepId.startsWith('wait')) return OPERATION.wait;
  if (stepId.includes('-route-')) return OPERATION.route;
  if (stepId.includes('-ingress-')) return OPERATION.ingress;
  return OPERATION[stepId];
}

describe('runner against the sandbox', function () {
  this.timeout(180_000);
  const fixture = useSandbox({
    operationDelayMs: 60,
    tmpPrefix: 'runner-test-',
    resetEachTest: true,
  });
  beforeEach(() => {
    fixture.sandbox.admin.setFaults([]);
  });

  const account = fixture.account;
  const aws = async () => await fixture.provider('aws');
  const place = (id: string, region = 'us-east-1'): Place => ({ account: account(id), region });
  const newJournal = () => fixture.journalPath();

  function runner(
    journalPath: string,
    events: RunnerEvent[] = [],
    extra: Partial<ConstructorParameters<typeof Runner>[0]> = {},
  ): Runner {
    return new Runner({
      loadProvider: fixture.session.loadProvider,
      accounts: fixture.session.accounts,
      journalPath,
      onEvent: (e) => events.push(e),
      pollIntervalMs: 40,
      maxAttempts: 1,
      ...extra,
    });
  }

  function crossAccountPlan(): Plan {
    return buildPlan(
      'aws-cross-account',
      SAMPLE_INPUTS['aws-cross-account'] ?? {},
      fixture.context('aws-cross-account'),
    );
  }

  /** What exists between app and the EMQX VPC: peerings, routes and rules, counted. */
  async function crossAccountState() {
    const provider = await aws();
    const peerings = (await provider.listPeerings(place('sandbox:aws:app'))).filter(
      (p) =>
        [p.local.networkId, p.peer.networkId].includes(AWS_VPCS.emqx.id) &&
        !['deleted', 'rejected', 'failed'].includes(p.rawState),
    );
    const [appTable] = await provider.listRouteTables(place('sandbox:aws:app'), AWS_VPCS.app.id);
    const [emqxTable] = await provider.listRouteTables(place('sandbox:aws:emqx'), AWS_VPCS.emqx.id);
    const [appGroup] = await provider.listFirewalls(place('sandbox:aws:app'), AWS_VPCS.app.id);
    const [emqxGroup] = await provider.listFirewalls(place('sandbox:aws:emqx'), AWS_VPCS.emqx.id);
    const pcx = peerings[0]?.id;
    return {
      peerings,
      appRoutes: appTable.routes.filter((r) => r.target === pcx).map((r) => r.destination),
      emqxRoutes: emqxTable.routes.filter((r) => r.target === pcx).map((r) => r.destination),
      appRules: appGroup.ingress.filter((r) => r.sources.includes(AWS_VPCS.emqx.cidrs[0])).length,
      emqxRules: emqxGroup.ingress
        .filter((r) => r.sources.some((s) => APP_CIDRS.includes(s)))
        .flatMap((r) => r.sources)
        .filter((s) => !s.startsWith('sg-')),
    };
  }

  async function assertCrossAccountDone(): Promise<void> {
    const state = await crossAccountState();
    assert.equal(state.peerings.length, 1, 'exactly one peering');
    assert.equal(state.peerings[0].rawState, 'active');
    assert.deepEqual(state.appRoutes, [AWS_VPCS.emqx.cidrs[0]]);
    assert.deepEqual(state.emqxRoutes.sort(), [...AWS_VPCS.app.cidrs, AWS_VPCS.app.ipv6].sort());
    assert.equal(state.appRules, 1);
    assert.deepEqual(state.emqxRules.sort(), [...AWS_VPCS.app.cidrs, AWS_VPCS.app.ipv6].sort());
  }

  it('runs a cross-account plan to an active peering with routes and rules, with progress events', async () => {
    const events: RunnerEvent[] = [];
    const plan = crossAccountPlan();
    const result = await runner(newJournal(), events).run(plan);
    assert.equal(result.status, 'succeeded', result.error);
    await assertCrossAccountDone();
    const succeeded = events.filter((e) => e.type === 'step-succeeded').map((e) => e.stepId);
    assert.deepEqual(
      succeeded,
      plan.steps.map((s) => s.id),
    );
    for (const e of events)
      if (e.type === 'step-succeeded') assert.ok(e.elapsedMs >= 0 && Number.isFinite(e.elapsedMs));
    assert.ok(
      events.some((e) => e.type === 'step-waiting'),
      'waits report progress',
    );
    assert.match(result.outputs.peeringId, /^pcx-[0-9a-f]{17}$/);
  });

  it('a second run, even without the journal, finds every effect and creates nothing', async () => {
    const plan = crossAccountPlan();
    assert.equal((await runner(newJournal()).run(plan)).status, 'succeeded');
    fixture.sandbox.admin.resetCounters();
    const events: RunnerEvent[] = [];
    const again = await runner(newJournal(), events).run(plan);
    assert.equal(again.status, 'succeeded', again.error);
    const skipped = events.filter((e) => e.type === 'step-skipped' && e.why === 'exists').length;
    const apiSteps = plan.steps.filter((s) => s.kind === 'api').length;
    assert.equal(skipped, apiSteps, 'every api step found its effect');
    const counters = fixture.sandbox.admin.counters();
    for (const op of [
      'CreateVpcPeeringConnection',
      'AcceptVpcPeeringConnection',
      'CreateRoute',
      'AuthorizeSecurityGroupIngress',
    ])
      assert.equal(counters[`aws.${op}`] ?? 0, 0, `${op} not called again`);
    await assertCrossAccountDone();
  });

  it('a fault at every step stops the run there; the next run resumes from that step without duplicates', async () => {
    const plan = crossAccountPlan();
    for (const [index, step] of plan.steps.entries()) {
      fixture.sandbox.admin.reset('demo');
      const journal = newJournal();
      const faulted = await runner(journal, [], {
        onEvent: (e) => {
          if (e.type === 'step-started' && e.stepId === step.id)
            fixture.sandbox.admin.setFaults([
              { cloud: 'aws', operation: operationOf(step.id), errorRate: 1 },
            ]);
        },
      }).run(plan);
      assert.equal(faulted.status, 'failed', `${step.id}: the injected fault stops the run`);
      assert.equal(faulted.failedStep, step.id);
      const recorded = JSON.parse(readFileSync(journal, 'utf8')) as {
        steps: Record<string, { status: string }>;
      };
      assert.equal(recorded.steps[step.id].status, 'failed');
      fixture.sandbox.admin.setFaults([]);
      const events: RunnerEvent[] = [];
      const resumed = await runner(journal, events).run(plan);
      assert.equal(resumed.status, 'succeeded', `${step.id}: ${resumed.error}`);
      const fromJournal = events.filter(
        (e) => e.type === 'step-skipped' && e.why === 'journal',
      ).length;
      assert.equal(fromJournal, index, `${step.id}: the steps before it are not repeated`);
      const firstStarted = events.find((e) => e.type === 'step-started');
      assert.equal(firstStarted?.type === 'step-started' && firstStarted.stepId, step.id);
      await assertCrossAccountDone();
    }
  });

  it('a crash right after any call (before the journal records it) resumes without a second peering, route or rule', async () => {
    const plan = crossAccountPlan();
    const apiSteps = plan.steps.filter((s) => s.kind === 'api');
    for (const step of apiSteps) {
      fixture.sandbox.admin.reset('demo');
      const journal = newJournal();
      let current = '';
      // The adapter call goes through, then the process "dies" before the step is recorded.
      const crashing = async (cloud: CloudKind): Promise<CloudProvider> => {
        const real = await fixture.session.loadProvider(cloud);
        return new Proxy(real, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver) as unknown;
            if (current !== step.id || prop !== step.action?.method || typeof value !== 'function')
              return value;
            return async (...args: unknown[]) => {
              await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
              throw new Error('simulated crash after the call');
            };
          },
        });
      };
      const crashed = await runner(journal, [], {
        loadProvider: crashing,
        onEvent: (e) => {
          if (e.type === 'step-started') current = e.stepId;
        },
      }).run(plan);
      assert.equal(crashed.failedStep, step.id);
      const resumed = await runner(journal).run(plan);
      assert.equal(resumed.status, 'succeeded', `${step.id}: ${resumed.error}`);
      await assertCrossAccountDone();
    }
  });

  it('cancellation stops a wait at once; the next run picks up from it', async () => {
    const plan = crossAccountPlan();
    const journal = newJournal();
    const controller = new AbortController();
    const result = await runner(journal, [], {
      onEvent: (e) => {
        if (e.type === 'step-waiting') controller.abort();
      },
    }).run(plan, { signal: controller.signal });
    assert.equal(result.status, 'cancelled');
    assert.match(result.failedStep ?? '', /^wait-/);
    const resumed = await runner(journal).run(plan);
    assert.equal(resumed.status, 'succeeded', resumed.error);
    await assertCrossAccountDone();
  });

  it('retries under throttling and still creates each thing once', async () => {
    fixture.sandbox.admin.setFaults([
      { cloud: 'aws', operation: 'CreateRoute', throttleRate: 0.6 },
      { cloud: 'aws', operation: 'AuthorizeSecurityGroupIngress', throttleRate: 0.6 },
    ]);
    const events: RunnerEvent[] = [];
    const result = await runner(newJournal(), events, { maxAttempts: 8, baseDelayMs: 5 }).run(
      crossAccountPlan(),
    );
    assert.equal(result.status, 'succeeded', result.error);
    await assertCrossAccountDone();
  });

  it('EMQX Cloud: shows the console values, waits for EMQX to accept, then routes and opens the group', async () => {
    const plan = buildPlan(
      'emqx-cloud-aws',
      SAMPLE_INPUTS['emqx-cloud-aws'] ?? {},
      fixture.context('emqx-cloud-aws'),
    );
    const shown: RunnerEvent[] = [];
    const provider = await aws();
    const result = await runner(newJournal(), shown, {
      confirmManual: async (step, event) => {
        assert.equal(step.id, 'emqx-confirm');
        const values = Object.fromEntries(event.values.map((v) => [v.label, v.value]));
        assert.match(values['Peering ID'], /^pcx-/);
        assert.equal(values['Account ID'], '111111111111');
        assert.equal(values['VPC ID'], AWS_VPCS.shared.id);
        // EMQX confirms in its console: the sandbox accepts as EMQX's account.
        await provider.acceptPeering(place('sandbox:aws:emqx'), values['Peering ID']);
      },
    }).run(plan);
    assert.equal(result.status, 'succeeded', result.error);
    const carried = Object.fromEntries(result.carryValues.map((v) => [v.label, v.value]));
    assert.equal(carried['Peering ID'], result.outputs.peeringId);
    assert.equal(carried['Account ID'], '111111111111');
    const peering = await provider.getPeering(place('sandbox:aws:app'), result.outputs.peeringId);
    assert.equal(peering?.rawState, 'active');
    const [table] = await provider.listRouteTables(place('sandbox:aws:app'), AWS_VPCS.shared.id);
    assert.ok(
      table.routes.some(
        (r) => r.destination === AWS_VPCS.emqx.cidrs[0] && r.target === peering?.id,
      ),
    );
    assert.ok(
      plan.teardown.some((t) => /running/.test(t)),
      'deletion preconditions are part of the plan',
    );
  });

  it('a manual step with no way to check it pauses the run; a later run continues there', async () => {
    const plan = buildPlan(
      'emqx-cloud-aws',
      SAMPLE_INPUTS['emqx-cloud-aws'] ?? {},
      fixture.context('emqx-cloud-aws'),
    );
    const blind: Plan = {
      ...plan,
      steps: plan.steps.map((s) => (s.id === 'emqx-confirm' ? { ...s, check: undefined } : s)),
    };
    const journal = newJournal();
    const paused = await runner(journal).run(blind);
    assert.equal(paused.status, 'paused');
    assert.equal(paused.failedStep, 'emqx-confirm');
    const provider = await aws();
    await provider.acceptPeering(place('sandbox:aws:emqx'), paused.outputs.peeringId);
    let confirmed = 0;
    const resumed = await runner(journal, [], { confirmManual: async () => void confirmed++ }).run(
      blind,
    );
    assert.equal(resumed.status, 'succeeded', resumed.error);
    assert.equal(confirmed, 1);
  });

  it('Dragonfly Cloud ↔ AWS through the Dragonfly API: connection, accept, route, 6379, Active', async () => {
    const plan = buildPlan(
      'dragonfly-aws',
      SAMPLE_INPUTS['dragonfly-aws'] ?? {},
      fixture.context('dragonfly-aws'),
    );
    const result = await runner(newJournal()).run(plan);
    assert.equal(result.status, 'succeeded', result.error);
    const df = await fixture.provider('dragonfly');
    const connections = (await df.listPeerings({ account: account('sandbox:dragonfly') })).filter(
      (p) => p.peer.networkId === AWS_VPCS.shared.id,
    );
    assert.equal(connections.length, 1);
    assert.equal(connections[0].rawState, 'active');
    assert.equal(connections[0].local.networkId, DRAGONFLY.network.id);
    const provider = await aws();
    const [group] = await provider.listFirewalls(place('sandbox:aws:app'), AWS_VPCS.shared.id);
    assert.ok(
      group.ingress.some(
        (r) =>
          r.protocol === 'tcp' &&
          r.fromPort === 6379 &&
          r.toPort === 6379 &&
          r.sources.includes(DRAGONFLY.network.cidr),
      ),
    );
    const again = await runner(newJournal()).run(plan);
    assert.equal(again.status, 'succeeded');
    const after = (await df.listPeerings({ account: account('sandbox:dragonfly') })).filter(
      (p) => p.peer.networkId === AWS_VPCS.shared.id,
    );
    assert.equal(after.length, 1, 'no second connection');
  });

  it('writes the journal atomically: no temporary files are left, and the JSON parses', async () => {
    const journal = newJournal();
    await runner(journal).run(crossAccountPlan());
    assert.ok(existsSync(journal));
    const parsed = JSON.parse(readFileSync(journal, 'utf8')) as { outputs: Record<string, string> };
    assert.match(parsed.outputs.peeringId, /^pcx-/);
    const { readdirSync } = await import('node:fs');
    assert.deepEqual(
      readdirSync(fixture.dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('Dragonfly Cloud ↔ AWS without a Dragonfly account: the console step completes when the request arrives', async () => {
    const plan = buildPlan(
      'dragonfly-aws',
      SAMPLE_INPUTS['dragonfly-aws'] ?? {},
      fixture.context('dragonfly-aws', { dragonfly: undefined }),
    );
    assert.equal(plan.steps[0].kind, 'manual');
    const df = (await fixture.session.loadProvider(
      'dragonfly',
    )) as import('../../../src/providers/dragonfly/index').DragonflyProvider;
    const shown: RunnerEvent[] = [];
    const result = await runner(newJournal(), shown, {
      // The user types the values into the Dragonfly console: here, the same values through its API.
      confirmManual: async (step, event) => {
        if (step.id !== 'dragonfly-connection') return;
        const v = Object.fromEntries(event.values.map((x) => [x.label, x.value]));
        await df.createConnection(
          { account: account('sandbox:dragonfly') },
          {
            networkId: DRAGONFLY.network.id,
            name: 'typed-in-console',
            peer: {
              accountId: v['Account ID'],
              vpcId: v['VPC ID'],
              cidrBlock: v.CIDR,
              region: v.Region,
            },
          },
        );
        await new Promise(() => undefined); // the step finishes when the request shows up in AWS
      },
    }).run(plan);
    assert.equal(result.status, 'succeeded', result.error);
    assert.ok(shown.some((e) => e.type === 'manual-step' && e.stepId === 'dragonfly-connection'));
    const connection = (await df.listPeerings({ account: account('sandbox:dragonfly') })).find(
      (p) => p.peer.networkId === AWS_VPCS.shared.id,
    );
    assert.equal(connection?.rawState, 'active');
  });
});
