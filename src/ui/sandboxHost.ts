import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PeeringLog } from './log';
import type { RunningSandbox, SandboxModule } from '../sandbox/api';

/**
 * Starts and stops the built-in sandbox. The sandbox is its own bundle
 * (dist/sandbox.js), required only here and only on demand, so it never costs
 * activation time.
 */
export class SandboxHost implements vscode.Disposable {
  private running: Promise<RunningSandbox> | undefined;
  /** Set once started: what the credentials and account store read synchronously. */
  private current: RunningSandbox | undefined;
  private readonly emitter = new vscode.EventEmitter<RunningSandbox | undefined>();
  /** Fires with the sandbox when it starts and with undefined when it stops. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: PeeringLog,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  start(): Promise<RunningSandbox> {
    if (!this.running) {
      const port = vscode.workspace.getConfiguration('peering').get<number>('sandbox.port', 0);
      const starting = vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: vscode.l10n.t('Starting the Cloud Peering sandbox…'),
        },
        async () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const mod = require(path.join(this.extensionPath, 'dist', 'sandbox.js')) as SandboxModule;
          const sandbox = await mod.startSandbox({ port, world: 'demo' });
          this.log.info(
            `Sandbox started: ${sandbox.endpoints.http} (Azure ${sandbox.endpoints.azure})`,
          );
          this.current = sandbox;
          this.emitter.fire(sandbox);
          return sandbox;
        },
      );
      const running = Promise.resolve(starting);
      // A failed start must not stick: the next call tries again.
      running.catch(() => {
        if (this.running === running) this.running = undefined;
      });
      this.running = running;
    }
    return this.running;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    this.current = undefined;
    if (running) {
      await (await running).stop();
      this.emitter.fire(undefined);
      this.log.info('Sandbox stopped');
    }
  }

  /** The secret of a sandbox account, or undefined when the id is not one. */
  secretFor(accountId: string): string | undefined {
    return this.current?.accounts().find((a) => a.account.id === accountId)?.secret;
  }

  /** True when a token request is for the sandbox's ARM endpoint. */
  isAzureScope(scopes: string[]): boolean {
    const azure = this.current?.endpoints.azure;
    return !!azure && scopes.some((s) => s.startsWith(azure));
  }

  /** The tenant of the sandbox's Azure demo account: the signed-in user's home tenant. */
  azureHomeTenant(): string | undefined {
    return this.current?.accounts().find((a) => a.account.cloud === 'azure')?.account.tenantId;
  }

  azureToken(tenantId: string): string {
    if (!this.current) throw new Error('The sandbox is not running.');
    return this.current.azureToken(tenantId);
  }

  dispose(): void {
    void this.stop();
    this.emitter.dispose();
  }
}
