import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { freePort } from '../../scripts/vscode-host/host';
import { listScenarios } from '../../src/plans';
import {
  AIVEN,
  AWS_ACCOUNTS,
  AWS_VPCS,
  AZURE,
  DRAGONFLY,
  GCP,
  UPCLOUD,
} from '../../src/sandbox/worlds/demoTopology';
import { treeRow } from './treeDriver';
import { cleanUpWorkbench, openExtensionWorkbench, type UiWorkbench } from './workbench';
import { contrastRatio, WizardDriver } from './wizardDriver';

/**
 * Every scenario the wizard offers, clicked through on the sandbox from the
 * palette to its Review page; one pair per cloud runs on to an active
 * peering, with its Review and Done pages shot in the light and the dark
 * theme, and the Done message's contrast read in both (WCAG AA: 4.5:1).
 * One workbench serves the whole table.
 */

type Action = { pick: string; filter: string } | { type: string; value: string };

interface Case {
  scenario: string;
  /** Text that finds the user's network in the "Your network" combobox. */
  network: string;
  /** What the user does on "The other side". */
  other: Action[];
  /** Runs on to an active peering. */
  toActive?: boolean;
  /** Shoots The other side and Review in the light and the dark theme (toActive cases shoot Review so). */
  bothThemes?: boolean;
}

const CASES: Case[] = [
  {
    scenario: 'aws-same-account',
    network: AWS_VPCS.legacy.name,
    other: [{ pick: 'accepterVpcId', filter: AWS_VPCS.shared.name }],
    toActive: true,
  },
  {
    scenario: 'aws-cross-account',
    network: AWS_VPCS.legacy.name,
    other: [{ pick: 'accepterVpcId', filter: AWS_VPCS.data.name }],
  },
  {
    scenario: 'aws-cross-region',
    network: AWS_VPCS.legacy.name,
    other: [{ pick: 'accepterVpcId', filter: AWS_VPCS.appEu.name }],
  },
  {
    scenario: 'gcp-same-project',
    network: GCP.networks.svc.name,
    other: [{ pick: 'peerNetwork', filter: GCP.networks.legacy.name }],
    toActive: true,
  },
  {
    scenario: 'gcp-cross-project',
    network: GCP.networks.svc.name,
    other: [{ pick: 'peerNetwork', filter: GCP.networks.peer.name }],
  },
  {
    scenario: 'emqx-byoc-gcp',
    network: GCP.networks.legacy.name,
    other: [{ pick: 'serviceNetwork', filter: GCP.networks.peer.name }],
  },
  {
    // Before azure-same-tenant, which peers these two VNets.
    scenario: 'azure-cross-tenant',
    network: AZURE.vnets.spoke.name,
    other: [
      { pick: 'peerVnet', filter: AZURE.vnets.hub.name },
      { type: 'localTenantId', value: AZURE.tenantId },
      { type: 'peerTenantId', value: AZURE.otherTenantId },
    ],
  },
  {
    scenario: 'azure-same-tenant',
    network: AZURE.vnets.spoke.name,
    other: [{ pick: 'peerVnet', filter: AZURE.vnets.hub.name }],
    toActive: true,
  },
  {
    scenario: 'upcloud-upcloud',
    network: UPCLOUD.networks.staging.name,
    other: [{ pick: 'peerNetworkUuid', filter: UPCLOUD.networks.app.name }],
    toActive: true,
  },
  {
    scenario: 'aiven-to-upcloud',
    network: UPCLOUD.networks.staging.name,
    other: [{ pick: 'aivenVpcId', filter: AIVEN.cloud }],
  },
  {
    scenario: 'upcloud-to-aiven',
    network: UPCLOUD.networks.staging.name,
    other: [{ pick: 'aivenNetworkId', filter: AIVEN.cloud }],
  },
  {
    scenario: 'dragonfly-aws',
    network: AWS_VPCS.data.name,
    other: [{ pick: 'dragonflyNetworkId', filter: DRAGONFLY.network.name }],
  },
  {
    // The demo's Dragonfly network on GCP: the pick fills its VPC's project and name.
    scenario: 'dragonfly-gcp',
    network: GCP.networks.svc.name,
    other: [{ pick: 'dragonflyNetworkId', filter: DRAGONFLY.gcpNetwork.name }],
    bothThemes: true,
  },
  {
    // The demo's Dragonfly network on Azure: the pick fills its resource group and VNet.
    scenario: 'dragonfly-azure',
    network: AZURE.vnets.app.name,
    other: [{ pick: 'dragonflyNetworkId', filter: DRAGONFLY.azureNetwork.name }],
    bothThemes: true,
  },
  {
    scenario: 'emqx-cloud-aws',
    network: AWS_VPCS.data.name,
    other: [
      { type: 'emqxRegion', value: 'us-east-1' },
      { type: 'emqxAccountId', value: AWS_ACCOUNTS.emqx.accountId },
      { type: 'emqxCidr', value: AWS_VPCS.emqx.cidrs[0] },
      { type: 'emqxVpcId', value: AWS_VPCS.emqx.id },
    ],
  },
  {
    scenario: 'emqx-byoc-aws',
    network: AWS_VPCS.appEu.name,
    other: [{ pick: 'serviceVpcId', filter: AWS_VPCS.shared.name }],
  },
];

describe('UI: every scenario of the wizard on the sandbox', function () {
  this.timeout(300_000);
  let workbench: UiWorkbench;
  let page: Page;

  before(async function () {
    const sandboxPort = await freePort();
    workbench = await openExtensionWorkbench({
      userSettings: {
        'peering.sandbox.enabled': true,
        'peering.sandbox.port': sandboxPort,
      },
    });
    page = workbench.page;
    try {
      await page.setViewportSize({ width: 1500, height: 1000 });
      await page
        .locator('.activitybar a.action-label[aria-label="Peering"]')
        .click({ timeout: 60_000 });
      // The sandbox accounts appear once activation has started the sandbox (slow under load).
      for (let attempt = 0; ; attempt++) {
        try {
          await (
            await treeRow(page, ['Sandbox AWS · app (111111111111)'])
          ).waitFor({ state: 'visible', timeout: 60_000 });
          break;
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    } catch (error) {
      console.log(
        `      diagnostics: ${(await workbench.saveDiagnostics('scenarios-startup')).join(', ')}`,
      );
      throw error;
    }
  });

  cleanUpWorkbench(() => workbench);

  it('the table covers every scenario the wizard offers', () => {
    assert.deepEqual(
      CASES.map((c) => c.scenario).sort(),
      listScenarios()
        .map((s) => s.id)
        .sort(),
    );
  });

  for (const c of CASES) {
    it(`${c.scenario}: from the palette to its Review page${c.toActive ? ', then to an active peering' : ''}`, async () => {
      const d = new WizardDriver(page, `scenario-${c.scenario}`);
      await d.openFromPalette();
      await d.pickScenario(c.scenario);
      await d.next('network');
      await d.pickNetwork(c.network);
      await d.next('other');
      for (const action of c.other) {
        if ('pick' in action) await d.chooseIn(action.pick, action.filter);
        else await d.type(action.type, action.value);
      }
      await d.validated();
      if (c.bothThemes) await d.shotInBothThemes('the-other-side');
      else await d.shot('the-other-side');
      // No user-facing text names a side by its internal id.
      const hint = (await d.page_('other').locator('p.hint').first().textContent()) ?? '';
      assert.doesNotMatch(
        hint,
        /\b(customer|dragonfly|requester|accepter|local|peer|byoc|service)\s\(/,
      );

      await d.next('review');
      await d.frame.locator('[data-testid="plan-steps"] li').first().waitFor({ timeout: 30_000 });
      const script = d.frame.locator('pre.script').first();
      assert.match((await script.textContent()) ?? '', /\S/);
      // The script reads like code in an editor: the editor's font and foreground, not inline code's.
      const look = await script.evaluate((pre) => {
        const code = pre.querySelector('code')!;
        const css = getComputedStyle(document.body);
        return {
          font: getComputedStyle(code).fontFamily,
          editorFont: css.getPropertyValue('--vscode-editor-font-family').trim(),
          color: getComputedStyle(code).color,
          codeBackground: getComputedStyle(code).backgroundColor,
        };
      });
      assert.ok(
        look.editorFont &&
          look.font.includes(look.editorFont.split(',')[0].replace(/["']/g, '').trim()),
        JSON.stringify(look),
      );
      assert.match(look.codeBackground, /rgba\(0, 0, 0, 0\)|transparent/, JSON.stringify(look));
      if (c.toActive || c.bothThemes) await d.shotInBothThemes('review');
      else await d.shot('review');
      if (!c.toActive) return;

      await d.runPlan();
      await d.runStatus('succeeded').waitFor({ timeout: 180_000 });
      await d.next('done');
      const done = d.frame.locator('[data-testid="done-peering"]');
      await done.waitFor();
      assert.equal(await done.getAttribute('data-state'), 'active');
      for (const theme of ['light', 'dark'] as const) {
        await d.useTheme(theme);
        const ratio = contrastRatio(await d.colorsOf(done));
        assert.ok(ratio >= 4.5, `${theme}: the Done message's contrast is ${ratio.toFixed(2)}:1`);
        await d.shot(`done-${theme}`);
      }
      await d.useTheme('light');
    });
  }
});
