import * as vscode from 'vscode';
import { errorMessage, isCancellation } from '../model/errors';
import type { PeeringLog } from './log';

/**
 * The one wrapper around every command and tree load (the pattern of Azure's
 * callWithTelemetryAndErrorHandling): cancellation is silent, everything else
 * is logged with secrets masked and shown once, with Show Log and Retry.
 */
export async function callWithErrorHandling<T>(
  log: PeeringLog,
  what: string,
  action: () => Promise<T> | T,
): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (isCancellation(error)) {
      log.info(`${what}: cancelled`);
      return undefined;
    }
    log.error(`${what} failed`, error);
    const showLog = vscode.l10n.t('Show Log');
    const retry = vscode.l10n.t('Retry');
    void vscode.window
      .showErrorMessage(vscode.l10n.t('{0} failed: {1}', what, errorMessage(error)), showLog, retry)
      .then((choice) => {
        if (choice === showLog) log.show();
        else if (choice === retry) void callWithErrorHandling(log, what, action);
      });
    return undefined;
  }
}

/** Registers a command through the wrapper, disposed with the extension. */
export type CommandRegistrar = (
  id: string,
  title: string,
  handler: (...args: unknown[]) => unknown,
) => void;

/** What each feature's registration (`ui/activation/`, the Doctor, the wizard, the map) registers its commands with. */
export function commandRegistrar(
  context: vscode.ExtensionContext,
  log: PeeringLog,
): CommandRegistrar {
  return (id, title, handler) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) =>
        callWithErrorHandling(log, title, () => handler(...args)),
      ),
    );
}

/**
 * The same handling for tree loads: cancellation is silent, anything else is
 * logged with secrets masked and becomes the node's error row (Retry, Show
 * Log) instead of a popup, so one failing region never hides its siblings.
 */
export async function loadWithErrorHandling<T>(
  log: PeeringLog,
  what: string,
  load: () => Promise<T>,
  errorRows: (error: unknown) => T,
  cancelledRows: () => T,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isCancellation(error)) {
      log.info(`${what}: cancelled`);
      return cancelledRows();
    }
    log.error(`${what} failed`, error);
    return errorRows(error);
  }
}

/** Logs a failed background load (the inventory's places); cancellation stays quiet. */
export function logLoadError(log: PeeringLog, what: string, error: unknown): void {
  if (isCancellation(error)) log.info(`${what}: cancelled`);
  else log.error(`${what} failed`, error);
}
