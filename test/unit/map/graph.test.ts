import * as assert from 'node:assert/strict';
import { Discovery } from '../../../src/discovery/discovery';
import { Inventory } from '../../../src/discovery/inventory';
import { buildMapGraph, type MapGraph } from '../../../src/map/graph';
import { layoutScene } from '../../../src/map/layout';
import { COLLAPSE_ABOVE, DEFAULT_VIEW, initialView, visibleGraph } from '../../../src/map/view';
import type { Diagnosis, DiagnosisLookup } from '../../../src/model/diagnosis';
import { PROVIDER_DOCS } from '../../../src/model/docs';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_PEERINGS, AWS_VPCS, GCP } from '../../../src/sandbox/worlds/demoTopology';
import { generatedMapWorld } from '../../support/mapWorld';
import { sandboxEnvironment, type SandboxEnvironment } from '../../support/sandboxEnvironment';

/** A DiagnosisLookup over a map, as the Doctor's store would answer. */
function lookupOf(diagnoses: Diagnosis[]): DiagnosisLookup {
  const byKey = new Map(diagnoses.map((d) => [d.peeringKey, d]));
  return { get: (key) => byKey.get(key), onDidChange: () => () => undefined };
}

/**
 * The Peering Map's graph on the sandbox's demo world, listed by every real provider adapter
 * through the inventory the Networks view reads.
 */
describe('Peering Map graph on the demo world', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let env: SandboxEnvironment;
  let inventory: Inventory;
  let graph: MapGraph;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo' });
    env = sandboxEnvironment(sandbox);
    inventory = new Inventory(new Discovery({ loadProvider: env.loadProvider, timeoutMs: 10_000 }));
    inventory.setAccounts(env.accounts);
    await inventory.refreshAll();
    graph = buildMapGraph({
      networks: inventory.networks(),
      peerings: inventory.peerings(),
      lookup: (ref) => inventory.lookup(ref),
    });
  });
  after(async () => {
    env.dispose();
    await sandbox.stop();
  });

  const node = (networkId: string) => graph.nodes.find((n) => n.networkId === networkId);
  const edge = (peeringId: string) => graph.edges.find((e) => e.peeringId === peeringId);

  it('has every peering of the inventory as one edge with its normalized state', () => {
    const keys = new Set(inventory.peerings().map((p) => p.peering.key));
    assert.ok(keys.size >= 10, `only ${keys.size} peerings listed`);
    assert.deepEqual(new Set(graph.edges.map((e) => e.key)), keys);
    for (const { peering } of inventory.peerings()) {
      const e = graph.edges.find((x) => x.key === peering.key)!;
      assert.equal(e.state, peering.state, peering.key);
      assert.equal(e.rawState, peering.rawState);
    }
    assert.equal(edge(AWS_PEERINGS.overlapFailed)?.state, 'failed');
    assert.equal(edge(AWS_PEERINGS.pendingCrossAccount)?.state, 'pending');
  });

  it('groups every network by provider, account and region, with its CIDRs', () => {
    for (const { network, account } of inventory.networks()) {
      const n = graph.nodes.find((x) => x.key === network.key);
      assert.ok(n, network.key);
      assert.deepEqual(n.cidrs, network.cidrs);
      assert.equal(n.accountId, account.id);
      const region = graph.groups.find((g) => g.id === n.regionGroup)!;
      const acct = graph.groups.find((g) => g.id === region.parent)!;
      const provider = graph.groups.find((g) => g.id === acct.parent)!;
      assert.deepEqual([provider.kind, acct.kind, region.kind], ['provider', 'account', 'region']);
      assert.equal(acct.label, account.label);
      assert.equal(provider.cloud, network.cloud);
    }
    const app = node(AWS_VPCS.app.id)!;
    assert.equal(app.region, 'us-east-1');
    assert.deepEqual(app.cidrs.slice(0, 2), [...AWS_VPCS.app.cidrs]);
  });

  it('marks Dragonfly Cloud and Aiven networks as services, and EMQX by its account', () => {
    const services = graph.nodes.filter((n) => n.service).map((n) => `${n.service}:${n.cloud}`);
    assert.ok(
      services.some((s) => s.startsWith('dragonfly:')),
      services.join(),
    );
    assert.ok(
      services.some((s) => s.startsWith('aiven:')),
      services.join(),
    );
    assert.ok(!node(AWS_VPCS.app.id)?.service);
    const withEmqx = buildMapGraph({
      networks: [],
      peerings: [
        {
          account: env.accounts[0],
          region: 'us-east-1',
          peering: {
            key: 'aws/pcx-emqx',
            accountKey: env.accounts[0].id,
            cloud: 'aws',
            id: 'pcx-emqx',
            state: 'active',
            rawState: 'active',
            local: { cloud: 'aws', networkId: 'vpc-a', accountId: '111111111111' },
            peer: { cloud: 'aws', networkId: AWS_VPCS.emqx.id, accountId: '444444444444' },
          },
        },
      ],
      emqxAccounts: new Set(['444444444444']),
    });
    const emqx = withEmqx.nodes.find((n) => n.networkId === AWS_VPCS.emqx.id)!;
    assert.equal(emqx.service, 'emqx');
    assert.equal(emqx.external, true);
  });

  it('finds the overlapping CIDRs of peered networks (app-vpc ↔ legacy-vpc), not of unrelated ones', () => {
    const overlap = graph.insights.overlaps.find(
      (o) => o.edgeKey === edge(AWS_PEERINGS.overlapFailed)?.key,
    );
    assert.ok(overlap, JSON.stringify(graph.insights.overlaps));
    assert.deepEqual([overlap.cidrA, overlap.cidrB].sort(), ['10.10.0.0/16', '10.10.0.0/20']);
    assert.equal(edge(AWS_PEERINGS.overlapFailed)?.overlap, '10.10.0.0/16 ↔ 10.10.0.0/20');
    assert.ok(node(AWS_VPCS.legacy.id)?.overlap);
    // GCP's legacy-net overlaps app-net and is not peered: no insight, since nothing links them.
    const gcpLegacy = graph.nodes.find((n) => n.name === GCP.networks.legacy.name)!;
    assert.equal(gcpLegacy.overlap, false);
    assert.equal(gcpLegacy.isolated, true);
  });

  it('lists networks with no peering, and none that has one', () => {
    const isolated = new Set(graph.insights.isolated);
    for (const e of graph.edges.filter((x) => !x.gone)) {
      assert.ok(!isolated.has(e.from) && !isolated.has(e.to), e.key);
    }
    assert.ok(isolated.size > 0);
    for (const key of isolated) assert.ok(graph.nodes.find((n) => n.key === key)?.isolated);
  });

  it('names the paths that are not transitive: app-eu-vpc ↔ app-vpc ↔ shared-services-vpc', () => {
    const app = node(AWS_VPCS.app.id)!.key;
    const shared = node(AWS_VPCS.shared.id)!.key;
    const appEu = node(AWS_VPCS.appEu.id)!.key;
    // app-vpc peers with appEu and shared; appEu and shared are not peered.
    const path = graph.insights.nonTransitive.find(
      (t) => t.via === app && [t.a, t.c].sort().join() === [appEu, shared].sort().join(),
    );
    assert.ok(path, JSON.stringify(graph.insights.nonTransitive.slice(0, 5)));
    assert.equal(path.doc, PROVIDER_DOCS.awsPeering);
    // Both legs carry traffic: the failed app-vpc ↔ legacy-vpc peering is never one.
    const active = new Set(
      graph.edges.filter((e) => e.state === 'active').map((e) => [e.from, e.to].sort().join('|')),
    );
    for (const t of graph.insights.nonTransitive) {
      assert.ok(active.has([t.a, t.via].sort().join('|')), `${t.a} ↔ ${t.via}`);
      assert.ok(active.has([t.c, t.via].sort().join('|')), `${t.c} ↔ ${t.via}`);
    }
    const legacy = node(AWS_VPCS.legacy.id)!.key;
    assert.ok(!graph.insights.nonTransitive.some((t) => [t.a, t.c, t.via].includes(legacy)));
    // Directly peered ends are never reported as a non-transitive path.
    const peered = new Set(graph.edges.map((e) => [e.from, e.to].sort().join('|')));
    for (const t of graph.insights.nonTransitive)
      assert.ok(!peered.has([t.a, t.c].sort().join('|')), `${t.a} ↔ ${t.c} are peered`);
  });

  it('puts Doctor findings on the edge they concern, read through DiagnosisLookup', () => {
    const target = edge(AWS_PEERINGS.crossRegionMissingRoute)!;
    const diagnosis: Diagnosis = {
      peeringKey: target.key,
      checkedAt: 1,
      findings: [
        {
          code: 'route.missing',
          severity: 'error',
          side: 'peer',
          title: 'No route to 10.10.0.0/16 in rtb-eu',
          detail: 'Add the route.',
          evidence: [],
          doc: PROVIDER_DOCS.awsPeering,
        },
        {
          code: 'dns.off',
          severity: 'info',
          side: 'both',
          title: 'DNS resolution is off',
          detail: '',
          evidence: [],
          doc: PROVIDER_DOCS.awsPeering,
        },
      ],
      skipped: [],
      calls: 4,
    };
    const withFindings = buildMapGraph({
      networks: inventory.networks(),
      peerings: inventory.peerings(),
      lookup: (ref) => inventory.lookup(ref),
      diagnoses: lookupOf([diagnosis]),
    });
    const e = withFindings.edges.find((x) => x.key === target.key)!;
    assert.deepEqual(e.findings, {
      worst: 'error',
      count: 2,
      titles: ['No route to 10.10.0.0/16 in rtb-eu', 'DNS resolution is off'],
    });
    assert.equal(e.problem, true);
    assert.equal(withFindings.edges.filter((x) => x.findings).length, 1);
  });

  it('filters by provider, state and problem, and searches names and CIDRs', () => {
    const awsOnly = visibleGraph(graph, { ...DEFAULT_VIEW, clouds: ['aws'] });
    assert.ok(awsOnly.nodes.length > 0);
    assert.ok(awsOnly.nodes.every((n) => n.cloud === 'aws'));
    const failed = visibleGraph(graph, { ...DEFAULT_VIEW, states: ['failed'] });
    assert.ok(failed.edges.length > 0 && failed.edges.every((e) => e.state === 'failed'));
    const problems = visibleGraph(graph, { ...DEFAULT_VIEW, problemsOnly: true });
    assert.ok(problems.edges.every((e) => e.classes.includes('problem')));
    assert.ok(problems.edges.some((e) => e.key === edge(AWS_PEERINGS.overlapFailed)!.key));
    assert.ok(!problems.edges.some((e) => e.key === edge(AWS_PEERINGS.activeDnsOff)!.key));
    const byCidr = visibleGraph(graph, { ...DEFAULT_VIEW, search: '10.30.0.0' });
    assert.deepEqual(
      byCidr.nodes.map((n) => n.label),
      [AWS_VPCS.shared.name],
    );
  });

  it('collapses a group into one node and merges the peerings that leave it', async () => {
    const app = node(AWS_VPCS.app.id)!;
    const collapsed = visibleGraph(graph, { ...DEFAULT_VIEW, collapsed: [app.accountGroup] });
    const groupNode = collapsed.nodes.find((n) => n.key === app.accountGroup)!;
    assert.equal(groupNode.kind, 'group');
    assert.ok(groupNode.count >= 4);
    assert.ok(!collapsed.nodes.some((n) => n.key === app.key));
    assert.ok(!collapsed.groups.some((g) => g.id === app.regionGroup));
    // The pending cross-account peering from data-vpc now ends on the collapsed account.
    const merged = collapsed.edges.find((e) =>
      e.peeringKeys.includes(edge(AWS_PEERINGS.pendingCrossAccount)!.key),
    )!;
    assert.ok([merged.from, merged.to].includes(app.accountGroup));
    const scene = await layoutScene(collapsed);
    assert.ok(scene.nodes.every((n) => n.width > 0 && n.height > 0));
  });

  it('lays out every network inside its region, and every region inside its account', async () => {
    const scene = await layoutScene(visibleGraph(graph, DEFAULT_VIEW));
    const boxes = new Map(scene.groups.map((g) => [g.id, g]));
    const inside = (
      a: { x: number; y: number; width: number; height: number },
      b: { x: number; y: number; width: number; height: number },
    ) =>
      a.x >= b.x &&
      a.y >= b.y &&
      a.x + a.width <= b.x + b.width &&
      a.y + a.height <= b.y + b.height;
    for (const n of scene.nodes) assert.ok(inside(n, boxes.get(n.parent!)!), n.key);
    for (const g of scene.groups.filter((x) => x.parent))
      assert.ok(inside(g, boxes.get(g.parent!)!), g.id);
    // No two networks overlap on screen.
    for (let i = 0; i < scene.nodes.length; i++)
      for (let j = i + 1; j < scene.nodes.length; j++) {
        const a = scene.nodes[i];
        const b = scene.nodes[j];
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        assert.ok(apart, `${a.key} and ${b.key} overlap`);
      }
  });
});

describe('Peering Map graph at 500 networks', () => {
  it('opens with accounts collapsed, and finds the generated overlaps', () => {
    const world = generatedMapWorld(500, 2_000);
    const graph = buildMapGraph(world);
    assert.equal(graph.nodes.length, 500);
    assert.equal(graph.edges.length, 2_000);
    assert.ok(graph.nodes.length > COLLAPSE_ABOVE);
    const view = initialView(graph);
    const visible = visibleGraph(graph, view);
    assert.equal(visible.nodes.length, graph.groups.filter((g) => g.kind === 'account').length);
    assert.equal(
      visible.nodes.reduce((sum, n) => sum + n.count, 0),
      500,
    );
    // Every overlap reported really overlaps and concerns peered or neighbouring networks.
    for (const o of graph.insights.overlaps) {
      const peered = graph.edges.some(
        (e) => (e.from === o.a && e.to === o.b) || (e.from === o.b && e.to === o.a),
      );
      assert.equal(peered, o.edgeKey !== undefined);
    }
    assert.ok(graph.insights.nonTransitive.length <= 500);
    assert.ok(graph.insights.nonTransitiveTotal >= graph.insights.nonTransitive.length);
  });
});
