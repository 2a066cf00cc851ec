import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { freePort, repoRoot } from '../../scripts/vscode-host/host';
import { AWS_DOCTOR, AWS_PEERINGS, AWS_VPCS } from '../../src/sandbox/worlds/demoTopology';
import {
  awsEc2,
  deleteRoute,
  mainRouteTableOf,
  revokeIngress,
  type CliTarget,
} from '../support/breakRoute';
import { runRowMenuItem, treeRow } from './treeDriver';
import { cleanUpWorkbench, openExtensionWorkbench, type UiWorkbench } from './workbench';

/**
 * The Peering Doctor in the real workbench, on the sandbox. app ↔ shared is made healthy, then a
 * route and a security-group rule are broken with the real aws CLI (delete-route,
 * revoke-security-group-ingress); Diagnose Peering from the row's context menu shows both and
 * nothing else, Fix repairs each after a confirmation that names the change, and the re-check
 * finds no error or warning. The report in the light and the dark theme is copied to docs/images/.
 * shared ↔ data (the demo's missing rule and its network ACL without return traffic) and
 * app ↔ app-eu (routes missing on both sides) are repaired to a clean re-check.
 */
describe('UI: the Peering Doctor on the sandbox', function () {
  this.timeout(300_000);
  let workbench: UiWorkbench;
  let page: Page;
  let sandboxPort: number;
  const appAccount = 'Sandbox AWS · app (111111111111)';
  const rowPath = [appAccount, 'us-east-1', AWS_VPCS.app.name, AWS_VPCS.shared.name];

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
    await (await treeRow(page, [appAccount])).waitFor({ state: 'visible', timeout: 60_000 });
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

  /**
   * Fixes the first finding with this code, confirming the dialog, which must name `resource`;
   * waits for the re-check without it.
   */
  async function fix(code: string, resource?: string): Promise<void> {
    const before = await finding(code).count();
    await finding(code).first().locator('vscode-button[data-testid="fix"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    if (resource) {
      const text = (await dialog.textContent()) ?? '';
      assert.ok(text.includes(resource), `the confirmation names ${resource}: ${text}`);
    }
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

  /** The codes of the error and warning findings the report shows. */
  async function problems(): Promise<string[]> {
    const items = report().locator(
      'li[data-testid="finding"][data-severity="error"], li[data-testid="finding"][data-severity="warning"]',
    );
    const codes: string[] = [];
    for (let i = 0; i < (await items.count()); i++)
      codes.push((await items.nth(i).getAttribute('data-code')) ?? '');
    return codes.sort();
  }

  async function diagnose(path: string[], port: number): Promise<void> {
    await runRowMenuItem(page, path, 'Diagnose Peering');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(String(port));
    await page.keyboard.press('Enter');
    await report()
      .locator('[data-testid="side-peer"]', { hasText: path[3] })
      .waitFor({ timeout: 30_000 });
    await waitReady();
  }

  async function recheck(): Promise<void> {
    await report().locator('vscode-button[data-testid="recheck"]').click();
    await report()
      .locator('[data-testid="status"][data-status="checking"]')
      .waitFor({ state: 'attached' })
      .catch(() => undefined);
    await waitReady();
  }

  async function shot(name: string): Promise<void> {
    await page.waitForTimeout(300);
    const file = await workbench.screenshot(name);
    const images = join(repoRoot, 'docs', 'images');
    mkdirSync(images, { recursive: true });
    copyFileSync(file, join(images, `${name}.png`));
  }

  it('a route and a rule broken with the aws CLI: Diagnose shows both, Fix repairs them, Re-check has no error or warning', async () => {
    const cli: CliTarget = {
      endpoint: `http://127.0.0.1:${sandboxPort}/`,
      account: 'app',
      region: 'us-east-1',
    };
    // Healthy first: the demo's app-private-rt still sends shared's block to a deleted peering
    // (a blackhole the Doctor's own test finds); point it at the live peering, as its fix does.
    await awsEc2(cli, [
      'replace-route',
      '--route-table-id',
      AWS_DOCTOR.appPrivateRouteTable,
      '--destination-cidr-block',
      AWS_VPCS.shared.cidrs[0],
      '--vpc-peering-connection-id',
      AWS_PEERINGS.activeDnsOff,
    ]);
    // Then break it as a user would: app's main table loses its route to shared, and shared's
    // default security group loses the rule that lets app in.
    const appTable = mainRouteTableOf(AWS_VPCS.app.id);
    const sharedGroup = `sg-${AWS_VPCS.shared.id.slice(4)}`;
    await deleteRoute({
      ...cli,
      routeTableId: appTable,
      destinationCidr: AWS_VPCS.shared.cidrs[0],
    });
    await revokeIngress({
      ...cli,
      groupId: sharedGroup,
      protocol: '-1',
      cidr: AWS_VPCS.app.cidrs[0],
    });

    await diagnose(rowPath, 6379);
    // Both breakages, and nothing else that stops traffic.
    assert.deepEqual(await problems(), ['route.missing', 'rule.port-blocked']);
    const routeText = (await finding('route.missing').textContent()) ?? '';
    assert.ok(routeText.includes(appTable), routeText);
    assert.ok(
      (await finding('route.missing').locator('a').first().getAttribute('href'))?.startsWith(
        'https://docs.aws.amazon.com/',
      ),
    );
    const ruleText = (await finding('rule.port-blocked').textContent()) ?? '';
    assert.ok(ruleText.includes(AWS_VPCS.app.cidrs[0]), ruleText);
    // The plan behind the rule's Fix: steps, then the bash the renderers wrote.
    await finding('rule.port-blocked').locator('vscode-button[data-testid="preview"]').click();
    await report().locator('[data-testid="fix-preview"]').waitFor();
    await shot('doctor-report-light');
    await report().locator('[data-testid="tab-bash"]').click();
    const bash = (await report().locator('[data-testid="script"]').textContent()) ?? '';
    assert.match(bash, /authorize-security-group-ingress/);
    await report().locator('[data-testid="tab-steps"]').click();

    await fix('route.missing', appTable);
    await fix('rule.port-blocked', sharedGroup);

    // Re-check reads both sides again: no error or warning is left (DNS notes are info).
    await recheck();
    assert.deepEqual(await problems(), []);
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

  it('repairs shared ↔ data’s missing rule and its network ACL’s return traffic, and the re-check is clean', async () => {
    await diagnose(
      [appAccount, 'us-east-1', AWS_VPCS.shared.name, AWS_VPCS.data.name],
      AWS_DOCTOR.dataPort,
    );
    assert.deepEqual(await problems(), ['acl.return-blocked', 'rule.port-blocked']);
    await fix('acl.return-blocked', AWS_DOCTOR.dataDbAcl);
    await fix('rule.port-blocked', `sg-${AWS_VPCS.data.id.slice(4)}`);
    await recheck();
    await report().locator('[data-testid="clean"]').waitFor({ timeout: 60_000 });
    assert.equal(await report().locator('li[data-testid="finding"]').count(), 0);
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
