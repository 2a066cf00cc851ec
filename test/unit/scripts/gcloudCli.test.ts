/**
 * Generated GCP bash, run by Google's real gcloud (Cloud SDK at
 * /usr/bin/gcloud) against the sandbox through gcloud's endpoint override
 * (`api_endpoint_overrides/compute` in a private CLOUDSDK_CONFIG, any access
 * token in CLOUDSDK_AUTH_ACCESS_TOKEN): each GCP scenario reaches ACTIVE
 * peerings with its firewall rules, and every gcloud command form of every
 * scenario's script (both modes) is among the calls gcloud accepted.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, renderScript } from '../../../src/plans';
import type { PlanInputs, ScenarioId } from '../../../src/model/plan';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { DRAGONFLY } from '../../../src/sandbox/worlds/demoTopology';
import { modeContext, SAMPLE_INPUTS } from '../plans/samples';
import { sandboxSession, type SandboxSession } from '../plans/sandboxSession';
import {
  dragonflyConnections,
  everyScript,
  runBash,
  runProgram,
  skipWithoutTool,
  SYSTEM_PATH,
} from './cliHarness';

const GCLOUD = '/usr/bin/gcloud';

/** One gcloud call the real CLI received during a script run, with its exit code. */
interface LoggedCall {
  argv: string[];
  rc: number;
}

/** A gcloud command as written in a script: its command words and the flags it passes. */
export interface CommandForm {
  words: string[];
  flags: string[];
  text: string;
}

/**
 * The commands of `program` in a script's text: continuation lines joined, each
 * `program` word up to the end of its pipeline element; command words are the
 * bare words before the first flag or quoted value.
 */
export function commandForms(script: string, program: string): CommandForm[] {
  const joined = script.replace(/\\\n\s*/g, ' ');
  const forms: CommandForm[] = [];
  for (const line of joined.split('\n')) {
    if (line.trimStart().startsWith('#')) continue;
    const re = new RegExp(`(?:^|[\\s($])${program} ([^|;)]*)`, 'g');
    for (const m of line.matchAll(re)) {
      const tokens = m[1].trim().split(/\s+/);
      const words: string[] = [];
      for (const t of tokens) {
        if (!/^[a-z][a-z0-9-]*$/.test(t)) break;
        words.push(t);
      }
      const flags = tokens.filter((t) => t.startsWith('--')).map((t) => t.split('=')[0]);
      forms.push({ words, flags, text: `${program} ${m[1].trim()}` });
    }
  }
  return forms;
}

describe('generated bash with the real gcloud against the sandbox', function () {
  this.timeout(600_000);
  let sandbox: RunningSandbox;
  let session: SandboxSession;
  let home: string;
  let env: Record<string, string>;
  const logged: LoggedCall[] = [];

  before(async function () {
    skipWithoutTool(this, GCLOUD, 'install the Google Cloud SDK');
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 300 });
    session = sandboxSession(sandbox);
    home = mkdtempSync(join(tmpdir(), 'gcloud-cli-scripts-'));
    // A gcloud first on PATH that runs the real one and logs its argv and exit code.
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'gcloud'),
      [
        '#!/bin/bash',
        `${GCLOUD} "$@"`,
        'rc=$?',
        `jq -cn --argjson rc "$rc" '{rc: $rc, argv: $ARGS.positional}' --args -- "$@" >>"$GCLOUD_LOG"`,
        'exit "$rc"',
        '',
      ].join('\n'),
    );
    chmodSync(join(bin, 'gcloud'), 0o755);
    env = {
      PATH: `${bin}:${SYSTEM_PATH}`,
      CLOUDSDK_CONFIG: join(home, 'gcloud-config'),
      CLOUDSDK_AUTH_ACCESS_TOKEN: 'sandbox-token',
      CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
      CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: 'true',
      CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: 'true',
      GCLOUD_LOG: join(home, 'calls.jsonl'),
      DFCLOUD_API: sandbox.endpoints.dragonfly,
      DFCLOUD_API_KEY: DRAGONFLY.apiKey,
      WAIT_INTERVAL_SECONDS: '1',
      WAIT_TIMEOUT_SECONDS: '120',
    };
    writeFileSync(env.GCLOUD_LOG, '');
    const set = await runProgram(
      GCLOUD,
      ['config', 'set', 'api_endpoint_overrides/compute', `${sandbox.endpoints.gcp}/compute/v1/`],
      home,
      env,
    );
    assert.equal(set.code, 0, set.out);
  });
  after(async () => {
    session?.dispose();
    await sandbox?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function takeLog(): LoggedCall[] {
    const calls = readFileSync(env.GCLOUD_LOG, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LoggedCall);
    writeFileSync(env.GCLOUD_LOG, '');
    logged.push(...calls);
    return calls;
  }

  /**
   * The peerings (name → state), their custom route exchange (name → [export, import]) and the
   * firewall rules (name → source ranges) of a network.
   */
  async function gcpState(project: string, network: string) {
    const described = await runProgram(
      GCLOUD,
      ['compute', 'networks', 'describe', network, '--project', project, '--format', 'json'],
      home,
      env,
    );
    assert.equal(described.code, 0, described.out);
    const listedPeerings =
      (
        JSON.parse(described.out) as {
          peerings?: {
            name: string;
            state: string;
            exportCustomRoutes?: boolean;
            importCustomRoutes?: boolean;
          }[];
        }
      ).peerings ?? [];
    const peerings = Object.fromEntries(listedPeerings.map((p) => [p.name, p.state]));
    const exchange = Object.fromEntries(
      listedPeerings.map((p) => [p.name, [!!p.exportCustomRoutes, !!p.importCustomRoutes]]),
    );
    const listed = await runProgram(
      GCLOUD,
      ['compute', 'firewall-rules', 'list', '--project', project, '--format', 'json'],
      home,
      env,
    );
    assert.equal(listed.code, 0, listed.out);
    const rules = Object.fromEntries(
      (JSON.parse(listed.out) as { name: string; network: string; sourceRanges?: string[] }[])
        .filter((r) => r.network.endsWith(`/networks/${network}`))
        .map((r) => [r.name, r.sourceRanges ?? []]),
    );
    return { peerings, exchange, rules };
  }

  interface Half {
    project: string;
    network: string;
    peering: string;
    firewall?: { name: string; from: string[] };
    /** The custom route exchange this half asks for: [export, import]. */
    exchange?: [boolean, boolean];
  }
  /** Every script the cases below ran, for the command-form check at the end. */
  const ranScripts: { name: string; script: string }[] = [];
  const twoCidrs = ['10.102.0.0/20', '10.103.0.0/24'];
  const cases: {
    id: ScenarioId;
    halves: () => Half[];
    rerun?: boolean;
    /** Inputs beyond the sample: optional branches (custom routes) and a two-CIDR peer. */
    inputs?: PlanInputs;
  }[] = [
    {
      id: 'gcp-same-project',
      rerun: true,
      halves: () => [
        {
          project: 'sandbox-project',
          network: 'svc-net',
          peering: 'svc-to-legacy',
          firewall: { name: 'svc-net-from-legacy-net', from: ['10.100.0.0/22'] },
        },
        {
          project: 'sandbox-project',
          network: 'legacy-net',
          peering: 'legacy-to-svc',
          firewall: { name: 'legacy-net-from-svc-net', from: ['10.101.0.0/20'] },
        },
      ],
    },
    {
      id: 'gcp-cross-project',
      inputs: { peerCidrs: twoCidrs, exportCustomRoutes: 'yes' },
      halves: () => [
        {
          project: 'sandbox-project',
          network: 'svc-net',
          peering: 'svc-to-peer',
          firewall: { name: 'svc-net-from-peer-net', from: twoCidrs },
          exchange: [true, false],
        },
        {
          project: 'sandbox-peer-project',
          network: 'peer-net',
          peering: 'peer-to-svc',
          firewall: { name: 'peer-net-from-svc-net', from: ['10.101.0.0/20'] },
          exchange: [false, true],
        },
      ],
    },
    {
      id: 'emqx-byoc-gcp',
      inputs: { exportCustomRoutes: 'yes', importCustomRoutes: 'yes' },
      halves: () => {
        const script = renderScript(
          buildPlan('emqx-byoc-gcp', SAMPLE_INPUTS['emqx-byoc-gcp'] ?? {}),
          'bash',
        );
        const value = (name: string) => new RegExp(`\\n${name}=(\\S+)\\n`).exec(script)?.[1] ?? '';
        return [
          {
            project: 'sandbox-project',
            network: 'legacy-net',
            peering: value('BYOC_PEERING_NAME'),
            firewall: { name: 'legacy-net-from-peer-net', from: ['10.102.0.0/20'] },
            exchange: [true, true],
          },
          {
            project: 'sandbox-peer-project',
            network: 'peer-net',
            peering: value('SERVICE_PEERING_NAME'),
            firewall: { name: 'peer-net-from-legacy-net', from: ['10.100.0.0/22'] },
            exchange: [true, true],
          },
        ];
      },
    },
  ];

  for (const c of cases) {
    it(`${c.id}: the script reaches ACTIVE peerings with their firewall rules${c.rerun ? ', and a re-run creates nothing' : ''}`, async () => {
      const script = renderScript(
        buildPlan(c.id, { ...SAMPLE_INPUTS[c.id], ...c.inputs }, modeContext(c.id, 'api')),
        'bash',
      );
      ranScripts.push({ name: `${c.id} (api, with ${JSON.stringify(c.inputs ?? {})})`, script });
      const run = await runBash(home, script, env);
      const calls = takeLog();
      assert.equal(run.code, 0, run.out);
      assert.ok(calls.length > 0, 'the script called gcloud');
      for (const half of c.halves()) {
        const state = await gcpState(half.project, half.network);
        assert.equal(
          state.peerings[half.peering],
          'ACTIVE',
          `${half.network}: ${JSON.stringify(state.peerings)}`,
        );
        if (half.firewall)
          assert.deepEqual(
            state.rules[half.firewall.name],
            half.firewall.from,
            `${half.network} rules`,
          );
        assert.deepEqual(
          state.exchange[half.peering],
          half.exchange ?? [false, false],
          `${half.network}: custom routes [export, import] of ${half.peering}`,
        );
      }
      if (!c.rerun) return;
      const before = await Promise.all(c.halves().map((h) => gcpState(h.project, h.network)));
      const again = await runBash(home, script, env);
      const againCalls = takeLog();
      assert.equal(again.code, 0, again.out);
      assert.deepEqual(
        againCalls
          .filter((call) => call.argv.includes('create'))
          .map((call) => call.argv.join(' ')),
        [],
        'nothing is created again',
      );
      const after = await Promise.all(c.halves().map((h) => gcpState(h.project, h.network)));
      assert.deepEqual(after, before);
    });
  }

  /**
   * A Dragonfly Cloud network hosted on GCP, made through the sandbox's Dragonfly Cloud API as a
   * user would (POST /v1/networks), once it reads active: its id and the GCP project and network
   * of its VPC (`vpc.account_id`, `vpc.resource_id`).
   */
  async function dragonflyGcpNetwork(cidr: string) {
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sandbox.endpoints.dragonfly}/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${DRAGONFLY.apiKey}`,
          'Content-Type': 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as {
        network_id: string;
        status: string;
        vpc: { resource_id: string; account_id: string } | null;
      };
    };
    const created = await api('POST', '/networks', {
      name: 'df-gcp',
      location: { provider: 'gcp', region: 'us-central1' },
      cidr_block: cidr,
    });
    let network = created;
    for (let i = 0; network.status !== 'active'; i++) {
      assert.ok(i < 600, `network ${created.network_id} stays ${network.status}`);
      await new Promise((r) => setTimeout(r, 100));
      network = await api('GET', `/networks/${created.network_id}`);
    }
    assert.ok(network.vpc, 'an active network has its VPC');
    return {
      id: network.network_id,
      project: network.vpc.account_id,
      vpcId: network.vpc.resource_id,
    };
  }

  it('dragonfly-gcp: on a Dragonfly network made through its API, the customer half reaches ACTIVE with its firewall rule and routes, and the connection turns active', async () => {
    const dfCidr = '192.168.0.0/16';
    const df = await dragonflyGcpNetwork(dfCidr);
    const inputs: PlanInputs = {
      ...(SAMPLE_INPUTS['dragonfly-gcp'] ?? {}),
      dragonflyNetworkId: df.id,
      dragonflyProject: df.project,
      dragonflyVpcId: df.vpcId,
      dragonflyCidr: dfCidr,
    };
    const script = renderScript(
      buildPlan('dragonfly-gcp', inputs, modeContext('dragonfly-gcp', 'api')),
      'bash',
    );
    ranScripts.push({ name: 'dragonfly-gcp (api, on a network made through the API)', script });
    const run = await runBash(home, script, env);
    const calls = takeLog();
    assert.equal(run.code, 0, run.out);
    assert.ok(
      calls.some(
        (c) => c.rc === 0 && c.argv.slice(0, 4).join(' ') === 'compute networks peerings create',
      ),
      'gcloud created the peering',
    );
    const peeringName = /\nPEERING_NAME=(\S+)\n/.exec(script)?.[1] ?? '';
    const firewallName = /\nFIREWALL_NAME=(\S+)\n/.exec(script)?.[1] ?? '';
    const customerProject = inputs.customerProject as string;
    const customerNetwork = inputs.customerNetwork as string;
    const state = await gcpState(customerProject, customerNetwork);
    assert.equal(state.peerings[peeringName], 'ACTIVE', JSON.stringify(state.peerings));
    assert.deepEqual(state.rules[firewallName], [dfCidr]);
    // The Dragonfly half, on Dragonfly's own GCP project, names the customer network back.
    const dfSide = await gcpState(df.project, df.vpcId);
    assert.deepEqual(Object.values(dfSide.peerings), ['ACTIVE'], JSON.stringify(dfSide.peerings));
    // The routes the peering brings in: the Dragonfly CIDR, imported into the customer network.
    const routes = await runProgram(
      GCLOUD,
      [
        'compute',
        'networks',
        'peerings',
        'list-routes',
        peeringName,
        '--network',
        customerNetwork,
        '--project',
        customerProject,
        '--region',
        'us-central1',
        '--direction',
        'INCOMING',
        '--format',
        'json',
      ],
      home,
      env,
    );
    assert.equal(routes.code, 0, routes.out);
    assert.deepEqual(
      (JSON.parse(routes.out) as { destRange: string; imported: boolean }[]).map((r) => [
        r.destRange,
        r.imported,
      ]),
      [[dfCidr, true]],
    );
    const connections = await dragonflyConnections(sandbox.endpoints.dragonfly, DRAGONFLY.apiKey);
    assert.deepEqual(
      connections
        .filter((c) => c.connection_config.network_id === df.id)
        .map((c) => [c.connection_config.peer.vpc_id, c.status]),
      [[customerNetwork, 'active']],
    );
  });

  it('every gcloud command of every scenario, in both modes and with the optional branches run above, was accepted by gcloud in the runs above', function () {
    if (logged.length === 0) {
      console.log('      skipped: no script run reached gcloud');
      this.skip();
    }
    const argumentErrors = logged.filter((c) => c.rc === 2);
    assert.deepEqual(
      argumentErrors.map((c) => c.argv.join(' ')),
      [],
      'gcloud argument errors',
    );
    let checked = 0;
    const distinct = new Set<string>();
    for (const { name, script } of [...everyScript(), ...ranScripts]) {
      for (const form of commandForms(script, 'gcloud')) {
        checked++;
        distinct.add([...form.words, ...[...form.flags].sort()].join(' '));
        const accepted = logged.some(
          (call) =>
            call.rc === 0 &&
            form.words.every((w, i) => call.argv[i] === w) &&
            form.flags.every((f) => call.argv.some((a) => a === f || a.startsWith(`${f}=`))),
        );
        assert.ok(accepted, `${name}: no accepted gcloud call has the form of: ${form.text}`);
      }
    }
    assert.ok(checked >= 20, `checked ${checked} gcloud commands`);
    const distinctCalls = new Set(logged.map((c) => c.argv.join(' '))).size;
    console.log(
      `      ${checked} gcloud commands in the scripts (${distinct.size} distinct forms); ${logged.length} real gcloud calls against the sandbox (${distinctCalls} distinct argv)`,
    );
  });
});
