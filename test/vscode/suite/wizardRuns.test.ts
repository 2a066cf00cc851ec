/**
 * Wizard runs in the real extension host on the sandbox: a failing step and
 * its retry, cancel and resume, resume after a reload (from a copy of the
 * run's folder taken mid-run), and Run in Terminal.
 */
import * as assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { Account } from '../../../src/model/types';
import type { Draft, NetworkChoice, RunView } from '../../../src/protocol/wizardMessages';
import type { WizardHandlers } from '../../../src/protocol/wizardRpc';
import { AwsProvider } from '../../../src/providers/aws';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AWS_ACCOUNTS, AWS_VPCS, DRAGONFLY } from '../../../src/sandbox/worlds/demoTopology';
import {
  openScriptInEditor,
  runScriptInTerminal,
} from '../../../src/ui/wizard/panel/scriptActions';
import { PlanRuns } from '../../../src/ui/wizard/planBundle/wizardRuns';
import { extensionApi } from './sandboxWorld';

/** The latest view of each run, and a way to wait for one to get somewhere. */
class RunWatcher {
  private readonly latest = new Map<string, RunView>();
  private readonly waiters = new Set<() => void>();

  readonly push = (run: RunView): void => {
    this.latest.set(run.runId, run);
    for (const wake of this.waiters) wake();
  };

  async until(runId: string, what: string, ok: (run: RunView) => boolean, ms = 90_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const run = this.latest.get(runId);
      if (run && ok(run)) return run;
      if (Date.now() > deadline) {
        const steps = run?.steps.map((s) => `${s.id}=${s.status}${s.error ? ` (${s.error})` : ''}`);
        throw new Error(`run ${runId} never ${what}; last: ${run?.status} ${steps?.join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 500);
      });
    }
  }
}

describe('Peering wizard: runs on the sandbox (fail, retry, cancel, resume, terminal)', function () {
  this.timeout(240_000);
  let peering: CloudPeeringApi;
  let sandbox: RunningSandbox;
  let handlers: WizardHandlers;
  const runs = new RunWatcher();
  let networks: NetworkChoice[];

  before(async () => {
    peering = await extensionApi();
    sandbox = await peering.sandbox.start();
    await vscode.commands.executeCommand('peering.trySandbox');
    handlers = peering.wizard.handlers(runs.push);
    networks = (await handlers.listNetworks({ method: 'listNetworks', refresh: true })).networks;
  });

  after(async () => {
    sandbox?.admin.setFaults([]);
    await vscode.commands.executeCommand('peering.stopSandbox');
  });

  const network = (id: string): NetworkChoice => {
    const found = networks.find((n) => n.id === id);
    assert.ok(found, `${id} among ${networks.map((n) => n.id).join(', ')}`);
    return found;
  };

  it('shows a failing step with its error, and Retry picks up at that step without redoing the others', async () => {
    const draft: Draft = {
      scenarioId: 'dragonfly-aws',
      localNetworkKey: network(AWS_VPCS.data.id).key,
      inputs: { dragonflyNetworkId: DRAGONFLY.network.id },
    };
    // Every accept answers 500: the runner retries, then gives up on that step.
    sandbox.admin.setFaults([
      { cloud: 'aws', operation: 'AcceptVpcPeeringConnection', errorRate: 1 },
    ]);
    const started = await handlers.startRun({ method: 'startRun', draft });
    const failed = await runs.until(started.runId, 'failed', (r) => r.status === 'failed', 120_000);
    const bad = failed.steps.find((s) => s.status === 'failed');
    assert.ok(bad, 'a failed step');
    assert.match(bad.id, /accept/);
    assert.ok(bad.error && bad.error.length > 0, 'the failed step says why');
    const before = failed.steps.slice(0, failed.steps.indexOf(bad));
    assert.ok(
      before.length > 0 && before.every((s) => s.status === 'done' || s.status === 'skipped'),
    );
    assert.ok(
      failed.steps.slice(failed.steps.indexOf(bad) + 1).every((s) => s.status === 'pending'),
    );

    sandbox.admin.setFaults([]);
    await handlers.retryStep({ method: 'retryStep', runId: started.runId, stepId: bad.id });
    const done = await runs.until(started.runId, 'succeeded', (r) => r.status === 'succeeded');
    // The steps before the failed one ran once; the failed one ran again.
    for (const step of before) {
      const again = done.steps.find((s) => s.id === step.id)!;
      assert.equal(again.attempts, step.attempts, `${step.id} was not repeated`);
    }
    assert.ok((done.steps.find((s) => s.id === bad.id)!.attempts ?? 0) >= 2);
    assert.equal(done.peering?.state, 'active');
    await assert.rejects(
      Promise.resolve(
        handlers.retryStep({ method: 'retryStep', runId: started.runId, stepId: bad.id }),
      ),
      /has not failed/,
    );
  });

  it('cancels a run waiting at a manual step, resumes it from the journal, and resumes it after a reload', async () => {
    const draft: Draft = {
      scenarioId: 'emqx-cloud-aws',
      localNetworkKey: network(AWS_VPCS.app.id).key,
      inputs: {
        emqxRegion: 'us-east-1',
        emqxVpcId: AWS_VPCS.emqx.id,
        emqxCidr: AWS_VPCS.emqx.cidrs[0],
        emqxAccountId: AWS_ACCOUNTS.emqx.accountId,
      },
    };
    const started = await handlers.startRun({ method: 'startRun', draft });
    const waiting = await runs.until(started.runId, 'waited for EMQX', (r) =>
      r.steps.some((s) => s.awaitingUser),
    );
    const manual = waiting.steps.find((s) => s.awaitingUser)!;
    const pcx = manual.values?.find((v) => v.label === 'Peering ID')?.value;
    assert.match(pcx ?? '', /^pcx-/);
    assert.ok((manual.instructions ?? []).length > 0);

    // What a window reload leaves behind: the run's folder as it is mid-run.
    const snapshot = await mkdtemp(join(tmpdir(), 'wizard-reload-'));
    await cp(join(peering.wizard.runsDirectory, started.runId), join(snapshot, started.runId), {
      recursive: true,
    });

    await handlers.cancelRun({ method: 'cancelRun', runId: started.runId });
    const cancelled = await runs.until(started.runId, 'cancelled', (r) => r.status === 'cancelled');
    assert.equal(cancelled.steps.find((s) => s.id === manual.id)?.status, 'cancelled');

    await handlers.resumeRun({ method: 'resumeRun', runId: started.runId });
    const again = await runs.until(started.runId, 'waited again', (r) =>
      r.steps.some((s) => s.awaitingUser && r.status === 'running'),
    );
    // The request was not made twice: same pcx, first step still from the first attempt.
    assert.equal(again.steps.find((s) => s.awaitingUser)?.values?.[0]?.value, pcx);
    assert.equal(again.steps[0].attempts, 1);

    await acceptAsEmqx(sandbox, pcx!);
    await handlers.confirmStep({ method: 'confirmStep', runId: started.runId, stepId: manual.id });
    const done = await runs.until(started.runId, 'succeeded', (r) => r.status === 'succeeded');
    assert.equal(done.peering?.id, pcx);
    assert.equal(done.peering?.state, 'active');
    assert.ok(
      done.followUps.some((f) => f.value === pcx),
      'the EMQX console values carry the pcx',
    );

    // After the reload: the host finds the run unfinished on disk and resumes it from its journal.
    const reloaded = new PlanRuns({
      dir: snapshot,
      loadProvider: (cloud) => loadProvider(peering, cloud),
      accounts: () => peering.accounts.list(),
      plan: () => assert.fail('a resumed run is never re-planned'),
      log: { warn: () => undefined, error: () => undefined },
      pollIntervalMs: 500,
    });
    const seen = new RunWatcher();
    const restored = await reloaded.attach(started.runId, seen.push);
    assert.equal(restored.status, 'interrupted');
    assert.equal(restored.steps[0].status, 'done');
    await reloaded.resume(started.runId, seen.push);
    const resumed = await seen.until(
      started.runId,
      'succeeded after the reload',
      (r) => r.status === 'succeeded',
    );
    assert.equal(resumed.steps[0].attempts, 1, 'the request was not made again');
    // Still one peering between the two VPCs.
    const between = await new AwsProvider({ credentials: emqxCredentials() }).listPeerings({
      account: emqxAccount(sandbox),
      region: 'us-east-1',
    });
    assert.equal(
      between.filter(
        (p) =>
          [p.local.networkId, p.peer.networkId].includes(AWS_VPCS.app.id) &&
          [p.local.networkId, p.peer.networkId].includes(AWS_VPCS.emqx.id) &&
          p.state !== 'deleted',
      ).length,
      1,
    );
  });

  it('Open in Editor shows each flavor in an untitled editor with its language', async () => {
    const bash = await openScriptInEditor({ flavor: 'bash', text: 'echo one\n', stem: 'x' });
    assert.equal(bash.done, true);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.getText(), 'echo one\n');
    assert.equal(editor.document.languageId, 'shellscript');
    assert.equal(editor.document.isUntitled, true);
    await openScriptInEditor({ flavor: 'terraform', text: 'resource "x" "y" {}\n', stem: 'x' });
    const tf = vscode.window.activeTextEditor;
    assert.equal(tf?.document.getText(), 'resource "x" "y" {}\n');
    const languages = await vscode.languages.getLanguages();
    assert.equal(
      tf?.document.languageId,
      languages.includes('terraform') ? 'terraform' : 'plaintext',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Run in Terminal shows the script in a modal confirmation, then runs bash on a private temp file', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'wizard-terminal-')), 'ran.txt');
    // Quoting that would break if the script were typed into a shell instead of run from a file.
    const text = `#!/usr/bin/env bash\nset -euo pipefail\nprintf '%s\\n' "it's \\$(not) run" > '${out}'\n`;
    const asked: { message: string; detail: string }[] = [];
    const declined = await runScriptInTerminal(
      { flavor: 'bash', text, stem: 'test' },
      async (message, detail) => {
        asked.push({ message, detail });
        return undefined;
      },
    );
    assert.equal(declined.done, false);
    const terminalsBefore = vscode.window.terminals.length;

    let file = '';
    const ran = await runScriptInTerminal(
      { flavor: 'bash', text, stem: 'test' },
      async (m, detail, run) => {
        asked.push({ message: m, detail });
        return run;
      },
    );
    assert.equal(ran.done, true);
    file = /Running (\S+\.sh) in a terminal/.exec(ran.message ?? '')?.[1] ?? '';
    assert.ok(file, ran.message);
    assert.equal(asked.length, 2);
    assert.equal(asked[1].detail, text, 'the confirmation shows the whole script');
    assert.match(asked[1].message, /changes your cloud accounts/);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(await readFile(file, 'utf8'), text);
    assert.equal(vscode.window.terminals.length, terminalsBefore + 1);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const content = await readFile(out, 'utf8').catch(() => '');
      if (content) {
        assert.equal(content, "it's $(not) run\n");
        break;
      }
      if (Date.now() > deadline) throw new Error('the terminal never ran the script');
      await new Promise((r) => setTimeout(r, 200));
    }
    const terraform = await runScriptInTerminal(
      { flavor: 'terraform', text: 'x', stem: 't' },
      async () => assert.fail('no confirmation for Terraform'),
    );
    assert.equal(terraform.done, false);
    for (const t of vscode.window.terminals) if (t.name.includes('test')) t.dispose();
  });
});

function emqxAccount(sandbox: RunningSandbox): Account {
  return {
    id: 'test:emqx',
    cloud: 'aws',
    ref: AWS_ACCOUNTS.emqx.profile,
    label: 'EMQX Cloud (sandbox)',
    regions: ['us-east-1'],
    endpoint: sandbox.endpoints.aws,
    sandbox: true,
  };
}

function emqxCredentials() {
  return {
    getSecret: async () =>
      JSON.stringify({
        accessKeyId: AWS_ACCOUNTS.emqx.accessKeyId,
        secretAccessKey: AWS_ACCOUNTS.emqx.secretAccessKey,
      }),
  };
}

/** What the EMQX console does on Confirm: its account accepts the request. */
async function acceptAsEmqx(sandbox: RunningSandbox, pcx: string): Promise<void> {
  const provider = new AwsProvider({ credentials: emqxCredentials() });
  try {
    await provider.acceptPeering({ account: emqxAccount(sandbox), region: 'us-east-1' }, pcx);
  } finally {
    provider.dispose();
  }
}

/** The extension's own provider bundle, with the sandbox accounts' secrets, as a reloaded host has them. */
async function loadProvider(peering: CloudPeeringApi, cloud: string) {
  const ext = vscode.extensions.getExtension('cloud-peering.cloud-peering');
  assert.ok(ext);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(ext.extensionPath, 'dist', 'providers', `${cloud}.js`)) as {
    createProvider: typeof import('../../../src/providers/aws').createProvider;
  };
  return mod.createProvider({
    credentials: { getSecret: async (id) => peering.sandbox.secretFor(id) },
  });
}
