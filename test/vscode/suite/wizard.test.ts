/**
 * The peering wizard's host side, inside the real extension host, on the
 * sandbox's demo world: the panel and its CSP, the message validation, the
 * requests the pages make (scenarios, networks, choices, validation, plan),
 * a run through the runner to an active peering, and what a reload restores.
 */
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type {
  Draft,
  HostToWebview,
  NetworkChoice,
  RunView,
} from '../../../src/protocol/wizardMessages';
import { WizardHostEndpoint, type WizardHandlers } from '../../../src/protocol/wizardRpc';
import { WIZARD_VIEW_TYPE } from '../../../src/ui/wizard/panel';
import { PlanRuns } from '../../../src/ui/wizard/planBundle/wizardRuns';
import { AWS_VPCS, DRAGONFLY } from '../../../src/sandbox/worlds/demoTopology';
import { extensionApi, waitFor } from './sandboxWorld';

/** Resolves once `until` holds for the latest run update, or fails after `ms`. */
function runUpdates() {
  const seen: RunView[] = [];
  let wake: (() => void) | undefined;
  return {
    seen,
    push(run: RunView) {
      seen.push(run);
      wake?.();
    },
    async until(predicate: (run: RunView) => boolean, ms = 90_000): Promise<RunView> {
      const deadline = Date.now() + ms;
      for (;;) {
        const last = seen.at(-1);
        if (last && predicate(last)) return last;
        if (Date.now() > deadline)
          throw new Error(
            `run did not get there in ${ms} ms; last: ${JSON.stringify(last, null, 1)?.slice(0, 3000)}`,
          );
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 500);
        });
      }
    },
  };
}

describe('Peering wizard: host logic on the sandbox', function () {
  this.timeout(180_000);
  let peering: CloudPeeringApi;
  let handlers: WizardHandlers;
  const updates = runUpdates();

  before(async () => {
    peering = await extensionApi();
    await peering.sandbox.start();
    await vscode.commands.executeCommand('peering.trySandbox');
    handlers = peering.wizard.handlers((run) => updates.push(run));
  });

  after(async () => {
    peering.wizard.panels.dispose();
    await vscode.commands.executeCommand('peering.stopSandbox');
  });

  it('opens from peering.newPeering, answers the ready handshake, and renders under a strict CSP', async () => {
    await vscode.commands.executeCommand('peering.newPeering');
    const panel = peering.wizard.panels.panel;
    assert.ok(panel, 'no wizard panel after peering.newPeering');
    assert.equal(panel.panel.viewType, WIZARD_VIEW_TYPE);
    await Promise.race([
      panel.ready,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the webview never said ready')), 30_000),
      ),
    ]);
    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, `no nonce in ${csp}`);
    const source = panel.panel.webview.cspSource;
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${source} 'nonce-${nonce}'; ` +
        `font-src ${source}; img-src ${source} data:; base-uri 'none'; form-action 'none'`,
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // Exactly one script that runs, carrying the nonce, loaded from dist/webviews; the only other
    // script element is the translation bundle, inert data (type="application/json").
    const all = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    const scripts = all.filter((tag) => !/type="application\/json"/.test(tag));
    assert.equal(all.length - scripts.length, 1);
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`));
    assert.match(scripts[0], /dist\/webviews\/wizard\.js/);
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.path);
    assert.equal(roots.length, 1);
    assert.match(roots[0], /\/dist\/webviews$/);
    // Every render gets a fresh nonce.
    panel.render();
    const again = /script-src 'nonce-([^']+)'/.exec(panel.panel.webview.html)?.[1];
    assert.ok(again && again !== nonce, 'the nonce was reused');
  });

  it('rejects malformed messages from the panel, answers those with an id, and keeps working', async () => {
    const panel = peering.wizard.panels.panel;
    assert.ok(panel);
    const before = panel.endpoint.rejected;
    await panel.endpoint.receive({ type: 'request', id: 41, request: { method: 'rm -rf /' } });
    await panel.endpoint.receive('not even an object');
    await panel.endpoint.receive({ type: 'request', request: { method: 'listScenarios' } });
    assert.equal(panel.endpoint.rejected - before, 3);

    // The same handlers behind an endpoint whose answers the test can read.
    const posted: HostToWebview[] = [];
    const warnings: string[] = [];
    const endpoint = new WizardHostEndpoint({
      post: (m) => posted.push(m),
      handlers,
      onReady: () => ({ protocolVersion: 1, flavor: 'bash', hasAccounts: true }),
      log: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
    });
    await endpoint.receive({
      type: 'request',
      id: 7,
      request: { method: 'validate', draft: { scenarioId: 'dragonfly-aws', inputs: { x: 1 } } },
    });
    await endpoint.receive({ type: 'request', id: 8, request: { method: 'listScenarios' } });
    const [bad, good] = posted as Extract<HostToWebview, { type: 'response' }>[];
    assert.equal(bad.id, 7);
    assert.equal(bad.ok, false);
    assert.equal(bad.error?.code, 'invalid-message');
    assert.match(bad.error?.message ?? '', /draft\.inputs\.x: expected a string, got number/);
    assert.equal(good.id, 8);
    assert.equal(good.ok, true);
    assert.ok(Array.isArray(good.result) && good.result.length > 0);
    assert.equal(warnings.length, 1);
  });

  let shared: NetworkChoice;

  it('lists the provider scenarios with their constraints, and your networks from discovery with every CIDR', async () => {
    const scenarios = await handlers.listScenarios({ method: 'listScenarios' });
    const ids = scenarios.map((s) => s.id);
    for (const id of ['dragonfly-aws', 'emqx-cloud-aws', 'aws-same-account'])
      assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    const dragonfly = scenarios.find((s) => s.id === 'dragonfly-aws')!;
    assert.equal(dragonfly.kind, 'service');
    assert.deepEqual(dragonfly.localClouds, ['aws']);
    assert.ok(dragonfly.constraints.some((c) => /Inactive/.test(c)));
    const emqx = scenarios.find((s) => s.id === 'emqx-cloud-aws')!;
    assert.ok(emqx.constraints.some((c) => /100\.0\.0\.0\/8/.test(c)));
    // Your VPC's id, region and CIDRs come from the network picker, not from typing.
    assert.ok(dragonfly.fields.some((f) => f.name === 'customerVpcId' && f.fromNetwork));
    assert.ok(dragonfly.fields.some((f) => f.name === 'dragonflyNetworkId' && f.step === 'other'));

    const { networks } = await handlers.listNetworks({ method: 'listNetworks', refresh: true });
    const app = networks.find((n) => n.id === AWS_VPCS.app.id);
    assert.ok(app, `app VPC among ${networks.map((n) => n.id).join(', ')}`);
    assert.deepEqual(
      app.cidrs.filter((c) => c.includes('.')),
      [...AWS_VPCS.app.cidrs],
    );
    assert.ok(app.cidrs.includes(AWS_VPCS.app.ipv6), 'the IPv6 block is listed too');
    assert.equal(app.accountId, 'sandbox:aws:app');
    shared = networks.find((n) => n.id === AWS_VPCS.shared.id)!;
    assert.ok(shared);
  });

  const draft = (): Draft => ({
    scenarioId: 'dragonfly-aws',
    localNetworkKey: shared.key,
    inputs: { dragonflyNetworkId: DRAGONFLY.network.id },
  });

  it('offers the Dragonfly networks from its API, each filling its CIDR', async () => {
    const view = await handlers.peerChoices({ method: 'peerChoices', draft: draft() });
    const options = view.choices.dragonflyNetworkId ?? [];
    const prod = options.find((o) => o.value === DRAGONFLY.network.id);
    assert.ok(prod, JSON.stringify(view));
    assert.equal(prod.fills?.dragonflyCidr, DRAGONFLY.network.cidr);
    assert.match(view.source ?? '', /Dragonfly Cloud API/);
  });

  it('validates live, naming the field, the value and the rule', async () => {
    // The Dragonfly network overlapping your VPC's CIDR is refused before anything changes.
    const overlapping = await handlers.validate({
      method: 'validate',
      draft: { ...draft(), inputs: { ...draft().inputs, dragonflyCidr: '10.30.0.0/24' } },
    });
    // At the field typed (the Dragonfly network's CIDR, on its page), named by labels, once.
    const overlaps = overlapping.errors.filter((e) => /overlaps/.test(e.message));
    assert.equal(overlaps.length, 1, JSON.stringify(overlapping));
    assert.equal(overlaps[0].field, 'dragonflyCidr', JSON.stringify(overlapping));
    for (const e of overlapping.errors)
      assert.doesNotMatch(e.message, /\b(customer|dragonfly)[A-Z]\w*|\[\d+\]/, e.message);
    // The pair that already has a connection (app VPC) is refused too.
    const app = (await handlers.listNetworks({ method: 'listNetworks' })).networks.find(
      (n) => n.id === AWS_VPCS.app.id,
    )!;
    const existing = await handlers.validate({
      method: 'validate',
      draft: { ...draft(), localNetworkKey: app.key },
    });
    assert.ok(
      existing.errors.some((e) => e.field === 'customerVpcId' && /exists already/.test(e.message)),
      JSON.stringify(existing),
    );
    const clean = await handlers.validate({ method: 'validate', draft: draft() });
    assert.deepEqual(clean.errors, []);
  });

  it('builds the Dragonfly ↔ AWS plan: steps with reasons, bash and Terraform', async () => {
    const plan = await handlers.buildPlan({ method: 'buildPlan', draft: draft() });
    assert.ok(plan.steps.length >= 3);
    for (const step of plan.steps) assert.ok(step.reason.length > 10, `${step.id} has a reason`);
    assert.ok(plan.steps.some((s) => /accept/i.test(s.title)));
    assert.match(plan.scripts.bash, /^#!\/usr\/bin\/env bash|set -euo pipefail/m);
    assert.match(plan.scripts.bash, new RegExp(AWS_VPCS.shared.id));
    assert.match(plan.scripts.terraform, /resource "aws_/);
    // An invalid draft never gets a plan: the error names the field.
    await assert.rejects(
      Promise.resolve(
        handlers.buildPlan({
          method: 'buildPlan',
          draft: {
            ...draft(),
            inputs: { dragonflyNetworkId: DRAGONFLY.network.id, dragonflyCidr: '10.30.0.0/24' },
          },
        }),
      ),
      (e: { field?: string; message: string }) =>
        e.field === 'dragonflyCidr' && /overlaps/.test(e.message),
    );
  });

  let finished: RunView;

  it('runs the plan through the runner on the sandbox to an active peering, and refreshes the inventory', async () => {
    const started = await handlers.startRun({ method: 'startRun', draft: draft() });
    assert.equal(started.status, 'running');
    assert.match(started.runId, /^run-/);
    finished = await updates.until((r) => r.runId === started.runId && r.status !== 'running');
    assert.equal(
      finished.status,
      'succeeded',
      finished.steps.map((s) => `${s.id}: ${s.status} ${s.error ?? ''}`).join('\n'),
    );
    for (const step of finished.steps) {
      assert.ok(['done', 'skipped'].includes(step.status), `${step.id} is ${step.status}`);
      assert.ok(step.startedAt && step.finishedAt && step.finishedAt >= step.startedAt);
    }
    // Live progress went through running states before the end.
    assert.ok(updates.seen.some((r) => r.steps.some((s) => s.status === 'running')));
    assert.ok(finished.peering, 'the run names the peering it made');
    assert.equal(finished.peering.state, 'active');
    // The Networks view's inventory has it, active, from the user's own account.
    const listed = peering.inventory.peerings().find((p) => p.peering.id === finished.peering!.id);
    assert.ok(listed, 'the new peering is in the inventory after the run');
    assert.equal(listed.peering.state, 'active');
  });

  it('opens the Peering Doctor from the Done page, with the port the scenario opened', async () => {
    const key = finished.peering?.key;
    assert.ok(key);
    const answer = await handlers.diagnosePeering({
      method: 'diagnosePeering',
      runId: finished.runId,
    });
    assert.equal(answer.done, true);
    const diagnosis = await waitFor(
      'the Doctor diagnoses the new peering',
      () => peering.doctor.store.get(key),
      30_000,
    );
    assert.equal(diagnosis.port, 6379, 'the Dragonfly preset opens tcp:6379');
    assert.ok(peering.doctor.panels.get(key), 'its report is open');
    peering.doctor.panels.dispose();
    peering.doctor.store.clear();
  });

  it('shows a finished run again after a reload, from the journal on disk', async () => {
    const storage = peering.wizard.runsDirectory;
    const journal = JSON.parse(
      await readFile(join(storage, finished.runId, 'journal.json'), 'utf8'),
    );
    assert.ok(Object.keys(journal.steps).length > 0);
    // A new PlanRuns over the same folder is what the host has after a window reload.
    const reloaded = new PlanRuns({
      dir: storage,
      loadProvider: () => Promise.reject(new Error('a finished run needs no provider')),
      accounts: () => peering.accounts.list(),
      plan: () => assert.fail('attach never re-plans'),
      log: { warn: () => undefined, error: () => undefined },
    });
    const view = await reloaded.attach(finished.runId, () => undefined);
    assert.equal(view.status, 'succeeded');
    assert.deepEqual(
      view.steps.map((s) => [s.id, s.status]),
      finished.steps.map((s) => [s.id, s.status === 'skipped' ? 'skipped' : 'done']),
    );
    assert.equal(view.peering?.id, finished.peering?.id);
    await assert.rejects(
      reloaded.attach('../../etc', () => undefined),
      /not a run id/,
    );
  });

  it('restores the panel from the state the webview saved, through the serializer', async () => {
    const saved = {
      version: 1,
      step: 'run',
      flavor: 'terraform',
      draft: draft(),
      runId: finished.runId,
    };
    const panel = vscode.window.createWebviewPanel(
      WIZARD_VIEW_TYPE,
      'New Peering',
      vscode.ViewColumn.Active,
    );
    await peering.wizard.panels.deserializeWebviewPanel(panel, saved);
    const revived = peering.wizard.panels.panel;
    assert.ok(revived);
    assert.deepEqual(revived.restoredState, saved);
    assert.match(revived.panel.webview.html, /Content-Security-Policy/);
    // A state that does not validate is ignored (the webview starts fresh), never trusted.
    const other = vscode.window.createWebviewPanel(
      WIZARD_VIEW_TYPE,
      'New Peering',
      vscode.ViewColumn.Active,
    );
    await peering.wizard.panels.deserializeWebviewPanel(other, { version: 1, step: '<script>' });
    assert.equal(peering.wizard.panels.panel?.restoredState, undefined);
    peering.wizard.panels.dispose();
  });
});
