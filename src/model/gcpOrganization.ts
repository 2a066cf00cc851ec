/**
 * The accounts "Add GCP Organization" configures: one per picked project of an organisation or
 * folder, grouped under it, so discovery reads them through Cloud Asset Inventory and falls back
 * to each project's own calls. Resource names follow Resource Manager: `organizations/{number}`,
 * `folders/{number}` (https://cloud.google.com/resource-manager/docs/cloud-platform-resource-hierarchy).
 */
import type { Account, AccountGroup } from './types';

const SCOPE = /^(organizations|folders)\/(\d+)$/;

/**
 * Resource Manager's rule for an organisation or folder name: `organizations/` or `folders/`
 * followed by its number. Returns the problem, or undefined when the name is valid.
 */
export function gcpScopeProblem(scope: string): string | undefined {
  if (!scope) return 'required';
  if (!SCOPE.test(scope))
    return 'organizations/NUMBER or folders/NUMBER, e.g. organizations/123456789012';
  return undefined;
}

/** A project of an organisation or folder, as Cloud Asset Inventory lists it. */
export interface GcpScopeProject {
  projectId: string;
  projectNumber: string;
  displayName: string;
}

export interface GcpScopeSpec {
  /** `organizations/N` or `folders/N`. */
  scope: string;
  /** The configured account (or Application Default Credentials) that listed the projects. */
  source: Account;
  projects: readonly GcpScopeProject[];
}

export function gcpScopeGroup(scope: string): AccountGroup {
  const [, kind, number] = SCOPE.exec(scope) ?? [];
  return kind === 'folders'
    ? { kind: 'gcp-folder', id: scope, label: `GCP folder ${number}` }
    : { kind: 'gcp-organization', id: scope, label: `GCP organization ${number ?? scope}` };
}

export function gcpScopeAccounts(spec: GcpScopeSpec): Account[] {
  const group = gcpScopeGroup(spec.scope);
  return spec.projects.map((project) => ({
    id: `gcp:${project.projectId}`,
    cloud: 'gcp',
    ref: project.projectId,
    label:
      project.displayName && project.displayName !== project.projectId
        ? `${project.displayName} (${project.projectId})`
        : project.projectId,
    endpoint: spec.source.endpoint,
    group,
  }));
}
