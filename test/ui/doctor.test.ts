import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { freePort, repoRoot } from '../../scripts/vscode-host/host';
import { AWS_VPCS } from '../../src/sandbox/worlds/demoTopology';
import { deleteRoute, mainRouteTableOf } from '../support/breakRoute';
import { runRowMenuItem, treeRow } from './treeDriver';
import { cleanUpWorkbench, openExtensionWorkbench, type UiWorkbench } from './workbench';

/**
 * The Peering Doctor in the real workbench, on the sandbox: a route broken
 * with the aws CLI and the demo's missing security-group rule on shared ↔
 * data; Diagnose Peering from the row's context menu shows both, Fix repairs
 * each after the confirmation, and the re-check no longer finds them. The
 * report in the light and the dark theme is copied to docs/images/. A second peering
 * (app ↔ app-eu, routes missing on both sides) is repaired to a clean re-check.
 */
describe('UI: the Peering Doctor on the sandbox', function () {
  this.timeout(300_000);
  let workbench: UiWorkbench;
  let page: Page;
  let sandboxPort: number;
  const rowPath = [
    'Sandbox AWS · app (111111111111)',
    'us-east-1',
    AWS_VPCS.shared.name,
    AWS_VPCS.data.name,
  ];

  before(async function () {
    sandboxPort = await freePort();
    workbench = await openExtensionWorkbench({
      userSettings: {
        'peering.sandbox.enabled': true,
        'peering.sandbox.port': sandboxPort,
        'workbench.tree.indent': 12,
        'workbench.colorTheme': 'Default Light Modern',
      },
    });
    page = workbench.page;
    await page.setViewportSize({ width: 1500, height: 1000 });
    await page.locator('.activitybar a.action-label[aria-label="Peering"]').click();
    await (await treeRow(page, [rowPath[0]])).waitFor({ state: 'visible', timeout: 60_000 });
  });

  cleanUpWorkbench(() => workbench);

  const report = (): FrameLocator =>
    page
      .locator('iframe.webview')
      .last()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();

  const finding = (code: string) =>
    report().locator(`li[data-testid="finding"][data-code="${code}"]`);

  async function waitReady(): Promise<void> {
    await report()
      .locator('[data-testid="status"][data-status="ready"]')
      .waitFor({ state: 'attached', timeout: 60_000 });
  }

  /** Fixes the first finding with this code, confirming the dialog; waits for the re-check without it. */
  async function fix(code: string): Promise<void> {
    const before = await finding(code).count();
    await finding(code).first().locator('vscode-button[data-testid="fix"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Apply Fix' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const deadline = Date.now() + 60_000;
    while ((await finding(code).count()) >= before) {
      if (Date.now() > deadline) throw new Error(`${code} is still reported after its fix`);
      await page.waitForTimeout(200);
    }
    await report()
      .locator('[data-testid="message"]', { hasText: /^\s*Fixed: / })
      .waitFor({ timeout: 60_000 });
    await waitReady();
  }

  async function shot(name: string): Promise<void> {
    await page.waitForTimeout(300);
    const file = await workbench.screenshot(name);
    const images = join(repoRoot, 'docs', 'images');
    mkdirSync(images, { recursive: true });
    copyFileSync(file, join(images, `${name}.png`));
  }

  it('Diagnose shows the broken route and the missing rule; Fix repairs both; Re-check is clean of them', async () => {
    await deleteRoute({
      endpoint: `http://127.0.0.1:${sandboxPort}/`,
      account: 'app',
      region: 'us-east-1',
      routeTableId: mainRouteTableOf(AWS_VPCS.shared.id),
      destinationCidr: AWS_VPCS.data.cidrs[0],
    });
    await runRowMenuItem(page, rowPath, 'Diagnose Peering');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('6379');
    await page.keyboard.press('Enter');
    await waitReady();
    await finding('route.missing').first().waitFor({ timeout: 30_000 });
    await finding('rule.port-blocked').first().waitFor();
    const routeText = (await finding('route.missing').first().textContent()) ?? '';
    assert.ok(routeText.includes(mainRouteTableOf(AWS_VPCS.shared.id)), routeText);
    assert.ok(
      routeText.includes('docs.aws.amazon.com') ||
        (await finding('route.missing').first().locator('a').getAttribute('href'))?.startsWith(
          'https://',
        ),
    );
    // The plan behind the rule's Fix: steps, then the bash the renderers wrote.
    await finding('rule.port-blocked')
      .first()
      .locator('vscode-button[data-testid="preview"]')
      .click();
    await report().locator('[data-testid="fix-preview"]').waitFor();
    await shot('doctor-report-light');
    await report().locator('[data-testid="tab-bash"]').click();
    const bash = (await report().locator('[data-testid="script"]').textContent()) ?? '';
    assert.match(bash, /authorize-security-group-ingress/);
    await report().locator('[data-testid="tab-steps"]').click();

    await fix('route.missing');
    assert.equal(await finding('route.missing').count(), 0, 'the route is back');
    await fix('rule.port-blocked');
    assert.equal(await finding('rule.port-blocked').count(), 0, 'the rule is in place');

    // Re-check reads both sides again and still finds neither.
    await report().locator('vscode-button[data-testid="recheck"]').click();
    await report()
      .locator('[data-testid="status"][data-status="checking"]')
      .waitFor({ state: 'attached' })
      .catch(() => undefined);
    await waitReady();
    assert.equal(await finding('route.missing').count(), 0);
    assert.equal(await finding('rule.port-blocked').count(), 0);
    assert.equal(await report().locator('body').getAttribute('data-csp-violations'), null);

    // The tree row and the status bar read the same store.
    const status = page.locator('[id="cloud-peering.cloud-peering.peering.status"]');
    const statusText = (await status.textContent()) ?? '';
    assert.ok(
      !/failing check/.test(statusText) || /\d+ failing check/.test(statusText),
      statusText,
    );
  });

  it('follows the dark theme', async () => {
    await finding('acl.return-blocked')
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Preferences: Color Theme');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' })
      .first()
      .click();
    await input.fill('Dark Modern');
    await page.keyboard.press('Enter');
    const background = () =>
      report()
        .locator('body')
        .evaluate((b) => getComputedStyle(b).backgroundColor);
    const deadline = Date.now() + 15_000;
    while ((await background()) === 'rgb(255, 255, 255)') {
      if (Date.now() > deadline) throw new Error('the report kept its light background');
      await page.waitForTimeout(200);
    }
    await shot('doctor-report-dark');
  });

  it('repairs every missing route of app ↔ app-eu, and the re-check is clean', async () => {
    await runRowMenuItem(
      page,
      ['Sandbox AWS · app (111111111111)', 'us-east-1', AWS_VPCS.app.name, AWS_VPCS.appEu.name],
      'Diagnose Peering',
    );
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('6379');
    await page.keyboard.press('Enter');
    await report()
      .locator('[data-testid="side-peer"]', { hasText: AWS_VPCS.appEu.name })
      .waitFor({ timeout: 30_000 });
    await waitReady();
    const missing = await finding('route.missing').count();
    assert.ok(missing >= 2, `routes missing on both sides (${missing})`);
    for (let i = 0; i < missing; i++) await fix('route.missing');
    await report().locator('vscode-button[data-testid="recheck"]').click();
    await report().locator('[data-testid="clean"]').waitFor({ timeout: 60_000 });
    assert.equal(await report().locator('li[data-testid="finding"]').count(), 0);
  });
});
