/**
 * The objects every feature shares, as activation builds them: the log, the account store and
 * its secrets, the sandbox host, the providers' environment and their loader, the watch list
 * and the Doctor's findings; and the Show Log command. Nothing here reads a file or loads a provider, sandbox or plan
 * bundle: activation stays cheap. Each `register…` next to it puts what it creates on the
 * context's subscriptions and returns what the other features and the API need.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createBundleLoader, type ProviderLoader } from '../../providers/loader';
import type { ProviderEnvironment } from '../../providers/provider';
import { AccountStore } from '../accounts';
import { commandRegistrar } from '../commandWrapper';
import { ExtensionCredentials } from '../credentials';
import { DiagnosisStore } from '../doctor/diagnosisStore';
import { PeeringLog } from '../log';
import { SandboxHost } from '../sandboxHost';
import { AccountSecrets } from '../secrets';
import { WatchList } from '../watchList';

export interface ActivationCore {
  readonly log: PeeringLog;
  readonly accounts: AccountStore;
  readonly secrets: AccountSecrets;
  readonly sandbox: SandboxHost;
  /** Secrets typed in Add Account before the account is saved; the credentials read them. */
  readonly pendingSecrets: Map<string, string>;
  /** What the provider bundles are created with; the sandbox sets its Azure CA here. */
  readonly env: ProviderEnvironment;
  readonly loadProvider: ProviderLoader;
  readonly watchList: WatchList;
  /** The Peering Doctor's findings: the tree, the status bar and the map read them. */
  readonly diagnoses: DiagnosisStore;
}

export function createActivationCore(context: vscode.ExtensionContext): ActivationCore {
  const log = new PeeringLog();
  const accounts = new AccountStore();
  const secrets = new AccountSecrets(context.secrets);
  const sandbox = new SandboxHost(context.extensionPath, log);
  const pendingSecrets = new Map<string, string>();
  const awsDefaultRegions = () =>
    vscode.workspace.getConfiguration('peering').get<string[]>('aws.defaultRegions', ['us-east-1']);
  const env: ProviderEnvironment = {
    credentials: new ExtensionCredentials(secrets, sandbox, pendingSecrets),
    awsDefaultRegions: awsDefaultRegions(),
  };
  const loadProvider = createBundleLoader(path.join(context.extensionPath, 'dist'), env);
  const watchList = new WatchList(context.globalState);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('peering.aws.defaultRegions'))
        env.awsDefaultRegions = awsDefaultRegions();
    }),
    log,
    accounts,
    sandbox,
    watchList,
    loadProvider,
  );
  commandRegistrar(context, log)('peering.showLog', vscode.l10n.t('Show Log'), () => log.show());
  return {
    log,
    accounts,
    secrets,
    sandbox,
    pendingSecrets,
    env,
    loadProvider,
    watchList,
    diagnoses: new DiagnosisStore(),
  };
}
