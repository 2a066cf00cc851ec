import * as assert from 'node:assert/strict';
import { cleanUpWorkbench, openExtensionWorkbench, type UiWorkbench } from './workbench';

describe('UI: the Peering container with no account', function () {
  let workbench: UiWorkbench;

  before(async function () {
    workbench = await openExtensionWorkbench();
  });

  cleanUpWorkbench(() => workbench);

  it('shows the Peering icon in the activity bar and its status bar item', async () => {
    const { page } = workbench;
    const icon = page.locator('.activitybar a.action-label[aria-label="Peering"]');
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    const status = page.locator('[id="cloud-peering.cloud-peering.peering.status"]');
    await status.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await status.textContent()) ?? '', /Peering/);
    // The $(plug) codicon renders as an icon element, not as text.
    assert.equal(await status.locator('.codicon-plug').count(), 1);
  });

  it('opens the container and shows the welcome view with both buttons', async () => {
    const { page } = workbench;
    await page.locator('.activitybar a.action-label[aria-label="Peering"]').click();
    const sidebar = page.locator('.part.sidebar');
    // With one view in the container, the sidebar title names both.
    await sidebar
      .locator('.title-label', { hasText: /Peering: Networks/i })
      .waitFor({ state: 'visible', timeout: 30_000 });
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await welcome.textContent()) ?? '', /No cloud accounts are configured yet/);
    const addAccount = welcome.getByRole('button', { name: 'Add Account' });
    const trySandbox = welcome.getByRole('button', { name: 'Try the Sandbox' });
    assert.equal(await addAccount.isVisible(), true, '"Add Account" is not visible');
    assert.equal(await trySandbox.isVisible(), true, '"Try the Sandbox" is not visible');
    await workbench.screenshot('networks-welcome');
  });

  it('starts the sandbox from "Try the Sandbox"', async () => {
    const { page } = workbench;
    await page
      .locator('.part.sidebar .welcome-view-content')
      .getByRole('button', { name: 'Try the Sandbox' })
      .click();
    const toast = page.locator('.notifications-toasts .notification-list-item', {
      hasText: /The sandbox is running at http:\/\/127\.0\.0\.1:\d+/,
    });
    await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
    // The toast slides in; let its transition finish so the screenshot shows it.
    await toast
      .first()
      .evaluate((el) =>
        Promise.all(
          (el.closest('.notification-toast') ?? el)
            .getAnimations({ subtree: true })
            .map((a) => a.finished),
        ),
      );
    await workbench.screenshot('sandbox-started');
  });
});
