/**
 * The one list of clouds. Each line names a cloud's SDK-free descriptor
 * (`<cloud>/descriptor.ts`); everything per cloud outside its own folders
 * (labels, console links, delete warnings, discovery limits, Terraform
 * provider sources, the protocol's cloud list, the loader's types) is read
 * from here. Adding a cloud: docs/architecture.md, "Adding a seventh cloud".
 */
import type { CloudKind } from '../model/types';
import type { CloudDescriptor } from './descriptor';
import { aws } from './aws/descriptor';
import { gcp } from './gcp/descriptor';
import { azure } from './azure/descriptor';
import { upcloud } from './upcloud/descriptor';
import { aiven } from './aiven/descriptor';
import { dragonfly } from './dragonfly/descriptor';

export const DESCRIPTORS = Object.freeze({
  aws,
  gcp,
  azure,
  upcloud,
  aiven,
  dragonfly,
} as const) satisfies { readonly [C in CloudKind]: CloudDescriptor<C> };

/** The adapter type of a cloud: what `loadProvider(cloud)` resolves with. */
export type ProviderFor<C extends CloudKind> =
  (typeof DESCRIPTORS)[C] extends CloudDescriptor<C, infer P> ? P : never;

/** Every cloud, in the registry's order. */
export const CLOUD_KINDS = Object.freeze(Object.keys(DESCRIPTORS) as CloudKind[]);

export function describeCloud<C extends CloudKind>(cloud: C): (typeof DESCRIPTORS)[C] {
  return DESCRIPTORS[cloud];
}

export const CLOUD_LABELS: Readonly<Record<CloudKind, string>> = Object.freeze(
  Object.fromEntries(CLOUD_KINDS.map((c) => [c, DESCRIPTORS[c].label])) as Record<
    CloudKind,
    string
  >,
);
