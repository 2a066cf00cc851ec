import * as vscode from 'vscode';
import type { Inventory, LocatedNetwork, LocatedPeering } from '../discovery/inventory';
import {
  acceptPeering,
  deletePeering,
  rejectPeering,
  resolveAccepter,
  resolveDelete,
  type ProviderLoader,
  type Refusal,
  type ServiceAccounts,
  type ServicePeer,
} from '../actions/peeringActions';
import type { PeeringWatcher } from '../discovery/watch';
import { UserCancelledError } from '../model/errors';
import { isFailed, rawState } from '../model/states';
import type { Peering } from '../model/types';
import { CLOUD_LABELS, describeCloud } from '../providers/registry';
import { networkConsoleUrl, peeringConsoleUrl } from './consoleLinks';
import type { PeeringLog } from './log';
import {
  networkPicks,
  networksAndPeerings,
  peeringPicks,
  pickOne,
  type AnyPick,
} from './nodePicker';
import type { SandboxHost } from './sandboxHost';
import { peeringTitle, type RevealArgs } from './statusBar';
import type { NetworksTreeProvider } from './tree/networksTree';
import { sidesOf, stateText } from './tree/rowModel';
import {
  AccountNode,
  MessageNode,
  NetworkNode,
  PeeringNode,
  RegionNode,
  type TreeNode,
} from './tree/treeNodes';
import type { UserInput } from './userInput';
import type { WatchList } from './watchList';

/** What a command did, returned to `executeCommand` callers (the tests read it). */
export type CommandOutcome =
  | { status: 'done'; peering?: Peering; text?: string }
  | { status: 'refused'; message: string }
  | { status: 'cancelled' }
  | { status: 'sandbox'; endpoint: string; url: string };

export interface PeeringCommandDeps {
  inventory: Inventory;
  tree: NetworksTreeProvider;
  view: vscode.TreeView<TreeNode>;
  watcher: PeeringWatcher;
  watchList: WatchList;
  loadProvider: ProviderLoader;
  log: PeeringLog;
  sandbox: SandboxHost;
  ui: UserInput;
  openExternal(url: string): Thenable<boolean>;
  /** AWS accounts of managed services (EMQX Cloud), whose delete rules a delete follows. */
  serviceAccounts?(): Promise<ServiceAccounts>;
}

/**
 * The peering commands. Each takes a tree node (context or inline menu) or,
 * from the palette, asks for one with a quick pick over the last discovery.
 * Refusals (the provider's rules) are warnings that say why, not errors.
 */
export class PeeringCommands {
  constructor(private readonly deps: PeeringCommandDeps) {}

  private get inventory(): Inventory {
    return this.deps.inventory;
  }

  private lookup = (ref: Parameters<Inventory['lookup']>[0]) => this.inventory.lookup(ref);

  // ---- refresh ----

  /** Everything, or one node's data (its account, region, or the one peering). */
  async refresh(node?: TreeNode): Promise<void> {
    const target = node instanceof MessageNode ? node.target : node;
    if (!target) return this.inventory.refreshAll();
    if (target instanceof AccountNode) return this.inventory.loadAccount(target.account.id, true);
    if (target instanceof RegionNode || target instanceof NetworkNode)
      return this.inventory.loadPlace(target.account.id, target.placeRegion, true);
    if (target instanceof PeeringNode) {
      const located = locatedPeering(target);
      const provider = await this.deps.loadProvider(located.peering.cloud);
      const fresh = await provider.getPeering(
        { account: located.account, region: located.region },
        located.peering.id,
      );
      this.applied(located, fresh, false);
    }
  }

  // ---- accept / reject / delete ----

  async accept(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    const item = await this.peeringFrom(node, ui, {
      title: vscode.l10n.t('Accept which peering request?'),
      filter: (p) =>
        p.peering.cloud === 'aws' && p.peering.rawState === rawState('aws', 'pending-acceptance'),
      emptyMessage: vscode.l10n.t('No AWS peering is waiting for acceptance.'),
    });
    const resolved = resolveAccepter(item, this.inventory);
    if ('refusal' in resolved) return this.refuse(resolved.refusal, item);
    const fresh = await this.progress(vscode.l10n.t('Accepting {0}…', this.title(item)), (signal) =>
      acceptPeering(this.deps.loadProvider, resolved.target, signal),
    );
    this.applied(resolved.target, fresh.peering);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Accepted {0} in {1} ({2}). It reads {3}; the status bar follows it until it is active.',
        this.title(item),
        resolved.target.account.label,
        resolved.target.region ?? '',
        stateText(fresh.peering),
      ),
    );
    return { status: 'done', peering: fresh.peering };
  }

  async reject(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    const item = await this.peeringFrom(node, ui, {
      title: vscode.l10n.t('Reject which peering request?'),
      filter: (p) =>
        p.peering.cloud === 'aws' && p.peering.rawState === rawState('aws', 'pending-acceptance'),
      emptyMessage: vscode.l10n.t('No AWS peering is waiting for acceptance.'),
    });
    const resolved = resolveAccepter(item, this.inventory);
    if ('refusal' in resolved) return this.refuse(resolved.refusal, item);
    // The target is the accepter's view: its peer side is the requester.
    const requester = resolved.target.peering.peer;
    const reject = vscode.l10n.t('Reject');
    const answer = await ui.showWarningModal(
      vscode.l10n.t('Reject the peering request {0}?', this.title(item)),
      vscode.l10n.t(
        'The request from AWS account {0} is refused and cannot be accepted later; the requester has to send a new one.',
        requester.accountId ?? '?',
      ),
      reject,
    );
    if (answer !== reject) return { status: 'cancelled' };
    const fresh = await this.progress(vscode.l10n.t('Rejecting {0}…', this.title(item)), (signal) =>
      rejectPeering(this.deps.loadProvider, resolved.target, signal),
    );
    this.applied(resolved.target, fresh?.peering);
    return { status: 'done', peering: fresh?.peering };
  }

  async delete(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    const item = await this.peeringFrom(node, ui, {
      title: vscode.l10n.t('Delete which peering?'),
      filter: (p) => p.peering.state !== 'deleted',
      emptyMessage: vscode.l10n.t('There is no peering to delete.'),
    });
    const services = (await this.deps.serviceAccounts?.()) ?? {};
    const resolved = resolveDelete(item, this.inventory, services);
    if ('refusal' in resolved) return this.refuse(resolved.refusal, item);
    const target = resolved.target;
    const p = target.peering;
    const near = this.lookup(p.local)?.name ?? p.local.name ?? p.local.networkId;
    const far = this.lookup(p.peer)?.name ?? p.peer.name ?? p.peer.networkId;
    const remove = vscode.l10n.t('Delete');
    const answer = await ui.showWarningModal(
      vscode.l10n.t('Delete peering {0}?', p.name ? `"${p.name}" (${p.id})` : p.id),
      [
        vscode.l10n.t(
          'It connects {0} ({1}, {2}) and {3} ({4}).',
          near,
          (p.local.cidrs ?? this.lookup(p.local)?.cidrs ?? []).join(', ') || '?',
          target.account.label,
          far,
          (p.peer.cidrs ?? this.lookup(p.peer)?.cidrs ?? []).join(', ') || '?',
        ),
        deleteEffect(p),
        ...(resolved.servicePeer ? [emqxCloudPrecondition(resolved.servicePeer)] : []),
      ].join('\n\n'),
      remove,
    );
    if (answer !== remove) return { status: 'cancelled' };
    const fresh = await this.progress(vscode.l10n.t('Deleting {0}…', this.title(item)), (signal) =>
      deletePeering(this.deps.loadProvider, target, signal),
    );
    this.applied(target, fresh?.peering);
    void vscode.window.showInformationMessage(
      fresh
        ? vscode.l10n.t('Deleted {0}; it reads {1}.', this.title(item), stateText(fresh.peering))
        : vscode.l10n.t('Deleted {0}.', this.title(item)),
    );
    return { status: 'done', peering: fresh?.peering };
  }

  // ---- copy, console ----

  async copyId(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    const target = node ?? (await this.anyFrom(ui, vscode.l10n.t('Copy the ID of…')));
    const text =
      target instanceof PeeringNode
        ? target.peering.id
        : target instanceof NetworkNode
          ? target.network.id
          : target instanceof AccountNode
            ? target.account.ref
            : isPick(target)
              ? 'peering' in target
                ? target.peering.peering.id
                : target.network.network.id
              : undefined;
    if (text === undefined) throw new UserCancelledError();
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
    return { status: 'done', text };
  }

  async copyCidr(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    let cidrs: string[];
    if (node instanceof PeeringNode) {
      // The far side's ranges: what a route or a firewall rule on this side needs.
      const { far } = sidesOf(node.network, node.peering);
      cidrs = far.cidrs?.length ? far.cidrs : (this.lookup(far)?.cidrs ?? []);
    } else if (node instanceof NetworkNode) {
      cidrs = node.network.cidrs;
    } else {
      const pick = await pickOne(ui, this.inventory, () => networkPicks(this.inventory), {
        title: vscode.l10n.t('Copy the CIDRs of which network?'),
        emptyMessage: vscode.l10n.t('No network has been discovered.'),
      });
      cidrs = pick.network.network.cidrs;
    }
    if (!cidrs.length) {
      const message = vscode.l10n.t('No CIDR is known for it.');
      void vscode.window.showWarningMessage(message);
      return { status: 'refused', message };
    }
    const text = cidrs.join(', ');
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
    return { status: 'done', text };
  }

  async openInConsole(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    const target =
      node ?? (await this.anyFrom(ui, vscode.l10n.t('Open which one in its console?')));
    let url: string;
    let sandbox: boolean;
    let what: string;
    if (target instanceof PeeringNode || (isPick(target) && 'peering' in target)) {
      const located = target instanceof PeeringNode ? locatedPeering(target) : target.peering;
      url = peeringConsoleUrl(located);
      sandbox = !!located.account.sandbox;
      what = this.title(located);
    } else if (target instanceof NetworkNode || (isPick(target) && 'network' in target)) {
      const located = target instanceof NetworkNode ? locatedNetwork(target) : target.network;
      url = networkConsoleUrl(located);
      sandbox = !!located.account.sandbox;
      what = located.network.name;
    } else {
      throw new UserCancelledError();
    }
    if (sandbox) {
      const running = await this.deps.sandbox.start();
      const endpoint = running.endpoints.http;
      const copy = vscode.l10n.t('Copy Endpoint');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            '{0} lives in the Cloud Peering sandbox, which has no web console. Its APIs answer at {1}.',
            what,
            endpoint,
          ),
          copy,
        )
        .then((choice) => {
          if (choice === copy) void vscode.env.clipboard.writeText(endpoint);
        });
      return { status: 'sandbox', endpoint, url };
    }
    await this.deps.openExternal(url);
    return { status: 'done', text: url };
  }

  // ---- watch ----

  async watch(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    const item = await this.peeringFrom(node, ui, {
      title: vscode.l10n.t('Watch which peering in the status bar?'),
      filter: (p) => !this.deps.watchList.isExplicit(p.peering.key),
      emptyMessage: vscode.l10n.t('Every peering is watched already.'),
    });
    const wasEverything = this.deps.watchList.watchesEverything;
    await this.deps.watchList.watch(item.peering.key);
    this.watchChanged();
    void vscode.window.showInformationMessage(
      wasEverything
        ? vscode.l10n.t(
            'Watching {0}. The status bar now follows only the peerings you watch; unwatch them all to follow every peering again.',
            this.title(item),
          )
        : vscode.l10n.t('Watching {0}.', this.title(item)),
    );
    return { status: 'done', peering: item.peering };
  }

  async unwatch(node?: TreeNode, ui = this.deps.ui): Promise<CommandOutcome> {
    const item = await this.peeringFrom(node, ui, {
      title: vscode.l10n.t('Stop watching which peering?'),
      filter: (p) => this.deps.watchList.isWatched(p.peering.key),
      emptyMessage: vscode.l10n.t('No peering is watched.'),
    });
    await this.deps.watchList.unwatch(item.peering.key);
    this.watchChanged();
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('Stopped watching {0}', this.title(item)),
      3000,
    );
    return { status: 'done', peering: item.peering };
  }

  // ---- find and reveal ----

  async find(ui = this.deps.ui): Promise<TreeNode | undefined> {
    const pick = await this.anyFrom(ui, vscode.l10n.t('Find a network or peering'));
    return 'peering' in pick ? this.revealPeering(pick.peering) : this.revealNetwork(pick.network);
  }

  /** From the status bar: the watched peerings that need action. */
  async showProblems(ui = this.deps.ui): Promise<TreeNode | undefined> {
    const summary = this.deps.watcher.summary();
    if (!summary.needsAction.length) {
      await vscode.commands.executeCommand('peering.networks.focus');
      void vscode.window.showInformationMessage(
        summary.watched
          ? vscode.l10n.t('No watched peering needs action.')
          : vscode.l10n.t('No peering is watched yet.'),
      );
      return undefined;
    }
    const keys = new Set(summary.needsAction.map((i) => i.peering.key));
    const pick = await pickOne(
      ui,
      this.inventory,
      () => peeringPicks(this.inventory, (p) => keys.has(p.peering.key)),
      {
        title: vscode.l10n.t('Peerings that need action'),
        emptyMessage: vscode.l10n.t('No watched peering needs action.'),
      },
    );
    return this.revealPeering(pick.peering);
  }

  /** From a tooltip link or a notification. */
  async revealByArgs(args: RevealArgs): Promise<TreeNode | undefined> {
    const located =
      this.inventory
        .peerings()
        .find(
          (p) =>
            p.peering.key === args.key &&
            p.account.id === args.accountId &&
            p.region === args.region,
        ) ?? this.inventory.peerings().find((p) => p.peering.key === args.key);
    if (!located) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('That peering is no longer listed; refresh the view.'),
      );
      return undefined;
    }
    return this.revealPeering(located);
  }

  async revealPeering(located: LocatedPeering): Promise<TreeNode | undefined> {
    const node = this.deps.tree.peeringNode(located);
    if (!node) return undefined;
    await this.deps.view.reveal(node, { select: true, focus: true, expand: false });
    return node;
  }

  async revealNetwork(located: LocatedNetwork): Promise<TreeNode | undefined> {
    const node = this.deps.tree.networkNode(located);
    if (!node) return undefined;
    await this.deps.view.reveal(node, { select: true, focus: true, expand: false });
    return node;
  }

  // ---- internals ----

  private title(item: LocatedPeering): string {
    return peeringTitle(item, this.lookup);
  }

  private async peeringFrom(
    node: TreeNode | undefined,
    ui: UserInput,
    options: { title: string; filter: (p: LocatedPeering) => boolean; emptyMessage: string },
  ): Promise<LocatedPeering> {
    if (node instanceof PeeringNode) return locatedPeering(node);
    if (node !== undefined) throw new UserCancelledError();
    const pick = await pickOne(
      ui,
      this.inventory,
      () => peeringPicks(this.inventory, options.filter),
      {
        title: options.title,
        emptyMessage: options.emptyMessage,
      },
    );
    return pick.peering;
  }

  private async anyFrom(ui: UserInput, title: string): Promise<AnyPick> {
    const pick = await pickOne(ui, this.inventory, () => networksAndPeerings(this.inventory), {
      title,
      emptyMessage: vscode.l10n.t('No network has been discovered.'),
    });
    if (!isPick(pick)) throw new UserCancelledError();
    return pick;
  }

  private refuse(refusal: Refusal, item: LocatedPeering): CommandOutcome {
    const message = refusalText(refusal, this.title(item), item.peering);
    void vscode.window.showWarningMessage(message);
    this.deps.log.info(`Refused: ${message}`);
    return { status: 'refused', message };
  }

  /**
   * Writes an action's or refresh's result into the inventory and the
   * watcher, then re-lists the other places that show the same peering (its
   * other side may have changed too) in the background.
   */
  private applied(target: LocatedPeering, fresh: Peering | undefined, relist = true): void {
    const others = this.inventory
      .peerings()
      .filter(
        (p) =>
          p.peering.key === target.peering.key &&
          (p.account.id !== target.account.id || p.region !== target.region),
      );
    if (fresh) {
      const located = { ...target, peering: fresh };
      this.inventory.upsertPeering(located);
      for (const other of others) {
        this.inventory.upsertPeering({
          ...other,
          peering: {
            ...other.peering,
            state: fresh.state,
            rawState: fresh.rawState,
            stateMessage: fresh.stateMessage,
            expiresAt: fresh.expiresAt,
          },
        });
      }
      this.deps.watcher.update(located);
    } else {
      this.inventory.removePeering(target.account.id, target.region, target.peering.key);
    }
    if (!relist) return;
    const far = this.lookup(target.peering.peer);
    const places = new Map<string, [string, string | undefined]>();
    for (const other of others)
      places.set(`${other.account.id}|${other.region ?? ''}`, [other.account.id, other.region]);
    if (far) {
      const owner = this.inventory.networks().find((n) => n.network.key === far.key);
      if (owner)
        places.set(`${owner.account.id}|${owner.region ?? ''}`, [owner.account.id, owner.region]);
    }
    for (const [accountId, region] of places.values())
      void this.inventory.loadPlace(accountId, region, true);
  }

  private watchChanged(): void {
    this.deps.watcher.watchedChanged();
    this.deps.tree.refresh();
  }

  private progress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (_progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return task(controller.signal);
        },
      ),
    );
  }
}

export function locatedPeering(node: PeeringNode): LocatedPeering {
  return { peering: node.peering, account: node.account, region: node.placeRegion };
}

export function locatedNetwork(node: NetworkNode): LocatedNetwork {
  return { network: node.network, account: node.account, region: node.placeRegion };
}

function isPick(value: unknown): value is AnyPick {
  return (
    !!value &&
    typeof value === 'object' &&
    ('peering' in value || 'network' in value) &&
    'label' in value
  );
}

/** What deleting does, per provider (its descriptor), for the confirmation. */
function deleteEffect(p: Peering): string {
  return vscode.l10n.t(describeCloud(p.cloud).deleteEffect, p.id);
}

/**
 * EMQX Cloud's own rule for deleting a peering, from its "Delete peering connections"
 * (https://docs.emqx.com/en/cloud/latest/deployments/vpc_peering.html).
 */
function emqxCloudPrecondition(peer: ServicePeer): string {
  return vscode.l10n.t(
    'This peering connects to the EMQX Cloud deployment VPC {0} (EMQX Cloud account {1}). EMQX Cloud deletes a peering only while it reads running, and no resources in the deployment may still use it: check the deployment in the EMQX Cloud console first. Source: EMQX Cloud docs, "Delete peering connections" (https://docs.emqx.com/en/cloud/latest/deployments/vpc_peering.html).',
    peer.networkId,
    peer.accountId,
  );
}

function refusalText(refusal: Refusal, title: string, p: Peering): string {
  switch (refusal.code) {
    case 'not-aws':
      return vscode.l10n.t(
        'Only AWS peering requests are accepted or rejected. A {0} peering becomes active once both sides exist.',
        CLOUD_LABELS[p.cloud],
      );
    case 'not-pending':
      return vscode.l10n.t(
        '{0} is {1}, not pending-acceptance: there is nothing to accept or reject.',
        title,
        refusal.rawState,
      );
    case 'no-accepter-account':
      return vscode.l10n.t(
        'No configured account owns the accepter side of {0} (AWS account {1}, {2}). Add that account with Peering: Add Account, or ask its owner to accept it.',
        title,
        refusal.accountId ?? '?',
        refusal.region ?? '?',
      );
    case 'already-gone':
      return vscode.l10n.t('{0} is already {1}.', title, refusal.state);
    case 'aws-reject-instead':
      return vscode.l10n.t(
        'AWS lets only the requester withdraw a pending request, and no configured account is the requester of {0}. Reject it instead (Peering: Reject Peering).',
        title,
      );
    case 'emqx-cloud-not-running':
      return vscode.l10n.t(
        '{0} connects to an EMQX Cloud deployment (EMQX Cloud account {1}) and is {2}, not active: EMQX Cloud deletes a peering only while it reads running (EMQX Cloud docs, "Delete peering connections"). Confirm it in the EMQX Cloud console first, or wait until it is active.',
        title,
        refusal.emqxAccountId,
        refusal.rawState,
      );
    case 'aws-state':
      return isFailed('aws', refusal.rawState)
        ? vscode.l10n.t(
            'AWS cannot delete {0} while it is {1}: AWS removes {1} peerings on its own after a while.',
            title,
            refusal.rawState,
          )
        : vscode.l10n.t(
            'AWS cannot delete {0} while it is {1}: wait until it is active, then delete it.',
            title,
            refusal.rawState,
          );
  }
}
