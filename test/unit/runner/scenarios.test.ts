/**
 * Every scenario and preset through the runner on the sandbox, table-driven:
 *
 * 1. each runs to its final state (manual steps completed the way a user
 *    would, through the sandbox's APIs: EMQX accepting in its console, the
 *    Dragonfly Cloud console, the Azure peering made as the multi-tenant app);
 * 2. a crash right after any adapter call k (the call went through, the
 *    journal did not record its step as done), then a resume from the
 *    journal, leaves exactly what a clean run leaves: one peering per pair,
 *    one route per CIDR per table, one rule (compared as a fingerprint of
 *    every account's peerings, routes and rules).
 *
 * The sandbox runs in-process with no operation delay. Every crash point of
 * every scenario is tried (about 45 s for the file on the shared 2-core
 * machine) unless CRASH_SAMPLE (env) caps the number per scenario; then the
 * points are drawn with a seeded generator (seed 20261205), so a failure
 * repeats. CRASH_REPORT=1 prints the crash points per scenario.
 */
import * as assert from 'node:assert/strict';
import type { CloudKind } from '../../../src/model/types';
import {
  buildPlan,
  Runner,
  type Plan,
  type PlanInputs,
  type PlanStep,
  type RunnerEvent,
  type ScenarioId,
} from '../../../src/plans';
import type { CloudProvider, Place } from '../../../src/providers/provider';
import {
  DRAGONFLY_AZURE_SUBSCRIPTION,
  DRAGONFLY_AZURE_TENANT_ID,
  DRAGONFLY_GCP_PROJECT,
} from '../../../src/sandbox/dragonfly/state';
import { SeededRandom } from '../../../src/sandbox/random';
import { AZURE, DRAGONFLY, GCP } from '../../../src/sandbox/worlds/demoTopology';
import { SAMPLE_INPUTS } from '../plans/samples';
import { useSandbox, type SandboxFixture } from '../plans/sandboxSession';

type ManualEvent = RunnerEvent & { type: 'manual-step' };

interface Case {
  id: ScenarioId;
  /** Makes what the scenario needs first (a Dragonfly network) and returns input overrides. */
  setup?: (t: Harness) => Promise<PlanInputs>;
  /** Asserts the scenario's own final state beyond the common fingerprint. */
  final?: (t: Harness) => Promise<void>;
  /** Does a manual step the way a user would; steps not named here are confirmed as done. */
  manual?: Record<string, (t: Harness, event: ManualEvent) => Promise<void>>;
}

/** What a case's hooks get: the suite's sandbox fixture. */
type Harness = SandboxFixture;

/** The application the user registered in seed step 2 (the sandbox has no Microsoft Graph). */
const USER_APP_ID = '5e0a0000-0000-4000-8000-0000000a9901';

/** A Dragonfly network on `provider`, made through the Dragonfly Cloud API as a user would. */
async function dragonflyNetwork(t: Harness, provider: 'gcp' | 'azure', region: string) {
  const df = await t.provider('dragonfly');
  const created = await df.createNetwork(
    { account: t.account('sandbox:dragonfly') },
    { name: `df-${provider}`, provider, region, cidrBlock: '192.168.0.0/16' },
  );
  const network = await df.getNetwork(
    { account: t.account('sandbox:dragonfly') },
    created.network.id,
  );
  assert.equal(network?.status, 'active');
  return created.network.id;
}

/** The Dragonfly connection to `peerNetworkId` reads active, and is the only one. */
async function dragonflyActive(t: Harness, peerNetworkId: string): Promise<void> {
  const df = await t.provider('dragonfly');
  const connections = (await df.listPeerings({ account: t.account('sandbox:dragonfly') })).filter(
    (p) => p.peer.networkId === peerNetworkId,
  );
  assert.deepEqual(
    connections.map((p) => p.rawState),
    ['active'],
  );
}

const CASES: Case[] = [
  { id: 'aws-same-account' },
  { id: 'aws-cross-account' },
  { id: 'aws-cross-region' },
  { id: 'gcp-same-project' },
  { id: 'gcp-cross-project' },
  {
    id: 'azure-same-tenant',
    // The sample is hub and spoke: the hub's half allows gateway transit and forwarded
    // traffic, the spoke's uses the hub's gateway (vgw-hub) and allows forwarded traffic.
    final: async (t) => {
      const azure = await t.provider('azure');
      const peerings = await azure.listPeerings({ account: t.account('sandbox:azure:app') });
      const options = (vnet: string, name: string) =>
        peerings.find((p) => p.local.name === vnet && p.name === name)?.options;
      assert.deepEqual(options(AZURE.vnets.hub.name, 'hub-to-spoke'), {
        peeringSyncLevel: 'FullyInSync',
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: true,
        useRemoteGateways: false,
      });
      assert.deepEqual(options(AZURE.vnets.spoke.name, 'spoke-to-hub'), {
        peeringSyncLevel: 'FullyInSync',
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        useRemoteGateways: true,
      });
    },
  },
  { id: 'azure-cross-tenant' },
  { id: 'upcloud-upcloud' },
  { id: 'aiven-to-upcloud' },
  { id: 'upcloud-to-aiven' },
  { id: 'dragonfly-aws' },
  {
    id: 'dragonfly-gcp',
    setup: async (t) => {
      const id = await dragonflyNetwork(t, 'gcp', 'us-central1');
      return {
        dragonflyNetworkId: id,
        dragonflyProject: DRAGONFLY_GCP_PROJECT,
        dragonflyVpcId: id,
      };
    },
    final: (t) =>
      dragonflyActive(t, `projects/${GCP.project}/global/networks/${GCP.networks.svc.name}`),
  },
  {
    id: 'dragonfly-azure',
    setup: async (t) => {
      const id = await dragonflyNetwork(t, 'azure', 'westeurope');
      return {
        dragonflyNetworkId: id,
        dfcloudAccountId: `/subscriptions/${DRAGONFLY_AZURE_SUBSCRIPTION}/resourceGroups/dragonfly-westeurope`,
        dfcloudVpcId: id,
      };
    },
    final: (t) =>
      dragonflyActive(
        t,
        `/subscriptions/${AZURE.subscriptionId}/resourceGroups/${AZURE.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${AZURE.vnets.app.name}`,
      ),
    manual: {
      // https://www.dragonflydb.io/docs/cloud/connections, Azure step 5: the values typed into the Dragonfly Cloud console.
      'dragonfly-connection': async (t, event) => {
        const v = Object.fromEntries(event.values.map((x) => [x.label, x.value]));
        const known = (value: string | undefined, typed: string) =>
          value && !value.startsWith('<') ? value : typed;
        const df = await t.provider('dragonfly');
        // The network setup made, not the demo's df-azure in the same region.
        const network = (await df.listNetworks({ account: t.account('sandbox:dragonfly') })).find(
          (n) => n.region === 'westeurope' && n.id !== DRAGONFLY.azureNetwork.id,
        );
        assert.ok(network);
        await df.createConnection(
          { account: t.account('sandbox:dragonfly') },
          {
            networkId: network.id,
            name: 'vnet-app',
            peer: {
              accountId: v['Acceptor Account ID'],
              vpcId: v['Acceptor VPC ID'],
              cidrBlock: AZURE.vnets.app.addressSpace[0],
              region: v['Acceptor Region'],
              azure: {
                resourceGroup: v['Resource Group'],
                tenantId: known(v['Tenant ID'], AZURE.tenantId),
                appObjectId: known(v['App ID'], USER_APP_ID),
              },
            },
          },
        );
      },
      // https://www.dragonflydb.io/docs/cloud/connections, Azure step 6: as the application signed in to both tenants, peer back.
      'customer-peering': async (t, event) => {
        const v = Object.fromEntries(event.values.map((x) => [x.label, x.value]));
        const azure = await t.provider('azure');
        await azure.createPeering(
          { account: t.account('sandbox:azure:app') },
          {
            resourceGroup: AZURE.resourceGroup,
            vnetName: AZURE.vnets.app.name,
            name: v['Peering name'],
            remoteVnetId: v['Remote virtual network id'],
            remoteTenantId: DRAGONFLY_AZURE_TENANT_ID,
            allowVirtualNetworkAccess: true,
          },
        );
      },
    },
  },
  {
    id: 'emqx-cloud-aws',
    manual: {
      // EMQX confirms in its console: the sandbox accepts as EMQX's AWS account.
      'emqx-confirm': async (t, event) => {
        const v = Object.fromEntries(event.values.map((x) => [x.label, x.value]));
        const aws = await t.provider('aws');
        await aws.acceptPeering(
          { account: t.account('sandbox:aws:emqx'), region: 'us-east-1' },
          v['Peering ID'],
        );
      },
    },
  },
  { id: 'emqx-byoc-aws' },
  { id: 'emqx-byoc-gcp' },
];

const GONE = new Set(['deleted', 'deleting', 'rejected', 'failed', 'expired', 'DELETED']);

describe('every scenario through the runner (sandbox, in-process)', function () {
  this.timeout(600_000);
  const fixture = useSandbox({ operationDelayMs: 0, tmpPrefix: 'runner-scenarios-' });

  const harness: Harness = fixture;
  /** The journal of the last runner made, which a resumed run continues. */
  let lastJournal = '';

  /** Every account's live peerings (as network pairs), routes and ingress rules, counted. */
  async function fingerprint(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const add = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    const seen = new Set<string>();
    for (const account of fixture.session.accounts) {
      const provider = await fixture.session.loadProvider(account.cloud);
      for (const region of await provider.listRegions(account)) {
        const place: Place = { account, region };
        for (const p of await provider.listPeerings(place)) {
          if (GONE.has(p.rawState) || seen.has(`${account.cloud}|${p.id}`)) continue;
          seen.add(`${account.cloud}|${p.id}`);
          add(`peering ${account.cloud} ${p.local.networkId} → ${p.peer.networkId}`);
        }
        for (const table of await provider.listRouteTables(place).catch(() => []))
          for (const r of table.routes) add(`route ${table.id} ${r.destination}`);
        for (const group of await provider.listFirewalls(place).catch(() => []))
          for (const rule of group.ingress)
            add(
              `rule ${group.id} ${rule.protocol} ${rule.fromPort ?? ''}-${rule.toPort ?? ''} ${[...rule.sources].sort().join(',')}`,
            );
      }
    }
    return counts;
  }

  async function prepare(c: Case): Promise<Plan> {
    fixture.sandbox.admin.reset('demo');
    fixture.sandbox.admin.setFaults([]);
    const extra = c.setup ? await c.setup(harness) : {};
    return buildPlan(c.id, { ...(SAMPLE_INPUTS[c.id] ?? {}), ...extra }, fixture.context(c.id));
  }

  function runner(
    c: Case,
    loadProvider: (cloud: CloudKind) => Promise<CloudProvider> = fixture.session.loadProvider,
  ): Runner {
    lastJournal = fixture.journalPath();
    return new Runner({
      loadProvider,
      accounts: fixture.session.accounts,
      journalPath: lastJournal,
      pollIntervalMs: 5,
      maxAttempts: 1,
      confirmManual: async (step: PlanStep, event: ManualEvent) => {
        await c.manual?.[step.id]?.(harness, event);
      },
    });
  }

  /** A provider loader whose adapters count calls and "crash" right after call `k` completes. */
  function crashingAfter(k: number) {
    let calls = 0;
    const load = async (cloud: CloudKind): Promise<CloudProvider> => {
      const real = await fixture.session.loadProvider(cloud);
      return new Proxy(real, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function' || prop === 'dispose') return value;
          return async (...args: unknown[]) => {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(
              target,
              args,
            );
            if (++calls === k) throw new Error(`simulated crash after call ${k}`);
            return result;
          };
        },
      });
    };
    return { load, calls: () => calls };
  }

  const clean = new Map<ScenarioId, { fingerprint: Record<string, number>; calls: number }>();

  for (const c of CASES) {
    it(`${c.id}: runs to its final state; a second run creates nothing`, async () => {
      const before = await (async () => {
        await prepare(c);
        return fingerprint();
      })();
      const plan = await prepare(c);
      const counting = crashingAfter(Infinity);
      const first = await runner(c, counting.load).run(plan);
      assert.equal(first.status, 'succeeded', `${c.id}: ${first.failedStep}: ${first.error}`);
      const done = await fingerprint();
      assert.notDeepEqual(done, before, 'the run changed something');
      const peerings = (f: Record<string, number>) =>
        Object.entries(f).filter(([k]) => k.startsWith('peering '));
      for (const [k, count] of peerings(done)) assert.equal(count, 1, `${c.id}: ${k} exists once`);
      for (const [k, count] of Object.entries(done))
        assert.ok(count <= Math.max(1, before[k] ?? 0), `${c.id}: ${k} added once, not ${count}`);
      assert.ok(peerings(done).length > peerings(before).length, 'a new peering');
      await c.final?.(harness);
      const events: RunnerEvent[] = [];
      const again = await new Runner({
        loadProvider: fixture.session.loadProvider,
        accounts: fixture.session.accounts,
        journalPath: fixture.journalPath(),
        pollIntervalMs: 5,
        onEvent: (e) => events.push(e),
        confirmManual: async () => undefined,
      }).run(plan);
      assert.equal(again.status, 'succeeded', again.error);
      const created = events.filter(
        (e) =>
          e.type === 'step-succeeded' && plan.steps.find((s) => s.id === e.stepId)?.kind === 'api',
      );
      assert.deepEqual(created, [], 'the second run creates nothing');
      assert.deepEqual(await fingerprint(), done);
      clean.set(c.id, { fingerprint: done, calls: counting.calls() });
    });
  }

  const sample = Number(process.env.CRASH_SAMPLE ?? 0);
  for (const c of CASES) {
    it(`${c.id}: a crash after any call resumes to exactly one peering, route and rule`, async function () {
      const reference = clean.get(c.id);
      if (!reference) {
        console.log(`    (${c.id}: its clean run failed above; no reference to compare with)`);
        this.skip();
      }
      let points = Array.from({ length: reference.calls }, (_, i) => i + 1);
      if (sample > 0 && points.length > sample) {
        const random = new SeededRandom(20261205);
        points = points
          .map((p) => ({ p, r: random.next() }))
          .sort((a, b) => a.r - b.r)
          .slice(0, sample)
          .map((x) => x.p)
          .sort((a, b) => a - b);
      }
      let crashes = 0;
      for (const k of points) {
        const plan = await prepare(c);
        const crashing = crashingAfter(k);
        const crashed = await runner(c, crashing.load).run(plan);
        if (crashed.status === 'succeeded') continue; // the run made fewer calls this time
        crashes++;
        assert.match(crashed.error ?? '', /simulated crash/, `${c.id} @${k}: ${crashed.error}`);
        const journal = lastJournal;
        const resumed = await new Runner({
          loadProvider: fixture.session.loadProvider,
          accounts: fixture.session.accounts,
          journalPath: journal,
          pollIntervalMs: 5,
          maxAttempts: 1,
          confirmManual: async (step: PlanStep, event: ManualEvent) => {
            await c.manual?.[step.id]?.(harness, event);
          },
        }).run(plan);
        assert.equal(
          resumed.status,
          'succeeded',
          `${c.id} @${k}: ${resumed.failedStep}: ${resumed.error}`,
        );
        assert.deepEqual(
          await fingerprint(),
          reference.fingerprint,
          `${c.id} after a crash at call ${k}`,
        );
      }
      if (process.env.CRASH_REPORT)
        console.log(`    ${c.id}: ${crashes} crashes resumed, ${points.length} crash points`);
      assert.ok(
        crashes >= Math.min(points.length, 3),
        `${c.id}: ${crashes} of ${points.length} runs crashed`,
      );
    });
  }

  // Found by the crash test above: the runner's background poll of a manual step is cancelled
  // when the user confirms, just as the verification's listing joins the poll's in-flight one.
  it('Azure adapter: a caller that joins a listing whose first caller is cancelled still gets it', async () => {
    fixture.sandbox.admin.reset('demo');
    const azure = await fixture.provider('azure');
    const place: Place = { account: harness.account('sandbox:azure:app') };
    const controller = new AbortController();
    const cancelled = azure.listPeerings(place, { signal: controller.signal });
    const joined = azure.listPeerings(place);
    controller.abort();
    await assert.rejects(cancelled, { name: 'AbortError' });
    const peerings = await joined;
    assert.ok(peerings.length > 0, 'the joined caller gets the peerings');
  });

  it('the Dragonfly networks on GCP and Azure are real networks in those clouds', async () => {
    fixture.sandbox.admin.reset('demo');
    const gcpId = await dragonflyNetwork(harness, 'gcp', 'us-central1');
    const azureId = await dragonflyNetwork(harness, 'azure', 'westeurope');
    const gcp = await fixture.provider('gcp');
    const gcpNets = await gcp.listNetworks({
      account: { ...harness.account(`sandbox:gcp:${GCP.project}`), ref: DRAGONFLY_GCP_PROJECT },
    });
    assert.ok(gcpNets.some((x) => x.name === gcpId && x.cidrs.includes('192.168.0.0/16')));
    const df = await fixture.provider('dragonfly');
    const listed = await df.listNetworks({ account: harness.account('sandbox:dragonfly') });
    const azureNet = listed.find((x) => x.id === azureId);
    assert.equal(
      azureNet?.aliases?.[0].networkId,
      `/subscriptions/${DRAGONFLY_AZURE_SUBSCRIPTION}/resourceGroups/dragonfly-westeurope/providers/Microsoft.Network/virtualNetworks/${azureId}`,
    );
    assert.equal(
      listed.find((x) => x.id === gcpId)?.aliases?.[0].networkId,
      `projects/${DRAGONFLY_GCP_PROJECT}/global/networks/${gcpId}`,
    );
  });
});
