/**
 * The AWS accounts of managed services the user has peered with, as the
 * wizard's runs recorded them: an EMQX Cloud ↔ AWS run keeps the "Account ID
 * of EMQX Cloud" the user copied from the EMQX console (`emqxAccountId`) in
 * `<runs>/<runId>/run.json`. The peering commands read it at delete time to
 * follow EMQX Cloud's own delete rule. Plain Node (no `vscode`).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ServiceAccounts } from '../actions/peeringActions';

const EMQX_CLOUD_SCENARIO = 'emqx-cloud-aws';
const AWS_ACCOUNT_ID = /^\d{12}$/;

export async function readServiceAccounts(runsDir: string): Promise<ServiceAccounts> {
  const emqxCloud = new Set<string>();
  let runs: string[] = [];
  try {
    runs = await fs.readdir(runsDir);
  } catch {
    return { emqxCloud }; // No run yet.
  }
  for (const runId of runs) {
    let record: unknown;
    try {
      record = JSON.parse(await fs.readFile(path.join(runsDir, runId, 'run.json'), 'utf8'));
    } catch {
      continue; // Not a run folder, or a run being written.
    }
    const draft = (record as { draft?: { scenarioId?: unknown; inputs?: Record<string, unknown> } })
      ?.draft;
    const id = draft?.inputs?.emqxAccountId;
    if (
      draft?.scenarioId === EMQX_CLOUD_SCENARIO &&
      typeof id === 'string' &&
      AWS_ACCOUNT_ID.test(id)
    )
      emqxCloud.add(id);
  }
  return { emqxCloud };
}
