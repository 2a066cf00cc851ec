/**
 * Drives the peering wizard in the real workbench the way a user does: the
 * command palette, the Networks tree's context menu, clicks and keys in the
 * webview (which sits in two nested iframes), and a screenshot of each page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { resultsDir } from '../../scripts/vscode-host/host';
import { runRowMenuItem } from './treeDriver';

export class WizardDriver {
  private shots = 0;

  constructor(
    readonly page: Page,
    /** File-name prefix of this flow's screenshots, e.g. `dragonfly-aws`. */
    readonly flow: string,
  ) {}

  /** The panel's document: the active webview's inner iframe. */
  get frame(): FrameLocator {
    return this.page
      .locator('iframe.webview')
      .last()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();
  }

  async palette(command: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${command}`);
    await this.page
      .locator('.quick-input-list .monaco-list-row', { hasText: command })
      .first()
      .click();
  }

  /** Closes the editors, then opens the wizard from the command palette on its first page. */
  async openFromPalette(): Promise<void> {
    await this.palette('View: Close All Editors');
    await this.palette('Peering: New Peering');
    await this.onPage('what');
  }

  /** Opens the wizard from the New Peering item of the tree row at a path of labels. */
  async openFromTreeRow(path: string[]): Promise<void> {
    await runRowMenuItem(this.page, path, 'New Peering');
    await this.onPage('what');
  }

  /** Saves test-results/ui-wizard-<flow>-<n>-<name>.png. */
  async shot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `ui-wizard-${this.flow}-${++this.shots}-${name}.png`);
    // Let the page settle (spinners, focus rings) before the picture.
    await this.page.waitForTimeout(250);
    await this.page.screenshot({ path: file });
    return file;
  }

  page_(step: string): Locator {
    return this.frame.locator(`section.page[data-page="${step}"]`);
  }

  async onPage(step: string, timeout = 30_000): Promise<void> {
    await this.page_(step).waitFor({ state: 'visible', timeout });
  }

  async pickScenario(id: string): Promise<void> {
    const radio = this.frame.locator(`vscode-radio[data-scenario="${id}"]`);
    await radio.waitFor({ state: 'visible', timeout: 30_000 });
    await radio.click();
    await this.frame
      .locator('aside.constraints h3', { hasText: 'Before you start' })
      .waitFor({ state: 'visible' });
  }

  /** Next, once the page allows it. */
  async next(to: string): Promise<void> {
    const next = this.frame.locator('vscode-button[data-testid="next"]:not([disabled])');
    await next.waitFor({ state: 'visible', timeout: 60_000 });
    await next.click();
    await this.onPage(to);
  }

  /** Picks from a combobox the way the keyboard does: type to filter, arrow to the first match, Enter. */
  async choose(select: Locator, filter: string): Promise<void> {
    await select.waitFor({ state: 'visible', timeout: 60_000 });
    await select.click();
    await this.page.keyboard.type(filter);
    await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
  }

  async pickNetwork(filter: string): Promise<void> {
    await this.choose(this.frame.locator('#local-network'), filter);
    await this.frame.locator('[data-testid="network-card"]').waitFor({ state: 'visible' });
  }

  field(name: string): Locator {
    return this.frame.locator(`.field[data-field="${name}"]`);
  }

  async chooseIn(name: string, filter: string): Promise<void> {
    await this.choose(this.field(name).locator('vscode-single-select'), filter);
  }

  /** Ticks options of a multi-select by their text (each tick is a change), then closes it. */
  async chooseMany(name: string, labels: RegExp[]): Promise<void> {
    const select = this.field(name).locator('vscode-multi-select');
    await select.waitFor({ state: 'visible', timeout: 60_000 });
    await select.click();
    for (const label of labels) {
      await select.locator('li.option', { hasText: label }).first().click();
    }
    await this.page.keyboard.press('Escape');
    await select.filter({ hasText: `${labels.length} Selected` }).waitFor({ timeout: 10_000 });
  }

  async type(name: string, value: string): Promise<void> {
    const input = this.field(name).locator('vscode-textfield input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(value);
  }

  /** Waits until the inputs check out ("All inputs check out." and Next enabled). */
  async validated(): Promise<void> {
    await this.frame
      .locator('.status-line', { hasText: 'All inputs check out.' })
      .waitFor({ state: 'visible', timeout: 60_000 });
  }

  async runPlan(): Promise<void> {
    const run = this.frame.locator('vscode-button[data-testid="run-plan"]:not([disabled])');
    await run.waitFor({ state: 'visible', timeout: 60_000 });
    await run.click();
    await this.onPage('run');
  }

  runStatus(status: string): Locator {
    return this.frame.locator(`[data-testid="run-status"][data-status="${status}"]`);
  }

  step(id: string): Locator {
    return this.frame.locator(`.run-step[data-step="${id}"]`);
  }

  /** Switches the workbench's color theme (Light Modern or Dark Modern) and waits for the panel to follow. */
  async useTheme(theme: 'light' | 'dark'): Promise<void> {
    const body = () =>
      this.frame.locator('body').evaluate((b) => ({
        kind: b.className,
        background: getComputedStyle(b).backgroundColor,
      }));
    const wanted = theme === 'dark' ? 'vscode-dark' : 'vscode-light';
    if ((await body()).kind.includes(wanted)) return;
    await this.palette('Preferences: Color Theme');
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(theme === 'dark' ? 'Dark Modern' : 'Light Modern');
    await this.page
      .locator('.quick-input-list .monaco-list-row', {
        hasText: theme === 'dark' ? 'Dark Modern' : 'Light Modern',
      })
      .first()
      .waitFor();
    await this.page.keyboard.press('Enter');
    const deadline = Date.now() + 15_000;
    while (!(await body()).kind.includes(wanted)) {
      if (Date.now() > deadline) throw new Error(`the panel did not follow the ${theme} theme`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Shots of the current page in the light theme, then the dark one; leaves the light theme on. */
  async shotInBothThemes(name: string): Promise<void> {
    await this.useTheme('light');
    await this.shot(`${name}-light`);
    await this.useTheme('dark');
    await this.shot(`${name}-dark`);
    await this.useTheme('light');
  }

  /** An element's text color and the opaque color behind it (its own or its ancestors', blended). */
  async colorsOf(element: Locator): Promise<{ fg: Rgba; bg: Rgba }> {
    // Plain loops only in the page: helpers named inside evaluate() would need tsx's __name there.
    const raw = await element.evaluate((el) => {
      const backgrounds: string[] = [];
      for (let node: Element | null = el; node; node = node.parentElement)
        backgrounds.push(getComputedStyle(node).backgroundColor);
      return { color: getComputedStyle(el).color, backgrounds };
    });
    let bg: Rgba = [255, 255, 255, 1];
    const layers: Rgba[] = [];
    for (const c of raw.backgrounds) {
      const layer = parseColor(c);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] >= 1) break;
    }
    for (const layer of layers.reverse()) bg = blend(layer, bg);
    return { fg: blend(parseColor(raw.color), bg), bg };
  }

  /** The text of the Cloud Peering status bar item, e.g. "9 active · 6 pending · 2 down". */
  async statusBar(): Promise<string> {
    return (
      (await this.page
        .locator('[id="cloud-peering.cloud-peering.peering.status"]')
        .textContent()) ?? ''
    ).trim();
  }
}

/** "9 active · 6 pending · 2 down" → { active: 9, pending: 6, down: 2 }. */
export function statusCounts(text: string): { active: number; pending: number; down: number } {
  const m = /(\d+) active · (\d+) pending · (\d+) down/.exec(text);
  if (!m) throw new Error(`the status bar reads "${text}"`);
  return { active: Number(m[1]), pending: Number(m[2]), down: Number(m[3]) };
}

export type Rgba = [number, number, number, number];

/** WCAG 2 contrast ratio of two opaque colors (1 to 21). */
export function contrastRatio({ fg, bg }: { fg: Rgba; bg: Rgba }): number {
  const luminance = (c: Rgba) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}

function parseColor(c: string): Rgba {
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (!m) return [0, 0, 0, 0];
  const [r, g, b, a] = m[1]
    .split(/[ ,/]+/)
    .filter(Boolean)
    .map(Number);
  return [r, g, b, a ?? 1];
}

function blend(top: Rgba, below: Rgba): Rgba {
  const mix = (i: number) => top[i] * top[3] + below[i] * (1 - top[3]);
  return [mix(0), mix(1), mix(2), 1];
}
