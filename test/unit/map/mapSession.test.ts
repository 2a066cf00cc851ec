import * as assert from 'node:assert/strict';
import type { MapEdge, MapNode } from '../../../src/map/graph';
import { createMapEngine } from '../../../src/map/index';
import { LIGHT_PALETTE } from '../../../src/map/export';
import { parse } from '../../../src/protocol/schema';
import {
  MapHostToWebview,
  MapWebviewToHost,
  type EdgeAction,
  type ExportFormat,
  type MapSceneMessage,
} from '../../../src/protocol/mapMessages';
import { MapSession } from '../../../src/ui/map/mapSession';
import type { DiagnosisLookup } from '../../../src/model/diagnosis';
import { PROVIDER_DOCS } from '../../../src/model/docs';
import { generatedMapWorld } from '../../support/mapWorld';

/**
 * The map panel's host side with the real engine (graph, ELK, exports) over a generated
 * inventory: every message the webview may send, and the malformed ones it must not.
 */
describe('Peering Map session and protocol', () => {
  const world = generatedMapWorld(24, 40);
  // One peering to a network no configured account lists.
  world.peerings.push({
    ...world.peerings[0],
    peering: {
      ...world.peerings[0].peering,
      key: 'aws/pcx-external',
      id: 'pcx-external',
      peer: { cloud: 'aws', networkId: 'vpc-partner', accountId: '999999999999', name: 'partner' },
    },
  });

  function session(diagnoses?: DiagnosisLookup) {
    const posted: unknown[] = [];
    const calls: { what: string; args: unknown[] }[] = [];
    const logs: string[] = [];
    const s = new MapSession({
      post: (m) => posted.push(m),
      loadEngine: createMapEngine,
      inventory: { networks: () => world.networks, peerings: () => world.peerings },
      diagnoses,
      actions: {
        reveal: async (node: MapNode) => void calls.push({ what: 'reveal', args: [node.key] }),
        edgeAction: async (action: EdgeAction, edge: MapEdge) =>
          void calls.push({ what: 'edge', args: [action, edge.key] }),
        connect: async (from: MapNode, to: MapNode) =>
          void calls.push({ what: 'connect', args: [from.key, to.key] }),
        save: async (format: ExportFormat, content: string | Uint8Array) => {
          calls.push({ what: 'save', args: [format, content] });
          return `/tmp/peering-map.${format}`;
        },
      },
      log: {
        info: (m) => logs.push(`info ${m}`),
        warn: (m) => logs.push(`warn ${m}`),
        error: (m) => logs.push(`error ${m}`),
      },
    });
    const last = <T extends string>(type: T) =>
      posted.filter((m) => (m as { type: string }).type === type).at(-1) as
        Extract<MapHostToWebview, { type: T }> | undefined;
    return { s, posted, calls, logs, last };
  }

  it('answers ready with a scene the webview accepts, every peering an edge with its state', async () => {
    const { s, posted, last } = session();
    await s.receive({ type: 'ready', protocolVersion: 1 });
    const scene = last('scene') as MapSceneMessage;
    assert.ok(scene);
    for (const m of posted) assert.equal(parse(MapHostToWebview, m).ok, true);
    for (const { peering } of world.peerings)
      assert.ok(scene.svg.includes(`data-edge="${peering.key}" data-state="${peering.state}"`));
    assert.equal(scene.stats.networks, 25); // 24 and the partner's, seen from the other side.
    assert.equal(scene.stats.peerings, 41);
    assert.ok(scene.insights.some((i) => i.kind === 'nonTransitive'));
  });

  const malformed: [string, unknown][] = [
    ['not an object', 'ready'],
    ['an unknown type', { type: 'runScript', script: 'rm -rf /' }],
    ['an unknown field', { type: 'reveal', nodeKey: 'x', extra: 1 }],
    ['a number for a key', { type: 'reveal', nodeKey: 42 }],
    ['an unknown edge action', { type: 'edgeAction', action: 'accept', peeringKey: 'aws/pcx-0' }],
    ['an unknown export format', { type: 'export', format: 'pdf', palette: LIGHT_PALETTE }],
    [
      'a palette colour with CSS in it',
      { type: 'export', format: 'svg', palette: { ...LIGHT_PALETTE, active: 'red;fill:url(x)' } },
    ],
    [
      'a PNG that is not a PNG data URL',
      { type: 'png', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
    ],
    [
      'a search too long',
      {
        type: 'view',
        view: {
          collapsed: [],
          search: 'x'.repeat(201),
          clouds: [],
          accounts: [],
          states: [],
          problemsOnly: false,
        },
      },
    ],
    [
      'an unknown provider',
      {
        type: 'view',
        view: {
          collapsed: [],
          search: '',
          clouds: ['oracle'],
          accounts: [],
          states: [],
          problemsOnly: false,
        },
      },
    ],
    ['a prototype key', JSON.parse('{"type":"reveal","nodeKey":"x","__proto__":{"polluted":1}}')],
  ];

  it('rejects every malformed message: logged on one line, a notice, no action', async () => {
    const { s, calls, logs, last } = session();
    await s.receive({ type: 'ready', protocolVersion: 1 });
    for (const [what, message] of malformed) {
      assert.equal(parse(MapWebviewToHost, message).ok, false, what);
      const before = s.rejected;
      await s.receive(message);
      assert.equal(s.rejected, before + 1, what);
      assert.match(last('notice')?.message ?? '', /does not accept/, what);
    }
    assert.deepEqual(calls, []);
    assert.equal(
      logs.filter((l) => l.startsWith('warn Peering Map: rejected')).length,
      malformed.length,
    );
    assert.ok(logs.every((l) => !l.includes('\n')));
    assert.equal(({} as { polluted?: number }).polluted, undefined);
  });

  it('stays usable after a malformed message: the next filter draws a new scene', async () => {
    const { s, last } = session();
    await s.receive({ type: 'ready', protocolVersion: 1 });
    await s.receive({ type: 'view', view: { search: 42 } });
    assert.equal(s.rejected, 1);
    const before = last('scene')!;
    await s.receive({
      type: 'view',
      view: { ...before.view, clouds: ['gcp'] },
    });
    const after = last('scene')!;
    assert.notEqual(after, before);
    assert.deepEqual(after.view.clouds, ['gcp']);
    assert.ok(after.stats.hiddenNetworks > 0);
    assert.ok(after.svg.includes('class="node network cloud-gcp'));
    assert.ok(!after.svg.includes('class="node network cloud-aws'));
  });

  it('turns a click, an edge menu item and a drag into the panel actions', async () => {
    const { s, calls, last } = session();
    await s.receive({ type: 'ready', protocolVersion: 1 });
    const [a, b] = world.networks;
    const first = world.peerings[0].peering.key;
    await s.receive({ type: 'reveal', nodeKey: a.network.key });
    await s.receive({ type: 'edgeAction', action: 'diagnose', peeringKey: first });
    await s.receive({ type: 'edgeAction', action: 'delete', peeringKey: first });
    await s.receive({ type: 'connect', from: a.network.key, to: b.network.key });
    assert.deepEqual(calls, [
      { what: 'reveal', args: [a.network.key] },
      { what: 'edge', args: ['diagnose', first] },
      { what: 'edge', args: ['delete', first] },
      { what: 'connect', args: [a.network.key, b.network.key] },
    ]);
    // A drag from the partner's network puts the user's own network first.
    const partner = 'external:aws/999999999999/vpc-partner';
    await s.receive({ type: 'connect', from: partner, to: a.network.key });
    assert.deepEqual(calls.at(-1), { what: 'connect', args: [a.network.key, partner] });
    await s.receive({ type: 'reveal', nodeKey: partner });
    assert.match(last('notice')?.message ?? '', /not in a configured account/);
    await s.receive({ type: 'edgeAction', action: 'delete', peeringKey: 'aws/gone' });
    assert.match(last('notice')?.message ?? '', /no longer on the map/);
    assert.equal(calls.length, 5);
  });

  it('exports SVG with the palette, Mermaid and DOT, and PNG through the webview canvas', async () => {
    const { s, calls, last } = session();
    await s.receive({ type: 'ready', protocolVersion: 1 });
    const palette = { ...LIGHT_PALETTE, active: 'rgb(1, 2, 3)' };
    await s.receive({ type: 'export', format: 'svg', palette });
    await s.receive({ type: 'export', format: 'mermaid', palette });
    await s.receive({ type: 'export', format: 'dot', palette });
    const [svg, mermaid, dot] = calls.map((c) => c.args);
    assert.equal(svg[0], 'svg');
    assert.ok(String(svg[1]).startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(String(svg[1]).includes('stroke="rgb(1, 2, 3)"'));
    assert.match(String(mermaid[1]), /^flowchart LR\n/);
    assert.match(String(dot[1]), /^graph "peering-map" \{/);
    assert.match(last('notice')?.message ?? '', /Saved the map to \/tmp\/peering-map\.dot/);

    await s.receive({ type: 'export', format: 'png', palette });
    const rasterize = last('rasterize')!;
    assert.ok(rasterize.svg.includes('stroke="rgb(1, 2, 3)"'));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await s.receive({ type: 'png', dataUrl: `data:image/png;base64,${png.toString('base64')}` });
    const saved = calls.at(-1)!.args;
    assert.equal(saved[0], 'png');
    assert.deepEqual(Buffer.from(saved[1] as Uint8Array), png);
  });

  it('draws the Doctor findings on their edge and lists them; scrolls to a focused network', async () => {
    const target = world.peerings[3].peering;
    const { s, last } = session({
      get: (key) =>
        key === target.key
          ? {
              peeringKey: key,
              checkedAt: 1,
              calls: 3,
              skipped: [],
              findings: [
                {
                  code: 'rule.port-blocked',
                  severity: 'warning',
                  side: 'peer',
                  title: 'Port 6379 is closed in sg-1',
                  detail: 'Open it.',
                  evidence: [],
                  doc: PROVIDER_DOCS.awsPeering,
                },
              ],
            }
          : undefined,
      onDidChange: () => () => undefined,
    });
    s.setFocus(world.networks[5].network.key);
    await s.receive({ type: 'ready', protocolVersion: 1 });
    const scene = last('scene')!;
    const start = scene.svg.lastIndexOf(
      '<g class="edge',
      scene.svg.indexOf(`data-edge="${target.key}"`),
    );
    const edgeMarkup = scene.svg.slice(start, scene.svg.indexOf('</g>', start));
    assert.match(edgeMarkup, /class="edge peering [^"]*finding-warning[^"]*"/);
    assert.match(edgeMarkup, /<circle class="badge"/);
    assert.match(edgeMarkup, /Port 6379 is closed in sg-1/);
    const finding = scene.insights.find((i) => i.kind === 'finding')!;
    assert.deepEqual(finding.edges, [target.key]);
    assert.match(finding.text, /1 finding\(s\), worst warning: Port 6379 is closed in sg-1/);
    assert.equal(scene.focus, world.networks[5].network.key);
    // The focus applies once: the next scene does not jump back to it.
    await s.receive({ type: 'view', view: scene.view });
    assert.equal(last('scene')!.focus, undefined);
  });
});
