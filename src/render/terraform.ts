/**
 * Renders a Plan as Terraform (HCL) with the official providers: hashicorp/aws,
 * hashicorp/google, hashicorp/azurerm and hashicorp/azuread, UpCloudLtd/upcloud,
 * aiven/aiven and dragonflydb/dfcloud.
 *
 * Every value is a variable at the top whose default goes through
 * `hclString`, which escapes quotes, backslashes, and control, line-separator
 * and bidi characters (as `\uXXXX`, so none appears raw), and
 * turns `${` and `%{` into their literal forms `$${` and `%%{`, so a value is
 * never read as an interpolation or a directive. Code (references, constant
 * expressions) comes only from the plan builders, never from input values.
 */
import type {
  Plan,
  PlanStep,
  PlanVariable,
  TfBlock,
  TfBodyItem,
  TfExpr,
  TfProviderConfig,
} from '../model/plan';
import { UNSAFE_CHARACTER } from '../model/text';
import { commentText } from './bash';
import { CLOUD_KINDS, describeCloud } from '../providers/registry';

/** The one quoting function: an HCL string literal that reads back as exactly `value`. */
export function hclString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if ((ch === '$' || ch === '%') && value[i + 1] === '{') out += ch + ch;
    else if (UNSAFE_CHARACTER.test(ch)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${out}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A traversal such as `aws.requester`, `var.cidrs[0]` or `x.y.state_info["to-network-id"]`. */
const TRAVERSAL =
  /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\["[A-Za-z0-9_-]+"\])*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not an HCL identifier: ${name}`);
  return name;
}

/** Terraform's name for a plan variable: REQUESTER_VPC_ID → requester_vpc_id. */
export function tfVariableName(name: string): string {
  return identifier(name.toLowerCase());
}

function renderExpr(expr: TfExpr, indent: string): string {
  if (typeof expr === 'string') return hclString(expr);
  if (typeof expr === 'number') {
    if (!Number.isFinite(expr)) throw new Error('HCL numbers must be finite');
    return String(expr);
  }
  if (typeof expr === 'boolean') return String(expr);
  if (Array.isArray(expr)) return `[${expr.map((e) => renderExpr(e, indent)).join(', ')}]`;
  if ('var' in expr) return `var.${tfVariableName(expr.var)}`;
  if ('ref' in expr) {
    if (!TRAVERSAL.test(expr.ref)) throw new Error(`Not an HCL reference: ${expr.ref}`);
    return expr.ref;
  }
  if ('expr' in expr) return expr.expr;
  if ('call' in expr)
    return `${identifier(expr.call)}(${expr.args.map((a) => renderExpr(a, indent)).join(', ')})`;
  const inner = `${indent}  `;
  const entries = alignAssignments(
    Object.entries(expr.object).map(([k, v]) => [
      IDENTIFIER.test(k) ? k : hclString(k),
      renderExpr(v, inner),
    ]),
    inner,
  );
  return entries.length ? `{\n${entries.join('\n')}\n${indent}}` : '{}';
}

/**
 * `name = value` lines as `terraform fmt` writes them: the `=` of consecutive
 * one-line assignments lines up; a multi-line value stands alone.
 */
function alignAssignments(pairs: [string, string][], indent: string): string[] {
  const out: string[] = [];
  let group: [string, string][] = [];
  const flush = () => {
    const width = Math.max(0, ...group.map(([k]) => k.length));
    for (const [k, v] of group) out.push(`${indent}${k.padEnd(width)} = ${v}`);
    group = [];
  };
  for (const [k, v] of pairs) {
    if (v.includes('\n')) {
      flush();
      out.push(`${indent}${k} = ${v}`);
    } else group.push([k, v]);
  }
  flush();
  return out;
}

function renderBody(body: TfBodyItem[], indent: string): string[] {
  const out: string[] = [];
  let attrs: [string, string][] = [];
  const flush = () => {
    out.push(...alignAssignments(attrs, indent));
    attrs = [];
  };
  for (const item of body) {
    if ('attr' in item) attrs.push([identifier(item.attr), renderExpr(item.value, indent)]);
    else {
      flush();
      const labels = (item.labels ?? []).map((l) => ` ${hclString(l)}`).join('');
      out.push(`${indent}${identifier(item.block)}${labels} {`);
      out.push(...renderBody(item.body, `${indent}  `));
      out.push(`${indent}}`);
    }
  }
  flush();
  return out;
}

function renderBlock(block: TfBlock): string {
  const labels =
    block.kind === 'output'
      ? hclString(block.name)
      : `${hclString(identifier(block.type ?? ''))} ${hclString(identifier(block.name))}`;
  return [`${block.kind} ${labels} {`, ...renderBody(block.body, '  '), '}'].join('\n');
}

/** `required_providers` entries, from each cloud's descriptor. */
function providerSource(name: TfProviderConfig['provider']): { source: string; version: string } {
  for (const cloud of CLOUD_KINDS) {
    const found = describeCloud(cloud).terraformProviders.find((p) => p.name === name);
    if (found) return found;
  }
  throw new Error(`No cloud descriptor declares the Terraform provider ${name}`);
}

const PROVIDER_CREDENTIALS: Partial<Record<TfProviderConfig['provider'], string>> = {
  upcloud:
    'The upcloud provider reads UPCLOUD_TOKEN (or UPCLOUD_USERNAME and UPCLOUD_PASSWORD) from the environment.',
  aiven: 'The aiven provider reads AIVEN_TOKEN from the environment.',
  dfcloud: 'The dfcloud provider reads DFCLOUD_API_KEY from the environment.',
};

function collectVariables(expr: TfExpr, into: Set<string>): void {
  if (typeof expr !== 'object') return;
  if (Array.isArray(expr)) expr.forEach((e) => collectVariables(e, into));
  else if ('var' in expr) into.add(expr.var);
  else if ('ref' in expr || 'expr' in expr) {
    const text = 'ref' in expr ? expr.ref : expr.expr;
    for (const m of text.matchAll(/\bvar\.([a-z0-9_]+)/g)) into.add(m[1].toUpperCase());
  } else if ('call' in expr) expr.args.forEach((a) => collectVariables(a, into));
  else Object.values(expr.object).forEach((v) => collectVariables(v, into));
}

function collectBody(body: TfBodyItem[], into: Set<string>): void {
  for (const item of body) {
    if ('attr' in item) collectVariables(item.value, into);
    else collectBody(item.body, into);
  }
}

function variableBlock(v: PlanVariable): string {
  const isList = Array.isArray(v.value);
  const body: TfBodyItem[] = [
    { attr: 'description', value: v.description },
    { attr: 'type', value: { expr: isList ? 'list(string)' : 'string' } },
    // A secret has no default: Terraform reads it from TF_VAR_<name> and never prints it.
    v.secret
      ? { attr: 'sensitive', value: true }
      : { attr: 'default', value: isList ? (v.value as string[]) : (v.value as string) },
  ];
  return [`variable ${hclString(tfVariableName(v.name))} {`, ...renderBody(body, '  '), '}'].join(
    '\n',
  );
}

function stepComment(step: PlanStep, index: number, total: number, plan: Plan): string[] {
  const side = plan.sides.find((s) => s.id === step.side);
  const lines = [
    `# ---- Step ${index + 1}/${total} (${commentText(side?.label ?? step.side)}): ${commentText(step.title)}`,
    `# Why: ${commentText(step.reason)}`,
  ];
  if (step.scripts.terraformGap?.length) {
    lines.push('# No Terraform resource exists for this step:');
    for (const g of step.scripts.terraformGap) lines.push(`#   ${commentText(g)}`);
  } else if (step.scripts.terraform.length === 0) {
    if (step.kind === 'wait') lines.push('# Terraform waits for this itself.');
    else if (step.kind === 'manual' || step.instructions?.length) {
      lines.push('# Done by hand, outside Terraform:');
      for (const i of step.instructions ?? []) lines.push(`#   ${commentText(i)}`);
    } else lines.push('# Nothing to declare for this step.');
  }
  return lines;
}

/** The Terraform for one step, as the wizard shows it next to the step. */
export function renderTerraformStep(plan: Plan, step: PlanStep): string {
  const index = plan.steps.indexOf(step);
  return [
    ...stepComment(step, index < 0 ? 0 : index, plan.steps.length, plan),
    ...step.scripts.terraform.map(renderBlock),
  ].join('\n');
}

export function renderTerraform(plan: Plan): string {
  const used = new Set<string>();
  for (const p of plan.terraformProviders) collectBody(p.body, used);
  for (const step of plan.steps) for (const b of step.scripts.terraform) collectBody(b.body, used);
  const providers = [...new Set(plan.terraformProviders.map((p) => p.provider))];

  const out: string[] = [
    `# ${commentText(plan.title)}`,
    `# ${commentText(plan.summary)}`,
    `# Generated by Cloud Peering from ${commentText(plan.source)}.`,
    '',
    'terraform {',
    '  required_providers {',
  ];
  for (const p of providers) {
    const { source, version } = providerSource(p);
    out.push(
      `    ${p} = {`,
      `      source  = ${hclString(source)}`,
      `      version = ${hclString(version)}`,
      '    }',
    );
  }
  out.push('  }', '}', '', '# ---- Values (edit here) ----');
  const missing = [...used].filter((name) => !plan.variables.some((v) => v.name === name));
  if (missing.length) throw new Error(`Plan variables missing: ${missing.join(', ')}`);
  for (const v of plan.variables.filter((x) => used.has(x.name))) {
    if (v.secret)
      out.push(
        `# Read from TF_VAR_${tfVariableName(v.name)} in the environment, never written here.`,
      );
    out.push(variableBlock(v));
  }
  out.push('', '# ---- Providers ----');
  for (const p of providers) {
    const note = PROVIDER_CREDENTIALS[p];
    // Only where a block of that provider takes its credentials from the environment.
    if (note && plan.terraformProviders.some((c) => c.provider === p && c.body.length === 0))
      out.push(`# ${note}`);
  }
  for (const p of plan.terraformProviders) {
    const body: TfBodyItem[] = p.alias ? [{ attr: 'alias', value: p.alias }, ...p.body] : p.body;
    out.push(`provider ${hclString(p.provider)} {`, ...renderBody(body, '  '), '}');
  }
  plan.steps.forEach((step, i) => {
    out.push('', ...stepComment(step, i, plan.steps.length, plan));
    for (const b of step.scripts.terraform) out.push(renderBlock(b));
  });
  if (plan.followUps.length) {
    out.push('', '# ---- Still to do ----');
    for (const f of plan.followUps) out.push(`# - ${commentText(f)}`);
  }
  out.push('');
  return out.join('\n');
}
