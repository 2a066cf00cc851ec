/**
 * Checks one `az network …` argv against the option lists azure-cli 2.45
 * registers (test/fixtures/azure-cli-network/options.json, written by
 * scripts/extract-az-network-options.py): the command must exist, every
 * option must be the command's or a global one, every required option must
 * be there (by any of its names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AzCommandOptions {
  options: string[];
  required: string[];
  aliases: Record<string, string>;
}

export interface AzOptionTable {
  source: Record<string, string>;
  global: string[];
  missing: string[];
  commands: Record<string, AzCommandOptions>;
}

export const AZ_NETWORK_OPTIONS_FILE = join(
  __dirname,
  '..',
  '..',
  'fixtures',
  'azure-cli-network',
  'options.json',
);

export function loadAzNetworkOptions(): AzOptionTable {
  return JSON.parse(readFileSync(AZ_NETWORK_OPTIONS_FILE, 'utf8')) as AzOptionTable;
}

/** The command words: everything before the first option. */
export function azCommandOf(argv: string[]): string {
  const first = argv.findIndex((a) => a.startsWith('-'));
  return argv.slice(0, first < 0 ? argv.length : first).join(' ');
}

/** What is wrong with `argv` (without the leading "az"); empty when it fits. */
export function azNetworkIssues(argv: string[], table: AzOptionTable): string[] {
  const command = azCommandOf(argv);
  const spec = table.commands[command];
  if (!spec) return [`unknown command "az ${command}"`];
  // An option is a word that starts with "-" and a letter; values never do (validation
  // refuses a leading "-"), and "--flag=value" names its option before the "=".
  const given = argv
    .slice(command.split(' ').length)
    .filter((a) => /^--?[A-Za-z]/.test(a))
    .map((a) => a.split('=')[0]);
  const known = new Set([...spec.options, ...table.global]);
  const issues = given
    .filter((o) => !known.has(o))
    .map((o) => `"az ${command}" has no option ${o}`);
  const present = new Set(given.map((o) => spec.aliases[o] ?? o));
  for (const r of spec.required) if (!present.has(r)) issues.push(`"az ${command}" requires ${r}`);
  return issues;
}
