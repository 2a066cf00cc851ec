import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { escapeRegExp, expandTree, runRowMenuItem, widenSidebar } from './treeDriver';
import { cleanUpWorkbench, openExtensionWorkbench, type UiWorkbench } from './workbench';

/**
 * The Networks tree, the status bar and a delete confirmation in the real
 * workbench, with the sandbox started at activation (peering.sandbox.enabled).
 * Screenshots: test-results/ui-tree-every-provider.png,
 * ui-status-bar-tooltip.png, ui-delete-confirmation.png.
 */
describe('UI: the Networks tree on the sandbox', function () {
  this.timeout(180_000);
  let workbench: UiWorkbench;
  let page: Page;

  before(async function () {
    workbench = await openExtensionWorkbench({
      userSettings: { 'peering.sandbox.enabled': true, 'workbench.tree.indent': 12 },
    });
    page = workbench.page;
    await page.setViewportSize({ width: 1600, height: 1300 });
    await page.locator('.activitybar a.action-label[aria-label="Peering"]').click();
    await row('Sandbox Dragonfly Cloud').waitFor({ state: 'visible', timeout: 60_000 });
    await widenSidebar(page, 520);
  });

  cleanUpWorkbench(() => workbench);

  /** A tree row by its label (the first one). */
  function row(label: string): Locator {
    return page
      .locator('.part.sidebar .monaco-list-row')
      .filter({
        has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
      })
      .first();
  }

  it('shows every provider: accounts, regions or zones, networks and peerings with states', async () => {
    await expandTree(page, 'Sandbox AWS · app (111111111111)', 'us-east-1', 'app-vpc');
    await expandTree(page, 'sandbox-project', 'app-net');
    await expandTree(page, 'Sandbox Azure subscription', 'westeurope', 'vnet-app');
    await expandTree(page, 'Sandbox UpCloud', 'de-fra1');
    await expandTree(
      page,
      'Sandbox Aiven · sandbox-aiven',
      'upcloud-de-fra1',
      'upcloud-de-fra1 VPC',
    );
    await expandTree(page, 'Sandbox Dragonfly Cloud', 'us-east-1', 'df-prod');
    const sidebar = page.locator('.part.sidebar');
    for (const text of [
      'pending (pending-acceptance) · Dragonfly Cloud',
      'inactive (INACTIVE)',
      'pending (Initiated)',
      'active (ACTIVE) · UpCloud',
      'pending (inactive) · AWS',
    ]) {
      await sidebar
        .locator('.monaco-list-row .label-description', { hasText: text })
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 });
    }
    // State icons carry their theme colors.
    assert.ok(
      (await sidebar.locator('.monaco-list-row .codicon-error').count()) >= 1,
      'a failed peering shows the error icon',
    );
    await workbench.screenshot('tree-every-provider');
  });

  it('shows the counts in the status bar, and what needs action in its tooltip', async () => {
    const status = page.locator('[id="cloud-peering.cloud-peering.peering.status"]');
    await page.waitForFunction(
      () =>
        /\d+ active · \d+ pending · \d+ down/.test(
          document.getElementById('cloud-peering.cloud-peering.peering.status')?.textContent ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    assert.match((await status.textContent()) ?? '', /\d+ active · \d+ pending · [1-9]\d* down/);
    await status.hover();
    const hover = page
      .locator('.monaco-hover, .workbench-hover')
      .filter({ hasText: 'Needs action' });
    await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await hover.first().textContent()) ?? '', /app-vpc ↔ legacy-vpc/);
    await workbench.screenshot('status-bar-tooltip');
    await page.mouse.move(700, 400);
  });

  it('asks before deleting, naming the peering, both networks and the effect', async () => {
    const target = await runRowMenuItem(
      page,
      ['Sandbox AWS · app (111111111111)', 'us-east-1', 'app-vpc', 'shared-services-vpc'],
      'Delete Peering',
    );
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, /Delete peering "app-to-shared" \(pcx-0a1a00000000000a1\)\?/);
    assert.match(text, /app-vpc .*shared-services-vpc/);
    assert.match(text, /become blackholes/);
    await workbench.screenshot('delete-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await target.waitFor({ state: 'visible' });
  });
});
