/**
 * Drives the Networks tree in the real workbench: rows found by their path of
 * labels from the root, expanded level by level, and their context menus.
 */
import type { Locator, Page } from 'playwright-core';

/** A tree row by the labels from the root (level by level, within each parent). */
export async function treeRow(page: Page, path: string[]): Promise<Locator> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const index = await page.evaluate((labels) => {
      const rows = Array.from(document.querySelectorAll('.part.sidebar .monaco-list-row'))
        .map((el) => ({
          index: Number(el.getAttribute('data-index')),
          level: Number(el.getAttribute('aria-level')),
          label: el.querySelector('.label-name')?.textContent ?? '',
        }))
        .sort((a, b) => a.index - b.index);
      let from = -1;
      for (let depth = 0; depth < labels.length; depth++) {
        let found: number | undefined;
        for (const r of rows) {
          if (r.index <= from) continue;
          if (from >= 0 && r.level <= depth) break;
          if (r.level === depth + 1 && r.label === labels[depth]) {
            found = r.index;
            break;
          }
        }
        if (found === undefined) return -1;
        from = found;
      }
      return from;
    }, path);
    if (index >= 0) return page.locator(`.part.sidebar .monaco-list-row[data-index="${index}"]`);
    if (Date.now() > deadline) throw new Error(`no tree row at ${path.join(' › ')}`);
    await page.waitForTimeout(100);
  }
}

/**
 * Expands each row along a path of labels. The tree re-renders while the
 * inventory loads, so a row found by index may have moved by the time it is
 * clicked: each level is re-found by its path and clicked again until it
 * reads expanded.
 */
export async function expandTree(page: Page, ...path: string[]): Promise<void> {
  for (let i = 1; i <= path.length; i++) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = await treeRow(page, path.slice(0, i));
      const state = await row.getAttribute('aria-expanded');
      if (state === 'true') break;
      if (Date.now() > deadline)
        throw new Error(`could not expand ${path.slice(0, i).join(' › ')}`);
      if (state === 'false') await row.click();
      await page.waitForTimeout(500);
    }
  }
}

/**
 * Expands the parents of the row at a path of labels, then runs an item of
 * that row's context menu. Returns the row.
 */
export async function runRowMenuItem(page: Page, path: string[], item: string): Promise<Locator> {
  await expandTree(page, ...path.slice(0, -1));
  const row = await treeRow(page, path);
  await row.click({ button: 'right' });
  // The context menu highlights the item under the mouse and runs it on Enter.
  await page
    .locator('.monaco-menu .action-label', { hasText: new RegExp(`^${escapeRegExp(item)}$`) })
    .first()
    .hover();
  await page.keyboard.press('Enter');
  return row;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Drags the sidebar's edge so long labels and descriptions fit in the screenshots. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}
