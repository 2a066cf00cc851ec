/**
 * The Doctor's test world: the sandbox's demo accounts, their real SDK adapters, and the inventory
 * discovery builds from them (as the tree would), turned into `DoctorDeps`.
 */
import * as assert from 'node:assert/strict';
import { Discovery } from '../../../src/discovery/discovery';
import type { DoctorDeps } from '../../../src/doctor/index';
import type { Diagnosis, Finding } from '../../../src/model/diagnosis';
import type { Peering } from '../../../src/model/types';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { sandboxSession, type SandboxSession } from '../plans/sandboxSession';

export interface DoctorWorld {
  session: SandboxSession;
  deps: DoctorDeps;
  peering(id: string, accountKey?: string): Peering;
}

/** Discovers every demo account and returns the Doctor's deps over that inventory. */
export async function doctorWorld(
  sandbox: RunningSandbox,
  session = sandboxSession(sandbox),
): Promise<DoctorWorld> {
  const discovery = new Discovery({ loadProvider: session.loadProvider, timeoutMs: 20_000 });
  const result = await discovery.refresh(session.accounts);
  const deps: DoctorDeps = {
    loadProvider: session.loadProvider,
    inventory: { networks: result.networks, peerings: result.peerings },
    accountFor: (id) => session.accounts.find((a) => a.id === id),
  };
  return {
    session,
    deps,
    peering(id, accountKey) {
      const found = result.peerings.find(
        (p) => p.id === id && (accountKey === undefined || p.accountKey === accountKey),
      );
      assert.ok(found, `peering ${id} in the inventory`);
      return found;
    },
  };
}

/** The findings of a code, asserting there is at least one. */
export function findingsOf(diagnosis: Diagnosis, code: string): Finding[] {
  const found = diagnosis.findings.filter((f) => f.code === code);
  assert.ok(
    found.length > 0,
    `expected a ${code} finding; got ${diagnosis.findings.map((f) => `${f.code}: ${f.title}`).join(' | ') || 'none'}`,
  );
  return found;
}

/** Asserts no finding of these codes. */
export function assertNone(diagnosis: Diagnosis, ...codes: string[]): void {
  const found = diagnosis.findings.filter((f) => codes.includes(f.code));
  assert.deepEqual(
    found.map((f) => `${f.code}: ${f.title}`),
    [],
    `no ${codes.join(', ')} findings`,
  );
}
