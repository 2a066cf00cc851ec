/**
 * The runner on the other clouds' scenarios, against the sandbox through the
 * real adapters: each run reaches an active peering, and a second run
 * creates nothing new.
 */
import * as assert from 'node:assert/strict';
import { buildPlan, Runner, type RunnerEvent, type ScenarioId } from '../../../src/plans';
import type { Place } from '../../../src/providers/provider';
import { AIVEN, GCP, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { SAMPLE_INPUTS } from '../plans/samples';
import { useSandbox } from '../plans/sandboxSession';

describe('runner on GCP, Azure, UpCloud and Aiven scenarios (sandbox)', function () {
  this.timeout(120_000);
  const fixture = useSandbox({
    operationDelayMs: 60,
    tmpPrefix: 'runner-clouds-',
    resetEachTest: true,
  });

  const place = (id: string, region?: string): Place => ({ account: fixture.account(id), region });

  async function runTwice(id: ScenarioId) {
    const plan = buildPlan(id, SAMPLE_INPUTS[id] ?? {}, fixture.context(id));
    const run = (events: RunnerEvent[]) =>
      new Runner({
        loadProvider: fixture.session.loadProvider,
        accounts: fixture.session.accounts,
        journalPath: fixture.journalPath(),
        pollIntervalMs: 40,
        onEvent: (e) => events.push(e),
      }).run(plan);
    const first = await run([]);
    assert.equal(first.status, 'succeeded', first.error);
    const events: RunnerEvent[] = [];
    const second = await run(events);
    assert.equal(second.status, 'succeeded', second.error);
    const created = events.filter(
      (e) =>
        e.type === 'step-succeeded' && plan.steps.find((s) => s.id === e.stepId)?.kind === 'api',
    );
    assert.deepEqual(created, [], 'the second run creates nothing');
    return plan;
  }

  it('GCP across projects: both halves, ACTIVE, a firewall rule on each network', async () => {
    await runTwice('gcp-cross-project');
    const gcp = await fixture.provider('gcp');
    const svc = (await gcp.listPeerings(place(`sandbox:gcp:${GCP.project}`))).filter(
      (p) => p.name === 'svc-to-peer',
    );
    const peer = (await gcp.listPeerings(place(`sandbox:gcp:${GCP.peerProject}`))).filter(
      (p) => p.name === 'peer-to-svc',
    );
    assert.deepEqual([svc.length, peer.length], [1, 1]);
    assert.equal(svc[0].rawState, 'ACTIVE');
    assert.equal(peer[0].rawState, 'ACTIVE');
    const rules = await gcp.listFirewalls(place(`sandbox:gcp:${GCP.peerProject}`));
    const rule = rules.find((r) => r.name === 'peer-net-from-svc-net');
    assert.deepEqual(rule?.ingress[0].sources, [GCP.networks.svc.subnets[0].cidr]);
  });

  it('EMQX BYOC on GCP: a peering from each side, then ACTIVE', async () => {
    await runTwice('emqx-byoc-gcp');
    const gcp = await fixture.provider('gcp');
    const byoc = (await gcp.listPeerings(place(`sandbox:gcp:${GCP.project}`))).find(
      (p) => p.name === 'emqx-byoc-to-service',
    );
    assert.equal(byoc?.rawState, 'ACTIVE');
  });

  it('UpCloud ↔ UpCloud: a peering from each network, both active', async () => {
    const plan = await runTwice('upcloud-upcloud');
    const upcloud = await fixture.provider('upcloud');
    const pair: string[] = [UPCLOUD.networks.app.uuid, UPCLOUD.networks.staging.uuid];
    const peerings = (await upcloud.listPeerings(place('sandbox:upcloud'))).filter(
      (p) => pair.includes(p.peer.networkId) && pair.includes(p.local.networkId),
    );
    assert.deepEqual(peerings.map((p) => p.rawState).sort(), ['active', 'active']);
    assert.ok(plan.followUps.some((f) => f.includes('dhclient -r eth1, then dhclient eth1')));
  });

  for (const id of ['aiven-to-upcloud', 'upcloud-to-aiven'] as const) {
    it(`${id}: both sides exist and the Aiven connection reads ACTIVE`, async () => {
      const plan = await runTwice(id);
      const aiven = await fixture.provider('aiven');
      const connections = (await aiven.listPeerings(place('sandbox:aiven'))).filter(
        (p) => p.peer.networkId === UPCLOUD.networks.staging.uuid,
      );
      assert.equal(connections.length, 1);
      assert.equal(connections[0].rawState, 'ACTIVE');
      const upcloud = await fixture.provider('upcloud');
      const sides = (await upcloud.listPeerings(place('sandbox:upcloud'))).filter(
        (p) =>
          p.local.networkId === UPCLOUD.networks.staging.uuid &&
          p.peer.networkId === AIVEN.vpc.upcloudNetworkUuid,
      );
      assert.equal(sides.length, 1);
      assert.equal(sides[0].rawState, 'active');
      assert.ok(plan.followUps.some((f) => /dhclient -r eth1/.test(f)));
    });
  }

  // A network typed by hand (discovery does not list it, so the wizard could not check it): the
  // plan's first steps read each UpCloud network, and the run stops there with the fix.
  const { norouter } = UPCLOUD.networks;
  const PUBLIC_NETWORK = '03000000-0000-4000-8089-000000000000';
  for (const c of [
    {
      id: 'upcloud-upcloud' as const,
      inputs: { peerNetworkUuid: norouter.uuid, peerCidrs: [norouter.cidr] },
      failedStep: 'check-peer-network',
      error:
        /peerNetworkUuid "03aa6e0b-0000-4000-8000-000000000003": the network has no router attached.* Fix: attach a router to the network/,
    },
    {
      id: 'aiven-to-upcloud' as const,
      inputs: { upcloudNetworkUuid: norouter.uuid, upcloudCidrs: [norouter.cidr] },
      failedStep: 'check-upcloud-network',
      error: /the network has no router attached.* Fix: attach a router/,
    },
    {
      id: 'upcloud-to-aiven' as const,
      inputs: { upcloudNetworkUuid: PUBLIC_NETWORK, upcloudCidrs: ['94.237.96.0/22'] },
      failedStep: 'check-upcloud-network',
      error:
        /it is a public network; UpCloud peers only networks of type private\. Fix: pick an SDN private network/,
    },
  ]) {
    it(`${c.id}: a network without a router or not private stops the run at its check, before anything changes`, async () => {
      const plan = buildPlan(
        c.id,
        { ...(SAMPLE_INPUTS[c.id] ?? {}), ...c.inputs },
        fixture.context(c.id),
      );
      fixture.sandbox.admin.resetCounters();
      const result = await new Runner({
        loadProvider: fixture.session.loadProvider,
        accounts: fixture.session.accounts,
        journalPath: fixture.journalPath(),
        pollIntervalMs: 40,
        onEvent: () => undefined,
      }).run(plan);
      assert.equal(result.status, 'failed');
      assert.equal(result.failedStep, c.failedStep);
      assert.match(result.error ?? '', c.error);
      const changes = Object.entries(fixture.sandbox.admin.counters()).filter(
        ([name, count]) => count > 0 && /create|modify|delete|update|insert|put/i.test(name),
      );
      assert.deepEqual(changes, [], 'nothing changed: no peering, no Aiven connection');
      const upcloud = await fixture.provider('upcloud');
      const mine = (await upcloud.listPeerings(place('sandbox:upcloud'))).filter(
        (p) => p.local.networkId === norouter.uuid || p.peer.networkId === norouter.uuid,
      );
      assert.deepEqual(
        mine.map((p) => p.id),
        [UPCLOUD.peerings.noRouterToStaging],
        'only the demo world’s own',
      );
    });
  }

  for (const id of ['azure-same-tenant', 'azure-cross-tenant'] as const) {
    it(`${id}: a half on each VNet, both Connected`, async () => {
      await runTwice(id);
      const azure = await fixture.provider('azure');
      const inputs = SAMPLE_INPUTS[id] ?? {};
      const local = (await azure.listPeerings(place('sandbox:azure:app'))).find(
        (p) => p.name === inputs.localPeeringName,
      );
      assert.equal(local?.rawState, 'Connected');
      const peerAccount =
        id === 'azure-cross-tenant' ? 'sandbox:azure:partner' : 'sandbox:azure:app';
      const peer = (await azure.listPeerings(place(peerAccount))).find(
        (p) => p.name === inputs.peerPeeringName,
      );
      assert.equal(peer?.rawState, 'Connected');
    });
  }
});
