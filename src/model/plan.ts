/**
 * The shapes of scenarios, inputs, validation results and plans. Everything
 * here is plain JSON-serializable data: the wizard shows it, the runner's
 * journal stores it, and the renderers turn it into bash and Terraform.
 */
import type { RawState } from './states';
import type { Account, CloudKind, Network, Peering } from './types';

export type ScenarioId =
  | 'aws-same-account'
  | 'aws-cross-account'
  | 'aws-cross-region'
  | 'gcp-same-project'
  | 'gcp-cross-project'
  | 'azure-same-tenant'
  | 'azure-cross-tenant'
  | 'upcloud-upcloud'
  | 'aiven-to-upcloud'
  | 'upcloud-to-aiven'
  | 'dragonfly-aws'
  | 'dragonfly-gcp'
  | 'dragonfly-azure'
  | 'emqx-cloud-aws'
  | 'emqx-byoc-aws'
  | 'emqx-byoc-gcp'
  /** A Peering Doctor repair (src/plans/repair.ts): not a wizard scenario. */
  | 'doctor-repair';

// ---- inputs ----

/** What an input holds; each kind has one format rule in validation/fieldRules.ts. */
export type InputKind =
  | 'awsAccountId'
  | 'awsRegion'
  | 'awsProfile'
  | 'vpcId'
  | 'pcxId'
  | 'routeTableId'
  | 'securityGroupId'
  | 'cidr'
  | 'gcpProject'
  | 'gcpNetwork'
  | 'gcpResourceName'
  | 'azureSubscriptionId'
  | 'azureTenantId'
  | 'azureResourceGroup'
  | 'azureVnetName'
  | 'azureRegion'
  | 'azureName'
  | 'azurePriority'
  | 'uuid'
  | 'upcloudZone'
  | 'aivenProject'
  | 'aivenCloud'
  | 'dragonflyNetworkId'
  | 'ingressPorts'
  | 'name'
  | 'awsRuleDescription'
  | 'interfaceName'
  | 'yesNo';

export type InputValue = string | string[] | undefined;
export type PlanInputs = Record<string, InputValue>;

export interface InputSpec<N extends string = string> {
  /** The key in `PlanInputs`; validation errors name it in `field`. */
  name: N;
  label: string;
  kind: InputKind;
  /** Several values (CIDRs, route tables, security groups). */
  list?: boolean;
  required: boolean;
  /** Which side of the plan the value belongs to: the id of one of the scenario's `sides`. */
  side: string;
  help: string;
  example?: string;
  default?: string | string[];
  /** Longest accepted value where the provider sets one (names). */
  maxLength?: number;
}

/**
 * Whose a side is: `yours` is the network the user picks in the wizard (discovery answers its
 * inputs), `peer` the other network of a pair, `service` a managed service's side (Dragonfly
 * Cloud, Aiven, EMQX Cloud), which runs in the provider's own account.
 */
export type SideRole = 'yours' | 'peer' | 'service';

/** A managed service a scenario connects to; the wizard groups its scenarios under it. */
export type ServiceKind = 'dragonfly' | 'emqx' | 'aiven';

/** One side of a scenario, declared up front: the wizard reads it instead of guessing. */
export interface SideSpec {
  /** The `side` of its inputs and of the plan's `PlanSide`. */
  id: string;
  /** Whose API runs the side's steps (`PlanSide.cloud`). */
  cloud: CloudKind | 'emqx';
  /**
   * The cloud whose network the side's id input names, where it is not `cloud`: an EMQX
   * Cloud deployment's VPC is an AWS VPC in EMQX's account.
   */
  networkCloud?: CloudKind;
  role: SideRole;
  /** No public API lists it: its values are copied from the service's console (EMQX Cloud). */
  consoleOnly?: boolean;
}

export interface ScenarioSummary {
  id: ScenarioId;
  title: string;
  description: string;
  /** The provider's constraints, shown before the user types anything. */
  constraints: string[];
  clouds: CloudKind[];
  /** Every side the inputs and the plan name, exactly one of them `yours`. */
  sides: readonly SideSpec[];
  /** The managed service the scenario connects to, if any. */
  service?: ServiceKind;
  inputs: InputSpec[];
  /** The public documentation the scenario follows, with its URL (`citeUrl` of model/docs.ts). */
  source: string;
}

// ---- validation ----

export interface ValidationIssue {
  /** The input's name, e.g. `accepterCidrs` or `accepterCidrs[1]`. */
  field: string;
  value: string;
  /** The rule that failed, in words. */
  rule: string;
  /** The whole sentence shown to the user: the field's label, the value and the rule. */
  message: string;
  /** The field's label as the form shows it. */
  label?: string;
  /**
   * The other field the problem involves (the block an overlap collides
   * with, the network a CIDR contradicts): where a form shows it when the
   * issue's own field is not on screen.
   */
  related?: string;
}

export interface ValidationResult {
  errors: ValidationIssue[];
  /** Things that do not block the plan (cross-region charges, a VM needing DHCP renewal). */
  warnings: ValidationIssue[];
}

/**
 * What the wizard knows besides the inputs. Everything is optional: without
 * discovery the plan still builds, it just cannot check as much.
 */
export interface PlanContext {
  /** The configured account that executes each side's API steps; a side without one gets manual steps. */
  accounts?: Partial<Record<string, Account>>;
  /** Networks from discovery: a network named by id brings all its CIDRs (secondary and IPv6 too). */
  networks?: readonly Network[];
  /** Peerings from discovery: an existing one between the same pair is an error. */
  peerings?: readonly Peering[];
  /** A network's type where the provider has several (UpCloud: private, public, utility), by network id. */
  networkTypes?: Record<string, string>;
  /** A network's zone where peering requires the same one (UpCloud), by network id. */
  networkZones?: Record<string, string>;
  /** The router attached to a network where peering needs one (UpCloud), by network id: null when none is. */
  networkRouters?: Record<string, string | null>;
}

// ---- plans ----

/** A value the runner fills in from an earlier step's output, e.g. the pcx id. */
export interface OutputRef {
  $ref: string;
}

export type ArgValue =
  string | number | boolean | null | OutputRef | ArgValue[] | { [key: string]: ArgValue };

/** One participant: a cloud account, or a service's console where there is no API. */
export interface PlanSide {
  id: string;
  label: string;
  cloud: CloudKind | 'emqx';
  /** `Account.id` of the configured account that runs this side's API steps. */
  accountId?: string;
  region?: string;
  /** No configured account or no API: the user does this side's steps by hand. */
  manual: boolean;
}

/** A typed adapter call: `provider[method](place, ...args)`; see src/runner/actions.ts. */
export interface SdkAction {
  cloud: CloudKind;
  method: string;
  /** Positional arguments after the place; `{$ref}` values come from earlier steps. */
  args: ArgValue[];
}

/**
 * A read that tells whether a step's effect already exists (or, for a wait,
 * whether the awaited state is reached). Interpreted by src/runner/checks.ts.
 */
export type StepCheck =
  | {
      kind: 'awsPeeringBetween';
      /** Matches a live peering (not deleted, rejected, failed or expired) between these VPCs. */
      requesterVpcId?: string;
      requesterCidr?: string;
      accepterVpcId: string;
      /** Statuses that count as done; default every live one. */
      states?: RawState<'aws'>[];
    }
  | {
      kind: 'awsPeeringState';
      peeringId: ArgValue;
      states: RawState<'aws'>[];
    }
  | {
      kind: 'awsPeeringOptions';
      peeringId: ArgValue;
      option: 'requesterDnsResolution' | 'accepterDnsResolution';
    }
  | { kind: 'awsRoute'; routeTableId: string; destination: string; peeringId: ArgValue }
  /** DescribeVpcAttribute reads the attribute on (a Doctor DNS repair's effect). */
  | { kind: 'awsVpcAttribute'; vpcId: string; attribute: 'enableDnsSupport' | 'enableDnsHostnames' }
  /** The ACL holds this allow entry at this number; the number taken by another entry stops the step. */
  | {
      kind: 'awsNetworkAclEntry';
      networkAclId: string;
      ruleNumber: number;
      egress: boolean;
      protocol: string;
      cidr: string;
      fromPort: number;
      toPort: number;
    }
  | {
      kind: 'awsIngress';
      groupId: string;
      protocol: string;
      fromPort?: number;
      toPort?: number;
      cidr: string;
    }
  | {
      kind: 'gcpPeering';
      network: string;
      name: string;
      peerNetworkPath: string;
      states?: RawState<'gcp'>[];
    }
  | { kind: 'gcpFirewall'; network: string; name: string }
  | {
      kind: 'azurePeering';
      resourceGroup: string;
      vnetName: string;
      name: string;
      states?: RawState<'azure'>[];
    }
  | { kind: 'azureSecurityRule'; resourceGroup: string; nsgName: string; name: string }
  /** The peering's `peeringSyncLevel` reads FullyInSync (a Doctor resync's effect). */
  | { kind: 'azurePeeringSynced'; resourceGroup: string; vnetName: string; name: string }
  /** The peering's allowForwardedTraffic reads true (a Doctor fix's effect). */
  | { kind: 'azurePeeringForwarding'; resourceGroup: string; vnetName: string; name: string }
  | {
      kind: 'upcloudPeering';
      networkUuid: string;
      peerNetworkUuid: ArgValue;
      states?: RawState<'upcloud'>[];
    }
  /** The network can peer (type private, a router attached); a refusal fails the step with the fix. */
  | { kind: 'upcloudNetwork'; networkUuid: string; role: 'local' | 'peer' }
  | {
      kind: 'aivenConnection';
      vpcId: string;
      peerCloudAccount: string;
      peerVpc: ArgValue;
      states?: RawState<'aiven'>[];
    }
  | {
      kind: 'dragonflyConnection';
      networkId: string;
      peerVpcId: string;
      /** The connection the plan made (a wait reads it by id and stops once it is deleted). */
      connectionId?: ArgValue;
      states?: RawState<'dragonfly'>[];
    };

/** A value the user copies into another console or shell. */
export interface CarryValue {
  label: string;
  /** The value, or the output of an earlier step (filled in once the runner has it). */
  value: string | OutputRef;
  /** Where it goes, e.g. "EMQX Cloud console → VPC Peering Connection → Peering ID". */
  destination: string;
}

// ---- script IR: what the renderers in src/render/ turn into text ----

/** A bash word: a literal, a variable, a concatenation, or a command substitution. */
export type ShellWord =
  | string
  /** `"$NAME"`, or `"${NAME[index]}"` for an element of a list variable. */
  | { var: string; index?: number }
  | { concat: ShellWord[] }
  /** `"$(command)"`: the command's output as one word. */
  | { subst: ShellWord[] };

export type ShellLine =
  /** A command, optionally piped into a second one; `capture` assigns the output to a variable. */
  | { command: ShellWord[]; pipeTo?: ShellWord[]; capture?: string }
  /**
   * Runs `then` when the variable equals `equals`; `null` means empty or
   * "None" (what `--output text` prints for nothing).
   */
  | { ifVar: string; equals: string | null; then: ShellLine[] }
  /** Prints one line made of the words joined. */
  | { say: ShellWord[] }
  | { comment: string };

/** An HCL expression. Strings are always literals; code comes only from `ref` and `expr`. */
export type TfExpr =
  | string
  | number
  | boolean
  | { var: string }
  /** A traversal written by the plan builder, e.g. `aws_vpc_peering_connection.this.id`. */
  | { ref: string }
  /** A constant expression written by the plan builder (never holds user values). */
  | { expr: string }
  | { call: string; args: TfExpr[] }
  | TfExpr[]
  | { object: Record<string, TfExpr> };

export type TfBodyItem =
  { attr: string; value: TfExpr } | { block: string; labels?: string[]; body: TfBodyItem[] };

export interface TfBlock {
  kind: 'resource' | 'data' | 'output';
  type?: string;
  name: string;
  body: TfBodyItem[];
}

export interface StepScripts {
  bash: ShellLine[];
  /** Terraform resources; a manual step has none and its comment says what to do. */
  terraform: TfBlock[];
  /**
   * Why Terraform cannot declare this step although it is not manual (the
   * provider has no resource for it): written as comments, naming the API call
   * or console step that does it instead.
   */
  terraformGap?: string[];
}

export interface PlanStep {
  id: string;
  side: string;
  title: string;
  /** Why, citing the provider's documentation (`cite` of model/docs.ts) or rule. */
  reason: string;
  /** api: the runner calls the adapter; wait: the runner polls `check`; manual: the user acts. */
  kind: 'api' | 'wait' | 'manual';
  action?: SdkAction;
  /** Runs first: present means skip (api), done (manual) or reached (wait). */
  check?: StepCheck;
  /** The side whose account runs the check, when not `side` (a console-only side has no account). */
  checkSide?: string;
  /** Outputs the step provides to later ones (from the action's result or the check). */
  outputs?: string[];
  rollback: string;
  /** For manual steps: what to do, in order. */
  instructions?: string[];
  /** Values to enter elsewhere. */
  values?: CarryValue[];
  /** Upper bound for a wait or a manual step's check, in ms. */
  timeoutMs?: number;
  scripts: StepScripts;
  /** The step's text per flavor, rendered from `scripts` by src/render/. */
  script: { bash: string; terraform: string };
}

/** A script variable at the top: bash `NAME='value'`, Terraform `variable "name" { default = ... }`. */
export interface PlanVariable {
  /** UPPER_SNAKE for bash; Terraform uses its lower-case form. */
  name: string;
  value: string | string[];
  description: string;
  /** Never written with its value (API keys); the script reads it from the environment. */
  secret?: boolean;
  /** Only Terraform reads it (bash captures the value in a step instead). */
  terraformOnly?: boolean;
}

/** Which Terraform provider block a side needs. */
export interface TfProviderConfig {
  provider: 'aws' | 'google' | 'azurerm' | 'azuread' | 'upcloud' | 'aiven' | 'dfcloud';
  alias?: string;
  body: TfBodyItem[];
}

export interface Plan {
  scenarioId: ScenarioId;
  title: string;
  summary: string;
  source: string;
  sides: PlanSide[];
  variables: PlanVariable[];
  terraformProviders: TfProviderConfig[];
  steps: PlanStep[];
  /** Everything the user must copy to another console, across all steps. */
  carryValues: CarryValue[];
  warnings: ValidationIssue[];
  /** What is left to do once the steps are done (DHCP renewal, a data store with a private endpoint, ...). */
  followUps: string[];
  /** How to undo, and what must be true first (EMQX Cloud's deletion preconditions). */
  teardown: string[];
}
