import * as vscode from 'vscode';
import { maskSecrets } from '../model/redact';

/**
 * The "Cloud Peering" log. Every line passes through `maskSecrets`, so a
 * caller cannot log a token by accident.
 */
export class PeeringLog implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('Cloud Peering', { log: true });
  }

  info(message: string): void {
    this.channel.info(maskSecrets(message));
  }

  warn(message: string): void {
    this.channel.warn(maskSecrets(message));
  }

  error(message: string, error?: unknown): void {
    const detail =
      error instanceof Error
        ? `${error.message}\n${error.stack ?? ''}`
        : error
          ? String(error)
          : '';
    this.channel.error(maskSecrets(detail ? `${message}: ${detail}` : message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
