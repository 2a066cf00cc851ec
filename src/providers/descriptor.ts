/**
 * What the extension knows about a cloud without its SDK: its label, how many
 * calls discovery may have in flight, where its console shows a peering or a
 * network, what deleting a peering does, and its Terraform providers.
 *
 * Each cloud has one `src/providers/<cloud>/descriptor.ts`, read through
 * `registry.ts`. A descriptor imports no SDK and no `vscode` (its only import
 * of the adapter is `import type`, erased by the compiler), so every layer and
 * bundle may read it: the UI, the protocol, the renderers and the webviews.
 */
import type { Account, CloudKind, Network, Peering } from '../model/types';

/** Where a peering or network was listed: the account and the scanned region. */
export interface ConsolePlace {
  account: Account;
  region?: string;
}

/** One `required_providers` entry of the generated Terraform. */
export interface TerraformProviderSource {
  /** The local name (`aws`, `google`, `azurerm`, ...). */
  name: string;
  source: string;
  version: string;
}

/**
 * `P` is the adapter's type (`AwsProvider`, ...): a phantom the registry reads
 * to type `loadProvider('aws')`, never set at run time.
 */
export interface CloudDescriptor<C extends CloudKind = CloudKind, P = unknown> {
  readonly cloud: C;
  /** The provider's name as users know it. */
  readonly label: string;
  /** Discovery calls in flight at once for this cloud (the default of `Discovery.concurrency`). */
  readonly concurrency: number;
  peeringConsoleUrl(peering: Peering, at: ConsolePlace): string;
  networkConsoleUrl(network: Network, at: ConsolePlace): string;
  /**
   * What deleting one of its peerings does, for the confirmation. An English
   * message for `vscode.l10n.t`, where `{0}` is the peering id.
   */
  readonly deleteEffect: string;
  /** The Terraform providers its plans declare, in the order they are listed. */
  readonly terraformProviders: readonly TerraformProviderSource[];
  readonly _provider?: P;
}

export const encodeQuery = encodeURIComponent;
