/**
 * src/plans as the wizard shows it. The plans know scenarios, inputs, rules
 * and steps; this file knows the panel: which side is "your network" (picked
 * from discovery, so its id, region, account and CIDRs need no typing), which
 * inputs belong to "the other side" (offered from the APIs of the accounts
 * that can list them), and how plans, issues and values look on screen.
 *
 * No plan logic lives here: validation, plans and scripts are the plans'
 * own `validate`, `buildPlan` and `renderScript`.
 */
import { errorMessage } from '../../../model/errors';
import type { Account, CloudKind, Network } from '../../../model/types';
import { CLOUD_LABELS } from '../../../providers/registry';
import {
  buildPlan,
  listScenarios,
  PlanValidationError,
  renderScript,
  validate,
  type InputKind,
  type InputSpec,
  type Plan,
  type PlanContext,
  type PlanInputs,
  type ScenarioSummary,
  type ServiceKind,
  type SideRole,
  type ValidationIssue,
} from '../../../plans';
import type {
  Choice,
  Draft,
  FieldView,
  FollowUp,
  Issue,
  PeerChoicesView,
  PlanView,
  ScenarioView,
  ScriptFlavor,
  ValidationView,
} from '../../../protocol/wizardMessages';
import { WizardError } from '../../../protocol/wizardRpc';
import type { CloudProvider } from '../../../providers/provider';
import type { ScriptToAct } from '../session/wizardSession';
import { findNetwork, type InventorySnapshot } from '../session/wizardInventory';
import type { WizardPlans } from '../session/wizardSession';

/** Kinds that name a network: a pick from discovery answers them. */
const NETWORK_ID_KINDS = new Set<InputKind>([
  'vpcId',
  'gcpNetwork',
  'azureVnetName',
  'uuid',
  'dragonflyNetworkId',
]);

/** Network kinds answered by the network's name (GCP, Azure), not its id or resource path. */
const NAMED_KINDS = new Set<InputKind>(['gcpNetwork', 'azureVnetName']);

/** Kinds about the user's own network that discovery does not know (route tables, groups). */
const NETWORK_PAGE_KINDS = new Set<InputKind>(['routeTableId', 'securityGroupId', 'awsProfile']);

export interface ScenarioSide {
  id: string;
  /** The cloud whose networks the side's id input names (an EMQX Cloud deployment's: AWS). */
  cloud: CloudKind | undefined;
  role: SideRole;
  /** No API lists it: its values are copied from the service's console. */
  consoleOnly: boolean;
  inputs: InputSpec[];
}

/**
 * The sides the scenario declares, with their inputs, in the order their first input appears
 * (the order the form shows them).
 */
export function scenarioSides(summary: ScenarioSummary): ScenarioSide[] {
  const firstInput = (id: string) => {
    const at = summary.inputs.findIndex((spec) => spec.side === id);
    return at < 0 ? summary.inputs.length : at;
  };
  return [...summary.sides]
    .sort((a, b) => firstInput(a.id) - firstInput(b.id))
    .map((side) => ({
      id: side.id,
      cloud: side.networkCloud ?? (side.cloud === 'emqx' ? undefined : side.cloud),
      role: side.role,
      consoleOnly: side.consoleOnly === true,
      inputs: summary.inputs.filter((spec) => spec.side === side.id),
    }));
}

/** The side the user's own network is on: the one the scenario declares `yours`. */
export function localSide(summary: ScenarioSummary): ScenarioSide | undefined {
  return scenarioSides(summary).find((s) => s.role === 'yours');
}

/** What a discovered network answers on its side: id, region, account, CIDRs. */
export function inputsFromNetwork(side: ScenarioSide, network: Network): Record<string, string> {
  const out: Record<string, string> = {};
  const resourceGroup = /\/resourceGroups\/([^/]+)/i.exec(network.id)?.[1];
  // The side's first network id is this network; a second UUID on an Aiven side is the
  // UpCloud network behind the Aiven VPC (its "Aiven network ID"), known from the alias.
  const idSpec = side.inputs.find((s) => NETWORK_ID_KINDS.has(s.kind));
  const backing = (network.aliases ?? []).filter((a) => a.cloud === 'upcloud');
  // A Dragonfly Cloud network on GCP or Azure: its VPC (what https://www.dragonflydb.io/docs/cloud/connections
  // calls the network's "account ID" and "VPC ID") is the alias in that cloud, not its name.
  const hosted =
    network.cloud === 'dragonfly'
      ? (network.aliases ?? []).find((a) => a.cloud === 'gcp' || a.cloud === 'azure')
      : undefined;
  for (const spec of side.inputs) {
    let value: string | undefined;
    switch (spec.kind) {
      case 'vpcId':
      case 'uuid':
      case 'dragonflyNetworkId':
        if (spec === idSpec) value = network.id;
        else if (spec.kind === 'uuid' && network.cloud === 'aiven' && backing.length === 1)
          value = backing[0].networkId;
        break;
      case 'aivenProject':
        value = network.cloud === 'aiven' ? network.ownerId : undefined;
        break;
      case 'gcpNetwork':
      case 'azureVnetName':
        value = hosted ? hosted.networkId.split('/').pop() : network.name;
        break;
      case 'awsRegion':
      case 'azureRegion':
        value = network.region;
        break;
      case 'upcloudZone':
      case 'aivenCloud':
        value = network.zone ?? network.region;
        break;
      case 'awsAccountId':
      case 'gcpProject':
      case 'azureSubscriptionId':
        value = hosted?.cloud === 'gcp' ? hosted.accountId : network.ownerId;
        break;
      case 'name':
        // Dragonfly ↔ Azure's "Dragonfly network: Account ID", a resource-group id.
        if (hosted?.cloud === 'azure' && spec.name === 'dfcloudAccountId') value = hosted.accountId;
        break;
      case 'azureResourceGroup':
        value = resourceGroup;
        break;
      case 'cidr':
        if (spec.list || network.cidrs.length === 1) value = network.cidrs.join(', ');
        break;
    }
    if (value) out[spec.name] = value;
  }
  return out;
}

function isFromNetwork(spec: InputSpec): boolean {
  return (
    NETWORK_ID_KINDS.has(spec.kind) ||
    [
      'awsRegion',
      'azureRegion',
      'upcloudZone',
      'awsAccountId',
      'gcpProject',
      'azureSubscriptionId',
      'azureResourceGroup',
      'cidr',
    ].includes(spec.kind)
  );
}

/**
 * Placeholders that cannot pass for real values: the forms of the providers'
 * documentation with obvious filler digits, never an id or CIDR of a real or
 * sandbox network.
 */
const PLACEHOLDERS: Partial<Record<InputKind, string>> = {
  awsAccountId: 'e.g. 123456789012',
  awsRegion: 'e.g. eu-central-1',
  vpcId: 'e.g. vpc-0123456789abcdef0',
  pcxId: 'e.g. pcx-0123456789abcdef0',
  routeTableId: 'e.g. rtb-0123456789abcdef0',
  securityGroupId: 'e.g. sg-0123456789abcdef0',
  gcpProject: 'e.g. my-project-id',
  gcpNetwork: 'e.g. my-vpc-network',
  azureSubscriptionId: 'e.g. xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  azureTenantId: 'e.g. xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  azureResourceGroup: 'e.g. my-resource-group',
  azureVnetName: 'e.g. my-vnet',
  azureRegion: 'e.g. northeurope',
  uuid: 'e.g. xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  upcloudZone: 'e.g. fi-hel1',
  aivenProject: 'e.g. my-aiven-project',
  aivenCloud: 'e.g. upcloud-fi-hel1',
  dragonflyNetworkId: 'e.g. net-xxxxxxxxxxxx',
};

/** A placeholder for a field: the kind's illustrative form, else the plan's example marked as one. */
export function placeholderFor(spec: InputSpec): string | undefined {
  if (spec.kind === 'cidr') return spec.list ? 'e.g. 10.x.0.0/16, 10.y.0.0/16' : 'e.g. 10.x.0.0/16';
  return PLACEHOLDERS[spec.kind] ?? (spec.example ? `e.g. ${spec.example}` : undefined);
}

function fieldView(spec: InputSpec, step: FieldView['step'], fromNetwork: boolean): FieldView {
  const field: FieldView = {
    name: spec.name,
    label: spec.label,
    help: spec.help,
    required: spec.required,
    step,
  };
  const placeholder = placeholderFor(spec);
  if (placeholder) field.placeholder = placeholder;
  if (spec.list) field.list = true;
  if (fromNetwork) field.fromNetwork = true;
  if (spec.default !== undefined)
    field.defaultValue = Array.isArray(spec.default) ? spec.default.join(', ') : spec.default;
  if (spec.kind === 'yesNo')
    field.options = [
      { value: 'no', label: 'No' },
      { value: 'yes', label: 'Yes' },
    ];
  return field;
}

export function scenarioView(summary: ScenarioSummary): ScenarioView {
  const sides = scenarioSides(summary);
  const local = localSide(summary);
  const localClouds = [
    ...new Set(
      sides
        .filter((s) => s.inputs.some((i) => NETWORK_ID_KINDS.has(i.kind)) && s.role !== 'service')
        .map((s) => s.cloud)
        .filter((c): c is CloudKind => !!c),
    ),
  ];
  const others = sides.filter((s) => s.id !== local?.id);
  const fields = summary.inputs.map((spec) => {
    if (local && spec.side === local.id) {
      if (isFromNetwork(spec)) return fieldView(spec, 'network', true);
      if (NETWORK_PAGE_KINDS.has(spec.kind)) return fieldView(spec, 'network', false);
    }
    return fieldView(spec, 'other', false);
  });
  return {
    id: summary.id,
    title: summary.title,
    description: summary.description,
    kind: summary.service ? 'service' : 'scenario',
    constraints: summary.constraints,
    localClouds: localClouds.length ? localClouds : local?.cloud ? [local.cloud] : summary.clouds,
    otherSide: otherSideText(summary, others),
    fields,
  };
}

/** Services by the name users know them by. */
const SERVICE_LABELS: Record<ServiceKind, string> = {
  dragonfly: 'Dragonfly Cloud',
  aiven: 'Aiven',
  emqx: 'EMQX Cloud',
};

/**
 * A side as the user reads it: a service's name, else the prefix its inputs'
 * labels share ("Accepter VPC: VPC id" gives "Accepter VPC"), with its cloud.
 * Never the internal side id.
 */
export function sideLabel(side: ScenarioSide, summary: ScenarioSummary): string {
  if (side.role === 'service' && summary.service) return SERVICE_LABELS[summary.service];
  const counts = new Map<string, number>();
  for (const spec of side.inputs) {
    const prefix = /^([^:]+):\s/.exec(spec.label)?.[1];
    if (prefix) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const prefix = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const cloud = side.cloud ? CLOUD_LABELS[side.cloud] : undefined;
  if (!prefix) return cloud ? `The ${cloud} network` : 'The other network';
  return cloud && !prefix.includes(cloud) ? `${prefix} (${cloud})` : prefix;
}

function otherSideText(summary: ScenarioSummary, others: ScenarioSide[]): string {
  const sides = others
    .filter((s) => s.inputs.some((i) => NETWORK_ID_KINDS.has(i.kind)))
    .map((s) => sideLabel(s, summary));
  const what = sides.length ? sides.join(' and ') : 'The other side';
  return `${what}, and the options of the peering.${summary.source ? ` Follows ${summary.source}.` : ''}`;
}

/** Services in the order the list shows them; own networks by cloud. */
const SERVICE_ORDER: ServiceKind[] = ['dragonfly', 'emqx', 'aiven'];
const CLOUD_ORDER: CloudKind[] = ['aws', 'gcp', 'azure', 'upcloud'];

/**
 * Related scenarios next to each other: your own networks grouped by cloud
 * (AWS, Google Cloud, Azure, UpCloud), then the managed services grouped by
 * service (Dragonfly Cloud, EMQX, Aiven); the plans' order within a group.
 */
export function orderScenarios(summaries: ScenarioSummary[]): ScenarioView[] {
  const service = new Map<string, ServiceKind | undefined>(summaries.map((s) => [s.id, s.service]));
  const rank = (v: ScenarioView): number => {
    const kind = service.get(v.id);
    if (kind) return 100 + SERVICE_ORDER.indexOf(kind);
    const i = CLOUD_ORDER.indexOf(v.localClouds[0]);
    return i < 0 ? CLOUD_ORDER.length : i;
  };
  const cloudRank = (v: ScenarioView): number => {
    const i = CLOUD_ORDER.indexOf(v.localClouds[0]);
    return i < 0 ? CLOUD_ORDER.length : i;
  };
  return summaries
    .map((s, i) => ({ v: scenarioView(s), i }))
    .sort((a, b) => rank(a.v) - rank(b.v) || cloudRank(a.v) - cloudRank(b.v) || a.i - b.i)
    .map(({ v }) => v);
}

// ---------------------------------------------------------------------------

export interface PlansAdapterOptions {
  /** Lists route tables and security groups of a picked network; without it they are typed. */
  loadProvider?(cloud: CloudKind): Promise<CloudProvider>;
}

export class WizardPlansAdapter implements WizardPlans {
  private summaries: ScenarioSummary[] | undefined;

  constructor(private readonly options: PlansAdapterOptions = {}) {}

  private all(): ScenarioSummary[] {
    return (this.summaries ??= listScenarios());
  }

  private summary(id: string): ScenarioSummary {
    const found = this.all().find((s) => s.id === id);
    if (!found) throw new WizardError(`There is no scenario "${id}".`, 'not-found', 'scenarioId');
    return found;
  }

  scenarios(): ScenarioView[] {
    return orderScenarios(this.all());
  }

  /** The plan's inputs: the draft's typed values over what the picked network answers. */
  inputs(draft: Draft, snapshot: InventorySnapshot): { inputs: PlanInputs; context: PlanContext } {
    const summary = this.summary(draft.scenarioId);
    const network = findNetwork(snapshot, draft.localNetworkKey);
    const local = localSide(summary);
    const merged: Record<string, string> = {};
    if (network && local) Object.assign(merged, inputsFromNetwork(local, network));
    for (const [name, value] of Object.entries(draft.inputs))
      if (value.trim() !== '') merged[name] = value;
    // A typed id of a network discovery knows brings the rest of its side (CIDRs, region, account).
    for (const side of scenarioSides(summary)) {
      if (side.id === local?.id) continue;
      const known = knownNetwork(snapshot, side, merged);
      if (!known) continue;
      for (const [name, value] of Object.entries(inputsFromNetwork(side, known)))
        if (merged[name] === undefined) merged[name] = value;
    }
    const inputs: PlanInputs = {};
    for (const spec of summary.inputs) {
      const value = merged[spec.name];
      if (value === undefined) continue;
      inputs[spec.name] = spec.list ? splitList(value) : value;
    }
    // Inputs the scenario does not take are passed on, so its own rule names them.
    for (const [name, value] of Object.entries(merged))
      if (!summary.inputs.some((s) => s.name === name)) inputs[name] = value;
    return { inputs, context: this.context(summary, inputs, snapshot, network, local) };
  }

  private context(
    summary: ScenarioSummary,
    inputs: PlanInputs,
    snapshot: InventorySnapshot,
    network: Network | undefined,
    local: ScenarioSide | undefined,
  ): PlanContext {
    const accounts: Record<string, Account> = {};
    const byId = new Map(snapshot.accounts.map((a) => [a.id, a]));
    for (const side of scenarioSides(summary)) {
      if (!side.cloud) continue;
      let account: Account | undefined;
      if (local && side.id === local.id && network) account = byId.get(network.accountKey);
      else {
        // The other side's network, when discovery lists it, brings the account that can act there.
        const known = knownNetwork(snapshot, side, inputs);
        if (known && known.cloud === side.cloud) account = byId.get(known.accountKey);
        // A service with exactly one configured account acts through it (Dragonfly's API).
        if (!account && side.role === 'service' && !side.consoleOnly) {
          const candidates = snapshot.accounts.filter((a) => a.cloud === side.cloud);
          if (candidates.length === 1) account = candidates[0];
        }
      }
      if (account) accounts[side.id] = account;
    }
    const networkZones: Record<string, string> = {};
    const networkTypes: Record<string, string> = {};
    const networkRouters: Record<string, string | null> = {};
    for (const n of snapshot.networks) {
      if (n.zone) networkZones[n.id] = n.zone;
      if (n.networkType) networkTypes[n.id] = n.networkType;
      if (n.routerId !== undefined) networkRouters[n.id] = n.routerId;
    }
    return {
      accounts,
      networks: snapshot.networks,
      peerings: snapshot.peerings,
      networkZones,
      networkTypes,
      networkRouters,
    };
  }

  async peerChoices(draft: Draft, snapshot: InventorySnapshot): Promise<PeerChoicesView> {
    const summary = this.summary(draft.scenarioId);
    const network = findNetwork(snapshot, draft.localNetworkKey);
    const local = localSide(summary);
    const choices: Record<string, Choice[]> = {};
    const sources = new Set<string>();
    const accountLabel = new Map(snapshot.accounts.map((a) => [a.id, a.label]));
    const missing: string[] = [];
    const consoleOnly: string[] = [];
    const listFailures: string[] = [];
    const notes: string[] = [];
    for (const side of scenarioSides(summary)) {
      if (side.id === local?.id || !side.cloud) continue;
      if (side.consoleOnly) {
        consoleOnly.push(side.id);
        continue;
      }
      const idSpec = side.inputs.find((s) => NETWORK_ID_KINDS.has(s.kind));
      if (!idSpec) continue;
      // A network of a kind that cannot peer (UpCloud's public and utility ones) is never offered.
      const candidates = snapshot.networks.filter(
        (n) =>
          n.cloud === side.cloud &&
          n.key !== network?.key &&
          (n.networkType === undefined || n.networkType === 'private'),
      );
      if (!candidates.length) {
        if (!snapshot.accounts.some((a) => a.cloud === side.cloud))
          missing.push(cloudName(side.cloud));
        continue;
      }
      choices[idSpec.name] = candidates.slice(0, 2_000).map((n) => {
        const fills = inputsFromNetwork(side, n);
        // The value is what the id field wants: a GCP or Azure side names its network, not its path.
        const value = fills[idSpec.name] ?? n.id;
        delete fills[idSpec.name];
        const choice: Choice = {
          value,
          // Name and CIDRs first: a long id (UUID, resource path) goes last, where it may be cut.
          label: [n.name, n.cidrs.join(', '), n.name !== n.id ? n.id : undefined]
            .filter(Boolean)
            .join(' · '),
          detail: [
            accountLabel.get(n.accountKey) ?? n.accountKey,
            n.region ?? n.zone,
            n.routerId === null ? 'no router attached: attach one before peering' : undefined,
          ]
            .filter(Boolean)
            .join(' · '),
        };
        if (Object.keys(fills).length) choice.fills = fills;
        return choice;
      });
      for (const n of candidates)
        sources.add(
          `${cloudName(n.cloud)} API (${accountLabel.get(n.accountKey) ?? n.accountKey})`,
        );
    }
    // Route tables and security groups of each network that is known and in a configured account.
    const { inputs } = this.inputs(draft, snapshot);
    for (const side of scenarioSides(summary)) {
      const known = side.id === local?.id ? network : knownNetwork(snapshot, side, inputs);
      const account = known && snapshot.accounts.find((a) => a.id === known.accountKey);
      if (!known || !account) continue;
      const wanted = side.inputs.filter(
        (s) => s.kind === 'routeTableId' || s.kind === 'securityGroupId',
      );
      if (!wanted.length || !this.options.loadProvider) continue;
      const place = { account, region: known.region };
      try {
        await this.listNetworkParts(known, place, wanted, choices);
        sources.add(`${cloudName(known.cloud)} API (${account.label})`);
      } catch (error) {
        // One listing that fails leaves its fields typed; the note says why.
        listFailures.push(`${account.label}: ${errorMessage(error)}`);
      }
    }
    const view: PeerChoicesView = { choices };
    if (listFailures.length)
      notes.push(
        `Route tables and security groups could not be listed (${listFailures.join('; ')}); type their ids.`,
      );
    if (sources.size) view.source = [...sources].slice(0, 4).join(', ');
    if (consoleOnly.length)
      notes.push(
        'EMQX Cloud has no public API to list deployments: copy its values from the VPC Peering Connection dialog of the EMQX Cloud console.',
      );
    if (missing.length)
      notes.push(
        `No ${missing.join(' or ')} account is configured, so its values are typed here. Add one in the Networks view to pick them from its API.`,
      );
    if (notes.length) view.note = notes.join(' ');
    return view;
  }

  /** Route tables and security groups of one network, as choices for its side's inputs. */
  private async listNetworkParts(
    network: Network,
    place: { account: Account; region?: string },
    wanted: InputSpec[],
    choices: Record<string, Choice[]>,
  ): Promise<void> {
    const provider = await this.options.loadProvider!(network.cloud);
    for (const spec of wanted) {
      if (spec.kind === 'routeTableId') {
        const tables = await provider.listRouteTables(place, network.id);
        choices[spec.name] = tables.map((t) => ({
          value: t.id,
          label: `${t.name ?? t.id}${t.name ? ` · ${t.id}` : ''}`,
          detail: `${t.main ? 'main · ' : ''}${t.routes.length} routes`,
        }));
      } else {
        const groups = await provider.listFirewalls(place, network.id);
        choices[spec.name] = groups.map((g) => ({
          value: g.id,
          label: `${g.name}${g.name !== g.id ? ` · ${g.id}` : ''}`,
          detail: `${g.ingress.length} inbound rules`,
        }));
      }
    }
  }

  validate(draft: Draft, snapshot: InventorySnapshot): ValidationView {
    const { inputs, context } = this.inputs(draft, snapshot);
    const result = validate(draft.scenarioId, inputs, context);
    return {
      errors: this.place(draft, result.errors),
      warnings: this.place(draft, result.warnings),
    };
  }

  /**
   * Issues as the form shows them. What the picked network answers is not on
   * screen: a problem found there shows at the field the user typed that it
   * collides with.
   */
  private place(draft: Draft, issues: ValidationIssue[]): Issue[] {
    const hidden = new Set(
      draft.localNetworkKey
        ? scenarioView(this.summary(draft.scenarioId))
            .fields.filter((f) => f.fromNetwork)
            .map((f) => f.name)
        : [],
    );
    return placeIssues(issues.map(issueView), issues, hidden);
  }

  /** The plan for the draft; a validation failure becomes an error naming its first field. */
  plan(draft: Draft, snapshot: InventorySnapshot): Plan {
    const { inputs, context } = this.inputs(draft, snapshot);
    try {
      return buildPlan(draft.scenarioId, inputs, context);
    } catch (error) {
      if (error instanceof PlanValidationError) {
        const placed = this.place(draft, error.errors);
        throw new WizardError(placed.map((e) => e.message).join(' '), 'failed', placed[0]?.field);
      }
      throw error;
    }
  }

  planView(draft: Draft, snapshot: InventorySnapshot): PlanView {
    return planView(this.plan(draft, snapshot));
  }

  script(draft: Draft, snapshot: InventorySnapshot, flavor: ScriptFlavor): ScriptToAct {
    const plan = this.plan(draft, snapshot);
    return { flavor, text: renderScript(plan, flavor), stem: `peering-${plan.scenarioId}` };
  }
}

/** The network a side's id input names, when discovery lists it (by id, or by an alias such as a Dragonfly network's VPC). */
function knownNetwork(
  snapshot: InventorySnapshot,
  side: ScenarioSide,
  inputs: Record<string, string | string[] | undefined>,
): Network | undefined {
  const idSpec = side.inputs.find((s) => NETWORK_ID_KINDS.has(s.kind));
  const id = idSpec ? inputs[idSpec.name] : undefined;
  if (typeof id !== 'string' || !side.cloud) return undefined;
  return (
    snapshot.networks.find((n) => n.cloud === side.cloud && n.id === id) ??
    // GCP and Azure sides name their network: the name, in the typed project or subscription when given.
    (idSpec && NAMED_KINDS.has(idSpec.kind)
      ? snapshot.networks.find(
          (n) =>
            n.cloud === side.cloud &&
            n.name === id &&
            side.inputs.every((s) => {
              const typed = inputs[s.name];
              if (typeof typed !== 'string' || !typed) return true;
              if (s.kind === 'gcpProject' || s.kind === 'azureSubscriptionId')
                return n.ownerId === undefined || n.ownerId === typed;
              if (s.kind === 'azureResourceGroup')
                return (
                  inputsFromNetwork(side, n)[s.name] === undefined ||
                  inputsFromNetwork(side, n)[s.name]?.toLowerCase() === typed.toLowerCase()
                );
              return true;
            }),
        )
      : undefined) ??
    snapshot.networks.find((n) =>
      (n.aliases ?? []).some((a) => a.cloud === side.cloud && a.networkId === id),
    )
  );
}

export function planView(plan: Plan): PlanView {
  const sideLabel = new Map(plan.sides.map((s) => [s.id, s.label]));
  return {
    title: plan.summary ? `${plan.title}: ${plan.summary}` : plan.title,
    steps: plan.steps.map((s) => ({
      id: s.id,
      side: sideLabel.get(s.side) ?? s.side,
      title: s.title,
      reason: s.reason,
      kind: s.kind,
    })),
    followUps: followUps(plan, {}),
    warnings: plan.warnings.map(issueView),
    scripts: { bash: renderScript(plan, 'bash'), terraform: renderScript(plan, 'terraform') },
  };
}

/** What the user must still do elsewhere: the carry values (filled from outputs when known), then the follow-ups. */
export function followUps(plan: Plan, outputs: Record<string, string>): FollowUp[] {
  const out: FollowUp[] = plan.carryValues.map((c) => ({
    where: c.destination,
    label: c.label,
    value:
      typeof c.value === 'string'
        ? c.value
        : (outputs[c.value.$ref] ?? `(known once the run reaches it: ${c.value.$ref})`),
  }));
  for (const text of plan.followUps) out.push(...followUpsFromText(text));
  return out;
}

/**
 * A follow-up sentence, with its command (in backticks, or after a colon) as
 * the value to copy: "Renew the DHCP lease on each VM: `dhclient -r eth1 && dhclient eth1`".
 */
/** Command-line tools whose commands a follow-up may spell out inline. */
const COMMAND = /`([^`]+)`|\b((?:dhclient|aws|gcloud|az|curl|terraform|ip)\s[^,;()`]+)/g;

/**
 * A follow-up sentence as the Done page shows it, with each command it
 * names as a value of its own (copyable): "…refresh the DHCP lease…:
 * dhclient -r eth1, then dhclient eth1 (Aiven docs, …)" gives `dhclient -r eth1`
 * and `dhclient eth1`.
 */
export function followUpsFromText(text: string): FollowUp[] {
  const commands = [...text.matchAll(COMMAND)]
    .map((m) => (m[1] ?? m[2]).trim().replace(/\s+then$/, ''))
    .filter(Boolean);
  const label = text.replace(/`([^`]+)`/g, '$1');
  if (!commands.length) return [{ where: 'Afterwards', label, value: '' }];
  return commands.map((value, i) => ({
    where: i === 0 ? 'Afterwards' : '',
    label: i === 0 ? label : 'then',
    value,
  }));
}

/**
 * Each issue at the field the user sees: one on a field that the picked
 * network fills in (hidden) moves to the field it involves; the same message
 * at the same field is shown once.
 */
function placeIssues(views: Issue[], issues: ValidationIssue[], hidden: Set<string>): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  views.forEach((view, i) => {
    const related = issues[i].related;
    const placed =
      view.field && hidden.has(view.field) && related && !hidden.has(baseField(related))
        ? { ...view, field: baseField(related) }
        : view;
    const key = `${placed.field ?? ''}\u0000${placed.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(placed);
  });
  return out;
}

function issueView(issue: ValidationIssue): Issue {
  return issue.field
    ? { field: baseField(issue.field), message: issue.message }
    : { message: issue.message };
}

/** `requesterCidrs[1]` is shown on the `requesterCidrs` field. */
function baseField(field: string): string {
  return field.replace(/\[\d+\]$/, '');
}

function splitList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

function cloudName(cloud: CloudKind): string {
  return CLOUD_LABELS[cloud];
}
