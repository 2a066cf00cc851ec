import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { RunningSandbox } from '../../src/sandbox/api';
import { startSandbox } from '../../src/sandbox/server';
import { AWS_ACCOUNTS, AWS_VPCS } from '../../src/sandbox/worlds/demoTopology';
import { escapeRegExp, expandTree, widenSidebar } from './treeDriver';
import { cleanUpWorkbench, openExtensionWorkbench, type UiWorkbench } from './workbench';

const APP = `app (${AWS_ACCOUNTS.app.accountId})`;
const DATA = `data (${AWS_ACCOUNTS.data.accountId})`;

/**
 * A real window reload shows the kept inventory before any call returns (issue 15).
 *
 * The sandbox runs in this test's process, not in the extension host, so it outlives the reload
 * and its admin API can hold every cloud request (`pause`) while the new extension host starts.
 * The workbench's accounts are two AWS profiles of the sandbox's demo world, in a shared
 * credentials file given to code-server (and so to its extension hosts) through
 * AWS_SHARED_CREDENTIALS_FILE: nothing is typed into SecretStorage, which a reload keeps anyway.
 *
 * Screenshots: test-results/ui-kept-after-reload.png (kept rows, sandbox paused),
 * ui-kept-refreshed.png (after resume).
 */
describe('UI: a window reload shows the kept inventory before any call returns', function () {
  this.timeout(240_000);
  let workbench: UiWorkbench;
  let page: Page;
  let sandbox: RunningSandbox;
  let awsDir: string;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo' });
    awsDir = mkdtempSync(join(tmpdir(), 'peering-ui-aws-'));
    const profiles = (['app', 'data'] as const)
      .map((name) => {
        const a = AWS_ACCOUNTS[name];
        return `[${a.profile}]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`;
      })
      .join('\n');
    writeFileSync(join(awsDir, 'credentials'), profiles);
    writeFileSync(join(awsDir, 'config'), '');
    workbench = await openExtensionWorkbench({
      env: {
        AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
        AWS_CONFIG_FILE: join(awsDir, 'config'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      userSettings: {
        'peering.accounts': (['app', 'data'] as const).map((name) => ({
          id: `aws:${AWS_ACCOUNTS[name].profile}`,
          cloud: 'aws',
          ref: AWS_ACCOUNTS[name].profile,
          label: name === 'app' ? APP : DATA,
          regions: ['us-east-1', 'eu-west-1'],
          endpoint: sandbox.endpoints.aws,
        })),
      },
    });
    page = workbench.page;
    await page.setViewportSize({ width: 1300, height: 900 });
  });

  cleanUpWorkbench(() => workbench);

  after(async () => {
    sandbox?.admin.resume();
    await sandbox?.stop();
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
  });

  /** A tree row by its label (the first one). */
  function row(label: string): Locator {
    return page
      .locator('.part.sidebar .monaco-list-row')
      .filter({
        has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
      })
      .first();
  }

  /**
   * The kept age as the user sees it: the view's message above the rows. (Its description says
   * the same, but VS Code does not show the description of a view alone in its container.)
   */
  function keptMessage(): Locator {
    return page
      .locator('.part.sidebar')
      .getByText(/^Showing the inventory kept .+ ago/)
      .first();
  }

  /** Opens the Peering view unless the sidebar already shows it (a click would close it). */
  async function openPeeringView(): Promise<void> {
    const button = page.locator('.activitybar a.action-label[aria-label="Peering"]');
    await button.waitFor({ state: 'visible', timeout: 60_000 });
    const checked = await page
      .locator('.activitybar .action-item.checked a.action-label[aria-label="Peering"]')
      .count();
    if (!checked) await button.click();
    // Wide enough for the view's title and its description (the kept age) to show in full.
    await row(APP).waitFor({ state: 'visible', timeout: 60_000 });
    await widenSidebar(page, 640);
  }

  const keptFile = () =>
    join(
      workbench.server.dataDir,
      'user-data',
      'User',
      'globalStorage',
      'cloud-peering.cloud-peering',
      'inventory.jsonl',
    );

  it('shows the kept rows with their age while every call is held, then refreshes on resume', async () => {
    await openPeeringView();
    await expandTree(page, APP, 'us-east-1', AWS_VPCS.app.name);
    await row(AWS_VPCS.legacy.name).waitFor({ state: 'visible', timeout: 30_000 });
    // The keeper writes the listing once loads settle: wait for both accounts in the file.
    await waitUntil('the kept inventory file', () => {
      const text = existsSync(keptFile()) ? readFileSync(keptFile(), 'utf8') : '';
      return text.includes(AWS_VPCS.app.id) && text.includes(AWS_ACCOUNTS.data.profile);
    });
    const before = extensionHosts(workbench.server.output);
    assert.equal(before.launched.length, 1, workbench.server.output.join('\n'));
    const [first] = before.launched;
    assert.equal(activations(workbench.server.dataDir), 1);

    // Every cloud request from now on waits, uncounted, until resume (admin requests still answer).
    const paused = await fetch(`${sandbox.endpoints.http}/_admin/pause`, { method: 'POST' });
    assert.ok(paused.ok, `pause: ${paused.status}`);
    sandbox.admin.resetCounters();

    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // A reload starts a new extension host, which activates the extension again.
    await waitUntil('a second activation', () => activations(workbench.server.dataDir) === 2);
    await waitUntil('the first extension host to exit', () =>
      extensionHosts(workbench.server.output).exited.includes(first),
    );
    const after = extensionHosts(workbench.server.output);
    assert.equal(after.launched.length, 2, after.launched.join(', '));
    const second = after.launched[1];
    assert.notEqual(second, first);
    assert.ok(existsSync(`/proc/${second}`), `the new extension host ${second} runs`);
    assert.ok(!existsSync(`/proc/${first}`), `the old extension host ${first} is gone`);

    await openPeeringView();
    await expandTree(page, APP, 'us-east-1', AWS_VPCS.app.name);
    for (const name of [AWS_VPCS.app.name, AWS_VPCS.legacy.name, AWS_VPCS.shared.name])
      await row(name).waitFor({ state: 'visible', timeout: 30_000 });
    await row(DATA).waitFor({ state: 'visible' });
    await keptMessage().waitFor({ state: 'visible', timeout: 30_000 });
    // The refresh has started and is held: the rows above came from the kept file, not a call.
    await waitUntil('held requests', () => sandbox.admin.held() > 0);
    assert.deepEqual(sandbox.admin.counters(), {}, 'no call has returned');
    assert.ok(sandbox.admin.paused());
    assert.doesNotMatch(
      (await page.locator('.part.sidebar .monaco-list-rows').textContent()) ?? '',
      /Loading/,
    );
    const message = (await keptMessage().textContent()) ?? '';
    assert.match(message, /while it refreshes \(0 of 4 places\)/);
    await workbench.screenshot('kept-after-reload');

    sandbox.admin.resume();
    // The refresh completes: every account listed afresh, the message gone.
    await keptMessage().waitFor({ state: 'hidden', timeout: 60_000 });
    assert.ok(
      (sandbox.admin.counters()['aws.DescribeVpcs'] ?? 0) >= 2,
      JSON.stringify(sandbox.admin.counters()),
    );
    for (const name of [AWS_VPCS.app.name, AWS_VPCS.legacy.name, AWS_VPCS.shared.name])
      await row(name).waitFor({ state: 'visible' });
    await workbench.screenshot('kept-refreshed');
    console.log(
      `      extension host ${first} exited, ${second} activated; ` + `kept: "${message}"`,
    );
  });
});

/** Polls a condition the workbench reaches on its own; never a fixed sleep. */
async function waitUntil(what: string, condition: () => boolean, timeoutMs = 60_000) {
  return waitUntilAsync(what, async () => condition(), timeoutMs);
}

async function waitUntilAsync(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Lines "Activated in … ms" in the Cloud Peering logs of every extension host of this server. */
function activations(dataDir: string): number {
  let count = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('Cloud Peering.log'))
        count += (readFileSync(path, 'utf8').match(/Activated in /g) ?? []).length;
    }
  };
  const logs = join(dataDir, 'user-data', 'logs');
  if (existsSync(logs)) visit(logs);
  return count;
}

/**
 * The extension-host processes code-server launched and saw exit, by pid, from its own log
 * ("<pid> Launched Extension Host Process.", "<pid> Extension Host Process exited …").
 */
function extensionHosts(output: readonly string[]): { launched: number[]; exited: number[] } {
  const pids = (pattern: RegExp) =>
    output.flatMap((line) => {
      const match = pattern.exec(line);
      return match ? [Number(match[1])] : [];
    });
  return {
    launched: pids(/<(\d+)> Launched Extension Host Process/),
    exited: pids(/<(\d+)> Extension Host Process exited/),
  };
}
