/**
 * What the extension-host tests share: the extension's API with the sandbox
 * running on its demo world, and ways to walk the Networks tree the way
 * VS Code does (getChildren, getTreeItem), waiting out "Loading…" rows.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox, WorldSpec } from '../../../src/sandbox/api';
import type { TreeNode } from '../../../src/ui/tree/treeNodes';
import { ScriptedUserInput } from '../../../src/ui/userInput';

export async function extensionApi(): Promise<CloudPeeringApi> {
  const ext = vscode.extensions.getExtension<CloudPeeringApi>('cloud-peering.cloud-peering');
  assert.ok(ext, 'the extension is installed');
  return ext.activate();
}

/**
 * The sandbox running with a fresh world (demo by default) and everything
 * discovered once, so each test file starts from the same state.
 */
export async function freshSandbox(
  api: CloudPeeringApi,
  world: WorldSpec = 'demo',
): Promise<RunningSandbox> {
  const running = await api.sandbox.start();
  running.admin.reset(world);
  running.admin.setFaults([]);
  await api.watchList.reset();
  await api.inventory.refreshAll();
  return running;
}

export function label(node: TreeNode): string {
  const l = node.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export function description(node: TreeNode): string {
  return String(node.getTreeItem().description ?? '');
}

export function contextValue(node: TreeNode): string {
  return node.getTreeItem().contextValue ?? '';
}

export function tooltip(node: TreeNode): string {
  const t = node.getTreeItem().tooltip;
  return typeof t === 'string' ? t : (t?.value ?? '');
}

export function icon(node: TreeNode): { id: string; color?: string } {
  const i = node.getTreeItem().iconPath as vscode.ThemeIcon;
  return { id: i.id, color: i.color?.id };
}

/** Children as VS Code would show them once loading is done. */
export async function children(api: CloudPeeringApi, node?: TreeNode): Promise<TreeNode[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = (await api.tree.getChildren(node)) ?? [];
    if (!rows.some((r) => r.id.endsWith('/loading'))) return rows;
    if (Date.now() > deadline) throw new Error(`${node?.id ?? 'root'} is still loading`);
    await sleep(50);
  }
}

/** The child whose label (or, with a RegExp, id) matches. */
export async function child(
  api: CloudPeeringApi,
  parent: TreeNode | undefined,
  match: string | RegExp,
): Promise<TreeNode> {
  const rows = await children(api, parent);
  const found = rows.find((r) =>
    typeof match === 'string' ? label(r) === match : match.test(r.id),
  );
  assert.ok(
    found,
    `${String(match)} under ${parent?.id ?? 'root'}: ${rows.map((r) => `${label(r)} [${r.id}]`).join(', ')}`,
  );
  return found;
}

/** Walks labels from the root: account label, then region, network, peering. */
export async function walk(api: CloudPeeringApi, ...path: (string | RegExp)[]): Promise<TreeNode> {
  let node: TreeNode | undefined;
  for (const step of path) node = await child(api, node, step);
  assert.ok(node);
  return node;
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function callCount(sandbox: RunningSandbox, prefix: string): number {
  return Object.entries(sandbox.admin.counters())
    .filter(([k]) => k.startsWith(prefix))
    .reduce((n, [, v]) => n + v, 0);
}

/** Account labels of the demo world (src/sandbox/worlds/demoAccounts.ts). */
export const DEMO_LABELS = {
  awsApp: 'Sandbox AWS · app (111111111111)',
  awsData: 'Sandbox AWS · data (222222222222)',
  gcp: 'sandbox-project',
  azure: 'Sandbox Azure subscription',
  upcloud: 'Sandbox UpCloud',
  aiven: 'Sandbox Aiven · sandbox-aiven',
  dragonfly: 'Sandbox Dragonfly Cloud',
} as const;

/** Scripted prompts that also record what each modal said. */
export class RecordingInput extends ScriptedUserInput {
  readonly modals: { message: string; detail: string; actions: string[] }[] = [];

  override async showWarningModal(
    message: string,
    detail?: string,
    ...actions: string[]
  ): Promise<string | undefined> {
    this.modals.push({ message, detail: detail ?? '', actions });
    return super.showWarningModal(message);
  }
}
