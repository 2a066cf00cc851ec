/**
 * The accounts "Add AWS Organization" configures: one per picked member,
 * grouped under the organization, each reached by assuming the named role
 * from the management credentials (the management account itself needs none).
 */
import type { Account } from './types';

/** The role AWS Organizations creates in the accounts it creates. */
export const DEFAULT_ORGANIZATION_ROLE = 'OrganizationAccountAccessRole';

/**
 * IAM's rule for a role name: 1 to 64 of letters, digits and `+=,.@_-`
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
 * Returns the problem, or undefined when the name is valid.
 */
export function roleNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'required';
  if (name.length > 64) return 'at most 64 characters';
  if (!/^[\w+=,.@-]+$/.test(name)) return 'only letters, digits and + = , . @ _ -';
  return undefined;
}

export interface OrganizationMemberSpec {
  organizationId: string;
  /** The configured account (or profile) whose credentials reach the organization. */
  source: Account;
  /** The account those credentials belong to: it is used as is, without a role. */
  callerAccountNumber: string;
  roleName: string;
  members: readonly { accountNumber: string; name: string }[];
}

export function organizationMemberAccounts(spec: OrganizationMemberSpec): Account[] {
  const group = {
    kind: 'aws-organization' as const,
    id: spec.organizationId,
    label: `AWS Organization ${spec.organizationId}`,
  };
  return spec.members.map((member) => {
    const own = member.accountNumber === spec.callerAccountNumber;
    return {
      id: `aws:${spec.organizationId}:${member.accountNumber}`,
      cloud: 'aws',
      label: `${member.name} (${member.accountNumber})`,
      ref: spec.source.ref,
      regions: spec.source.regions?.length ? [...spec.source.regions] : undefined,
      endpoint: spec.source.endpoint,
      group,
      awsMember: {
        accountNumber: member.accountNumber,
        roleName: own ? undefined : spec.roleName,
        credentialsOf: spec.source.id,
      },
    };
  });
}
