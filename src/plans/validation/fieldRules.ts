/**
 * One format rule per input kind: ids (vpc-, pcx-, UUIDs, project ids,
 * subscription GUIDs), names and their lengths, regions and zones. Each rule
 * says in words what it wants, so a failure names the field, the value and
 * the rule.
 */
import { CidrError, parseCidr } from '../../model/cidr';
import { escapeUnsafeCharacters, UNSAFE_CHARACTER } from '../../model/text';
import type { InputKind, InputSpec, ValidationIssue } from '../../model/plan';

interface FieldRule {
  /** Returns the rule's text when the value breaks it, undefined when it is fine. */
  check(value: string, spec: InputSpec): string | undefined;
}

const pattern = (re: RegExp, rule: string): FieldRule => ({
  check: (value) => (re.test(value) ? undefined : rule),
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Control characters never belong in a name: they break consoles, logs and scripts. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The rule for a value holding one of UNSAFE_CHARACTER, naming its code point; undefined when clean. */
export function unsafeCharacterRule(value: string): string | undefined {
  const m = UNSAFE_CHARACTER.exec(value);
  if (!m) return undefined;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `it must not contain ${code}: control characters, line separators and bidirectional marks make a value display as something else`;
}

/**
 * azure-cli replaces an argument that starts with "@", or whose part after its
 * first "=" does, with the contents of that file ("@-": standard input) before
 * parsing (azure-cli 2.45, azure/cli/core/commands/__init__.py,
 * _expand_file_prefixed_files). A value that starts with "-" is read as an
 * option. So no value that reaches an `az` command may do either.
 */
export function azArgumentRule(value: string): string | undefined {
  if (value.startsWith('@') || value.includes('=@'))
    return 'it must not start with "@" or contain "=@": the az CLI would replace it with the contents of a local file';
  if (value.startsWith('-'))
    return 'it must not start with "-": the az CLI would read it as an option';
  return undefined;
}

/**
 * EC2 security group rule descriptions: "Up to 255 characters in length.
 * Allowed characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*"
 * (botocore 1.43.11, botocore/data/ec2/2016-11-15/service-2.json, shapes
 * IpRange and Ipv6Range, member Description; the EC2 API reference says the same).
 */
const AWS_RULE_DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

export const PORTS_RULE =
  'it must be "all" (all traffic), "tcp:all", or a protocol and port or range such as "tcp:6379" or "tcp:1024-65535"';

export interface IngressPorts {
  /** AWS form: -1 for all, else tcp/udp/icmp. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
}

/** Parses the `ingressPorts` input; undefined when it is malformed. */
export function parseIngressPorts(text: string): IngressPorts | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'all') return { protocol: '-1' };
  const m = /^(tcp|udp):(all|(\d{1,5})(?:-(\d{1,5}))?)$/.exec(value);
  if (!m) return undefined;
  if (m[2] === 'all') return { protocol: m[1], fromPort: 0, toPort: 65535 };
  const from = Number(m[3]);
  const to = Number(m[4] ?? m[3]);
  if (from > 65535 || to > 65535 || from > to) return undefined;
  return { protocol: m[1], fromPort: from, toPort: to };
}

const RULES: Record<InputKind, FieldRule> = {
  awsAccountId: pattern(/^\d{12}$/, 'an AWS account id is exactly 12 digits'),
  awsRegion: pattern(
    /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/,
    'it must be an AWS region code such as us-east-1 or eu-west-1',
  ),
  awsProfile: {
    check: (v) =>
      v.length > 128 || CONTROL.test(v) || /\s/.test(v)
        ? 'a profile name is up to 128 characters without spaces or control characters'
        : undefined,
  },
  vpcId: pattern(
    /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/,
    'an AWS VPC id is "vpc-" followed by 8 or 17 hexadecimal digits, e.g. vpc-0a1b2c3d4e5f60718',
  ),
  pcxId: pattern(
    /^pcx-([0-9a-f]{8}|[0-9a-f]{17})$/,
    'a VPC peering connection id is "pcx-" followed by 8 or 17 hexadecimal digits',
  ),
  routeTableId: pattern(
    /^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/,
    'a route table id is "rtb-" followed by 8 or 17 hexadecimal digits',
  ),
  securityGroupId: pattern(
    /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/,
    'a security group id is "sg-" followed by 8 or 17 hexadecimal digits',
  ),
  cidr: {
    check: (v) => {
      try {
        parseCidr(v);
        return undefined;
      } catch (error) {
        return error instanceof CidrError ? error.rule : 'it is not a CIDR block';
      }
    },
  },
  gcpProject: pattern(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    'a GCP project id is 6 to 30 lowercase letters, digits or hyphens, starts with a letter and does not end with a hyphen',
  ),
  gcpNetwork: pattern(
    /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'a GCP network name is 1 to 63 lowercase letters, digits or hyphens, starts with a letter and does not end with a hyphen',
  ),
  gcpResourceName: pattern(
    /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'a GCP resource name is 1 to 63 lowercase letters, digits or hyphens, starts with a letter and does not end with a hyphen',
  ),
  azureSubscriptionId: pattern(
    GUID,
    'an Azure subscription id is a GUID such as 00000000-0000-0000-0000-000000000000',
  ),
  azureTenantId: pattern(
    GUID,
    'an Azure tenant id is a GUID such as 00000000-0000-0000-0000-000000000000',
  ),
  azureResourceGroup: pattern(
    /^[-\w.()]{0,89}[-\w()]$/,
    'a resource group name is 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, and does not end with a period',
  ),
  azureVnetName: pattern(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$/,
    'a VNet name is 2 to 64 letters, digits, underscores, periods or hyphens, starts with a letter or digit and ends with a letter, digit or underscore',
  ),
  azureName: pattern(
    /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/,
    'an Azure resource name here is 1 to 80 letters, digits, underscores, periods or hyphens, starts with a letter or digit and ends with a letter, digit or underscore',
  ),
  azureRegion: pattern(
    /^[a-z][a-z0-9]{2,30}$/,
    'an Azure region is its lower-case name without spaces, e.g. westeurope or centralus',
  ),
  azurePriority: {
    check: (v) =>
      /^\d{3,4}$/.test(v) && Number(v) >= 100 && Number(v) <= 4096
        ? undefined
        : 'an NSG rule priority is a whole number from 100 to 4096',
  },
  uuid: pattern(GUID, 'it must be a UUID such as 03126dc1-a69f-4bc2-8b24-e31c22d64712'),
  upcloudZone: pattern(
    /^[a-z]{2}-[a-z]{3}\d$/,
    'an UpCloud zone looks like de-fra1, fi-hel2 or us-nyc1',
  ),
  aivenProject: pattern(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/,
    'an Aiven project name is 1 to 63 letters, digits, underscores or hyphens, starting with a letter or digit',
  ),
  aivenCloud: pattern(
    /^[a-z]+-[a-z0-9-]+$/,
    'an Aiven cloud name looks like upcloud-de-fra1 or aws-eu-west-1',
  ),
  dragonflyNetworkId: pattern(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'a Dragonfly Cloud network id is up to 64 letters, digits, periods, underscores or hyphens (copy it from the network page)',
  ),
  ingressPorts: { check: (v) => (parseIngressPorts(v) ? undefined : PORTS_RULE) },
  name: {
    check: (v, spec) => {
      const max = spec.maxLength ?? 255;
      if (v.trim() === '') return 'it must not be blank';
      if ([...v].length > max) return `it must be at most ${max} characters`;
      if (CONTROL.test(v)) return 'it must not contain control characters such as newlines or tabs';
      if (v.startsWith('-'))
        return 'it must not start with "-": a command-line tool would read it as an option';
      return undefined;
    },
  },
  awsRuleDescription: {
    check: (v) => {
      if (v.trim() === '') return 'it must not be blank';
      return AWS_RULE_DESCRIPTION.test(v)
        ? undefined
        : 'AWS takes up to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* in a security group rule description';
    },
  },
  interfaceName: pattern(
    /^[A-Za-z0-9_.:-]{1,15}$/,
    'a network interface name is 1 to 15 letters, digits, periods, colons, underscores or hyphens, e.g. eth1',
  ),
  yesNo: pattern(/^(yes|no)$/, 'it must be "yes" or "no"'),
};

/** Shown in messages: long values are cut, invisible characters made visible. */
export function displayValue(value: string): string {
  const visible = escapeUnsafeCharacters(JSON.stringify(value).slice(1, -1));
  return visible.length > 80 ? `${visible.slice(0, 77)}...` : visible;
}

/**
 * One failure: `field` is the input's name (the wizard shows the message on
 * that field); `label`, when given, is what the message calls it.
 */
export function issue(field: string, value: string, rule: string, label?: string): ValidationIssue {
  return {
    field,
    value,
    rule,
    message: `${label ?? field} "${displayValue(value)}": ${rule}.`,
  };
}

export interface CheckOptions {
  /** The scenario's script passes values to the az CLI: no "@" file expansion, no leading "-". */
  azCli?: boolean;
}

/** The rule one value breaks: characters no field takes, the az CLI's rules, then the kind's format. */
function brokenRule(spec: InputSpec, value: string, options: CheckOptions): string | undefined {
  return (
    unsafeCharacterRule(value) ??
    (options.azCli ? azArgumentRule(value) : undefined) ??
    RULES[spec.kind].check(value, spec)
  );
}

/** Checks one input against its spec: presence, list shape and format. */
export function checkInput(
  spec: InputSpec,
  raw: unknown,
  options: CheckOptions = {},
): ValidationIssue[] {
  if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
    return spec.required
      ? [
          {
            field: spec.name,
            value: '',
            rule: 'it is required',
            message: `${spec.name}: ${spec.label} is required.`,
          },
        ]
      : [];
  }
  if (spec.list) {
    if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) {
      return [issue(spec.name, String(raw), 'it must be a list of strings', spec.label)];
    }
    const issues: ValidationIssue[] = [];
    const seen = new Set<string>();
    raw.forEach((value: string, i) => {
      const field = `${spec.name}[${i}]`;
      const label = `${spec.label}, item ${i + 1}`;
      const broken = brokenRule(spec, value.trim(), options);
      if (broken) issues.push(issue(field, value, broken, label));
      else if (seen.has(value.trim()))
        issues.push(issue(field, value, 'it is listed twice', label));
      seen.add(value.trim());
    });
    return issues;
  }
  if (typeof raw !== 'string')
    return [issue(spec.name, String(raw), 'it must be a single value', spec.label)];
  const broken = brokenRule(spec, spec.kind === 'name' ? raw : raw.trim(), options);
  return broken ? [issue(spec.name, raw, broken, spec.label)] : [];
}
