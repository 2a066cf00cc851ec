import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildMapGraph, type MapNetworkInput, type MapPeeringInput } from '../../../src/map/graph';
import {
  dotString,
  LIGHT_PALETTE,
  mermaidText,
  renderSvg,
  toDot,
  toMermaid,
} from '../../../src/map/export';
import { layoutScene } from '../../../src/map/layout';
import { DEFAULT_VIEW, visibleGraph } from '../../../src/map/view';
import type { Account } from '../../../src/model/types';

/** Names a cloud API could return, each trying to break out of one of the three formats. */
const HOSTILE = [
  'evil"]; click n1 "javascript:alert(1)',
  '</text><script>alert(1)</script><text>',
  'a\\N b\\" -- c; }',
  'line\nbreak %% comment #35; `md` |pipe| <b>&amp;',
  'bidi \u202eevil\u202c end',
];

const account: Account = { id: 'aws:x', cloud: 'aws', label: 'acct "q" <x>', ref: 'x' };

function hostileWorld(): { networks: MapNetworkInput[]; peerings: MapPeeringInput[] } {
  const networks: MapNetworkInput[] = HOSTILE.map((name, i) => ({
    account,
    region: 'us-east-1',
    network: {
      key: `aws:x/us-east-1/vpc-${i}`,
      accountKey: account.id,
      cloud: 'aws',
      id: `vpc-${i}`,
      name,
      cidrs: [`10.${i}.0.0/16`],
      region: 'us-east-1',
    },
  }));
  const peerings: MapPeeringInput[] = HOSTILE.slice(1).map((_, i) => ({
    account,
    region: 'us-east-1',
    peering: {
      key: `aws/pcx-${i}`,
      accountKey: account.id,
      cloud: 'aws',
      id: `pcx-${i}`,
      name: HOSTILE[i],
      state: i % 2 ? 'pending' : 'active',
      rawState: i % 2 ? 'pending-acceptance' : 'active',
      local: { cloud: 'aws', networkId: `vpc-${i}`, resolvedKey: networks[i].network.key },
      peer: { cloud: 'aws', networkId: `vpc-${i + 1}`, resolvedKey: networks[i + 1].network.key },
    },
  }));
  return { networks, peerings };
}

/** XML text as a reader sees it: every entity decoded once (`&amp;` last). */
function decodeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every <text> and <title> of an SVG document, decoded. */
function svgTexts(svg: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'text' || k === 'title')
          for (const t of [child].flat())
            out.push(
              decodeXml(
                typeof t === 'object' ? String((t as { '#text'?: unknown })['#text']) : String(t),
              ),
            );
        walk(child);
      }
    }
  };
  walk(
    new XMLParser({ ignoreAttributes: false, processEntities: false, trimValues: false }).parse(
      svg,
    ),
  );
  return out;
}

/** The visible form of a name: controls and bidi marks become `\uXXXX`. */
const shown = (name: string) =>
  name.replace(/[\n\u202e\u202c]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('Peering Map exports with hostile names', () => {
  const graph = buildMapGraph(hostileWorld());

  it('Mermaid: labels carry only safe characters and #code; entities; ids are generated', () => {
    const text = toMermaid(graph);
    const lines = text.split('\n');
    assert.equal(lines[0], 'flowchart LR');
    for (const name of HOSTILE) {
      const label = mermaidText(shown(name));
      assert.ok(text.includes(label), `missing ${label}`);
      assert.match(label, /^[A-Za-z0-9 .,:/_\-+=*@()#;]*$/);
    }
    // Nothing from a name reaches the structure: no quote, bracket, pipe, newline or backtick.
    for (const line of lines.filter((l) => /\["/.test(l))) {
      assert.match(line, /^\s*(subgraph )?(n|g)\d+\["[^"[\]|`\n]*"\]$/, line);
    }
    assert.ok(!text.includes('javascript:alert(1)"'));
    assert.ok(!text.includes('<script>'));
    assert.equal(mermaidText('a"b'), 'a#34;b');
    assert.equal(mermaidText('%%'), '#37;#37;');
    // Every edge has a state label; pending is dotted.
    assert.equal((text.match(/ ---\|"active"\| /g) ?? []).length, 2);
    assert.equal((text.match(/ -\.-\|"pending"\| /g) ?? []).length, 2);
  });

  it('DOT: strings escape backslash and quote; Graphviz reads each name back as written', function () {
    const text = toDot(graph);
    assert.equal(dotString('a\\N"b'), '"a\\\\N\\"b"');
    assert.ok(!/\n[^\n]*\u202e/.test(text), 'a bidi override reached the text');
    const dot = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
    if (dot.error) {
      this.skip(); // Graphviz is not installed here (Debian: apt-get install graphviz).
    }
    assert.equal(dot.status, 0, dot.stderr);
    // What Graphviz draws: each label line is one <text>, read back through an XML parser.
    const drawn = svgTexts(dot.stdout);
    for (const name of HOSTILE) {
      assert.ok(drawn.includes(shown(name)), `Graphviz drew ${JSON.stringify(drawn)}`);
    }
    assert.ok(drawn.includes('acct "q" <x>'));
    assert.equal((dot.stdout.match(/class="edge"/g) ?? []).length, 4);
  });

  it('SVG: well-formed XML whose text is each name, with no element a name could add', async () => {
    const scene = await layoutScene(visibleGraph(graph, DEFAULT_VIEW));
    for (const svg of [renderSvg(scene), renderSvg(scene, { palette: LIGHT_PALETTE })]) {
      assert.equal(XMLValidator.validate(svg), true);
      assert.ok(!svg.includes('<script'));
      const decoded = svgTexts(svg);
      for (const name of HOSTILE) {
        assert.ok(
          decoded.some((t) => t.split('\n')[0] === shown(name)),
          `no title reads ${shown(name)}`,
        );
      }
      // Every peering is an edge with its state.
      for (const edge of graph.edges) {
        assert.ok(svg.includes(`data-edge="${edge.key}" data-state="${edge.state}"`), edge.key);
      }
    }
  });

  it('SVG export writes the palette in; the panel version styles by class only', async () => {
    const scene = await layoutScene(visibleGraph(graph, DEFAULT_VIEW));
    const exported = renderSvg(scene, { palette: { ...LIGHT_PALETTE, active: '#00ff00' } });
    assert.ok(exported.includes('stroke="#00ff00"'));
    assert.ok(exported.includes(`fill="${LIGHT_PALETTE.background}"`));
    const panel = renderSvg(scene);
    assert.ok(!panel.includes('stroke="#'));
    assert.ok(!/ style=/.test(panel), 'inline style attributes would be blocked by the CSP');
  });
});
