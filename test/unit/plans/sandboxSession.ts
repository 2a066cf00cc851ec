/**
 * The sandbox as the plan, script, runner and wizard tests use it: every demo
 * identity as an Account (the user's, plus EMQX's and Dragonfly's AWS
 * accounts, which the tests use to play "the other company"), one credential
 * source, and a provider loader over the real adapters. `useSandbox()` is the
 * mocha set-up they share: it starts the sandbox and a session before a
 * suite, gives it a temporary folder for journals, and stops it all after.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account, CloudKind } from '../../../src/model/types';
import type { PlanContext, ScenarioId } from '../../../src/model/plan';
import { createProvider as aiven } from '../../../src/providers/aiven/index';
import { createProvider as aws } from '../../../src/providers/aws/index';
import { createProvider as azure } from '../../../src/providers/azure/index';
import { createProvider as dragonfly } from '../../../src/providers/dragonfly/index';
import { createProvider as gcp } from '../../../src/providers/gcp/index';
import type {
  CloudProvider,
  CredentialSource,
  ProviderModule,
} from '../../../src/providers/provider';
import { createProvider as upcloud } from '../../../src/providers/upcloud/index';
import { typedLoader, type ProviderLoader } from '../../../src/providers/loader';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS, AZURE } from '../../../src/sandbox/worlds/demoTopology';
import { SIDE_ACCOUNT_IDS } from './samples';

export interface SandboxSession {
  accounts: Account[];
  credentials: CredentialSource;
  loadProvider: (cloud: CloudKind) => Promise<CloudProvider>;
  dispose(): void;
}

export function sandboxSession(sandbox: RunningSandbox): SandboxSession {
  const secrets = new Map<string, string>();
  const accounts: Account[] = [];
  for (const { account, secret } of sandbox.accounts()) {
    accounts.push(account);
    if (secret) secrets.set(account.id, secret);
  }
  for (const name of ['emqx', 'dragonfly'] as const) {
    const keys = AWS_ACCOUNTS[name];
    const id = `sandbox:aws:${name}`;
    accounts.push({
      id,
      cloud: 'aws',
      ref: keys.profile,
      label: `Sandbox AWS · ${name}`,
      regions: ['us-east-1', 'eu-west-1'],
      endpoint: sandbox.endpoints.aws,
      sandbox: true,
    });
    secrets.set(
      id,
      JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }),
    );
  }
  // The partner's subscription in the other tenant: "the other company" of the cross-tenant tests.
  const azureApp = accounts.find((a) => a.cloud === 'azure');
  if (azureApp)
    accounts.push({
      ...azureApp,
      id: 'sandbox:azure:partner',
      ref: AZURE.otherSubscriptionId,
      tenantId: AZURE.otherTenantId,
      label: 'Sandbox Azure partner subscription',
    });
  const credentials: CredentialSource = {
    getSecret: async (id) => secrets.get(id),
    getAzureToken: async (_scopes, tenantId) => {
      const tenant = tenantId ?? accounts.find((a) => a.cloud === 'azure')?.tenantId ?? '';
      return { token: sandbox.azureToken(tenant), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const providers = new Map<CloudKind, CloudProvider>();
  const env = { credentials, azureCaPem: sandbox.endpoints.azureCaPem };
  const factories: Partial<Record<CloudKind, ProviderModule['createProvider']>> = {
    aws,
    azure,
    gcp,
    upcloud,
    aiven,
    dragonfly,
  };
  const loadProvider = async (cloud: CloudKind): Promise<CloudProvider> => {
    let provider = providers.get(cloud);
    if (!provider) {
      const create = factories[cloud];
      if (!create) throw new Error(`No ${cloud} adapter in this test session`);
      provider = create(env);
      providers.set(cloud, provider);
    }
    return provider;
  };
  return {
    accounts,
    credentials,
    loadProvider,
    dispose() {
      for (const p of providers.values()) p.dispose();
      providers.clear();
    },
  };
}

/** The plan context a wizard would pass: the accounts per side for this scenario. */
export function sandboxContext(
  session: SandboxSession,
  scenarioId: ScenarioId,
  overrides: Record<string, string | undefined> = {},
): PlanContext {
  const ids = { ...(SIDE_ACCOUNT_IDS[scenarioId] ?? {}), ...overrides };
  const accounts: Record<string, Account> = {};
  for (const [side, id] of Object.entries(ids)) {
    const account = id ? session.accounts.find((a) => a.id === id) : undefined;
    if (account) accounts[side] = account;
  }
  return { accounts };
}

/** A suite's sandbox, session and journal folder, set up by `useSandbox`. */
export interface SandboxFixture {
  readonly sandbox: RunningSandbox;
  readonly session: SandboxSession;
  /** A temporary folder, removed after the suite. */
  readonly dir: string;
  /** The session's account with this id (fails the test when there is none). */
  account(id: string): Account;
  /** The session's adapter of a cloud, typed as that cloud's adapter (`provider('aws')`). */
  provider: ProviderLoader;
  /** A new journal file in `dir`. */
  journalPath(): string;
  /** The plan context a wizard would pass for this scenario (`sandboxContext`). */
  context(scenarioId: ScenarioId, overrides?: Record<string, string | undefined>): PlanContext;
}

/**
 * Registers the suite's `before` (start the demo world, make a session and a
 * temporary folder) and `after` (dispose, stop, remove), and with
 * `resetEachTest` a `beforeEach` that resets the demo world. Call it at the
 * top of a `describe`; read the fixture inside hooks and tests.
 */
export function useSandbox(options: {
  operationDelayMs: number;
  /** Prefix of the temporary folder's name. */
  tmpPrefix: string;
  resetEachTest?: boolean;
}): SandboxFixture {
  let sandbox: RunningSandbox | undefined;
  let session: SandboxSession | undefined;
  let dir: string | undefined;
  let journals = 0;
  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: options.operationDelayMs });
    session = sandboxSession(sandbox);
    dir = mkdtempSync(join(tmpdir(), options.tmpPrefix));
  });
  after(async () => {
    session?.dispose();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  if (options.resetEachTest) beforeEach(() => fixture.sandbox.admin.reset('demo'));
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSandbox: read the fixture inside hooks and tests');
    return value;
  };
  const fixture: SandboxFixture = {
    get sandbox() {
      return ready(sandbox);
    },
    get session() {
      return ready(session);
    },
    get dir() {
      return ready(dir);
    },
    account(id) {
      const found = fixture.session.accounts.find((a) => a.id === id);
      assert.ok(found, id);
      return found;
    },
    provider: typedLoader((cloud) => fixture.session.loadProvider(cloud)),
    journalPath: () => join(fixture.dir, `journal-${++journals}.json`),
    context: (scenarioId, overrides) => sandboxContext(fixture.session, scenarioId, overrides),
  };
  return fixture;
}
