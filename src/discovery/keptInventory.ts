/**
 * The kept inventory: what the last session listed, written to the
 * extension's global storage so the next window shows it at once (with its
 * age) while a refresh runs. It holds what the tree shows (accounts' regions,
 * networks, peerings) and never a secret: accounts are kept by identity only
 * (`KeptAccountIdentity`), and nothing here reads SecretStorage.
 *
 * The file is one JSON line per account after a header line, streamed out and
 * in an account at a time, so 100,000 peerings (about 50 MB) never block the
 * extension host in one long stringify, parse or buffer copy.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Account, Network, Peering } from '../model/types';

export const KEPT_INVENTORY_VERSION = 1;

/** What must match for a kept account's listing to be shown for a configured account. */
export interface KeptAccountIdentity {
  id: string;
  cloud: Account['cloud'];
  ref: string;
  regions?: string[];
  tenantId?: string;
  /** The sandbox's endpoint changes at every start; other endpoints must match. */
  endpoint?: string;
  sandbox?: boolean;
}

export interface KeptPlace {
  /** null for providers that list every region at once (JSON has no undefined). */
  region: string | null;
  networks: Network[];
  peerings: Peering[];
  loadedAt?: number;
}

export interface KeptAccount {
  account: KeptAccountIdentity;
  /** When its regions were listed (epoch ms). */
  listedAt: number;
  regions: (string | null)[];
  places: KeptPlace[];
}

export interface KeptInventory {
  version: number;
  /** When the listing was saved (epoch ms): the age the view shows. */
  savedAt: number;
  accounts: KeptAccount[];
}

export function keptIdentity(account: Account): KeptAccountIdentity {
  return {
    id: account.id,
    cloud: account.cloud,
    ref: account.ref,
    regions: account.regions,
    tenantId: account.tenantId,
    endpoint: account.sandbox ? undefined : account.endpoint,
    sandbox: account.sandbox,
  };
}

export function sameIdentity(kept: KeptAccountIdentity, account: Account): boolean {
  const now = keptIdentity(account);
  return (
    kept.id === now.id &&
    kept.cloud === now.cloud &&
    kept.ref === now.ref &&
    JSON.stringify(kept.regions ?? []) === JSON.stringify(now.regions ?? []) &&
    kept.tenantId === now.tenantId &&
    kept.endpoint === now.endpoint &&
    !!kept.sandbox === !!now.sandbox
  );
}

/**
 * Writes the kept inventory (0600, through a temporary file and a rename, so a
 * crash leaves the old file or the new one, never half of one). Its age is
 * that of its oldest account. Returns how many accounts it kept.
 */
export async function writeKeptInventory(
  file: string,
  accounts: Iterable<() => KeptAccount | undefined>,
): Promise<number> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  let kept = 0;
  let savedAt = Number.POSITIVE_INFINITY;
  try {
    // The header (with the oldest listing's time) is written last, at the start, padded to a fixed width.
    await handle.write(' '.repeat(HEADER_WIDTH) + '\n');
    for (const build of accounts) {
      const account = build();
      if (!account) continue;
      await handle.write(JSON.stringify(account) + '\n');
      savedAt = Math.min(savedAt, account.listedAt);
      kept++;
    }
    const header = JSON.stringify({ version: KEPT_INVENTORY_VERSION, savedAt: kept ? savedAt : 0 });
    await handle.write(header.padEnd(HEADER_WIDTH, ' '), 0);
  } finally {
    await handle.close();
  }
  if (!kept) {
    await rm(temporary, { force: true });
    await deleteKeptInventory(file);
    return 0;
  }
  await rename(temporary, file);
  return kept;
}

const HEADER_WIDTH = 64;

/** The kept inventory, or undefined when there is none or it cannot be read (it is only a cache). */
export async function readKeptInventory(file: string): Promise<KeptInventory | undefined> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let savedAt: number | undefined;
  const accounts: KeptAccount[] = [];
  try {
    for await (const line of lines) {
      if (savedAt === undefined) {
        const header = JSON.parse(line) as { version?: unknown; savedAt?: unknown };
        if (header.version !== KEPT_INVENTORY_VERSION || typeof header.savedAt !== 'number')
          return undefined;
        savedAt = header.savedAt;
        continue;
      }
      if (!line) continue;
      const account = JSON.parse(line) as KeptAccount;
      if (!isKeptAccount(account)) return undefined;
      accounts.push(account);
    }
  } catch {
    return undefined; // missing, unreadable or not ours
  } finally {
    lines.close();
    stream.destroy();
  }
  if (savedAt === undefined) return undefined;
  return { version: KEPT_INVENTORY_VERSION, savedAt, accounts };
}

export async function deleteKeptInventory(file: string): Promise<void> {
  await rm(file, { force: true });
}

function isKeptAccount(value: KeptAccount): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof value.account?.id === 'string' &&
    typeof value.account.cloud === 'string' &&
    typeof value.listedAt === 'number' &&
    Array.isArray(value.regions) &&
    Array.isArray(value.places) &&
    value.places.every(
      (p) =>
        (p.region === null || typeof p.region === 'string') &&
        Array.isArray(p.networks) &&
        Array.isArray(p.peerings),
    )
  );
}
