import * as vscode from 'vscode';
import { doctorDecoration } from '../tree/rowModel';
import { PEERING_ROW_SCHEME } from '../tree/treeNodes';
import type { DiagnosisStore } from './diagnosisStore';

/**
 * Badges peering rows whose latest diagnosis has errors or warnings, the way
 * the Problems panel badges files: the count, in the error or warning color.
 * Rows carry `cloud-peering-doctor:/<peering key>` as their resource URI.
 */
export class DoctorDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: DiagnosisStore) {
    this.unsubscribe = store.onDidChange(() => this.emitter.fire(undefined));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== PEERING_ROW_SCHEME) return undefined;
    const key = decodeURIComponent(uri.path.replace(/^\//, ''));
    const decoration = doctorDecoration(this.store.get(key), vscode.l10n.t);
    if (!decoration) return undefined;
    return new vscode.FileDecoration(
      decoration.badge,
      decoration.tooltip,
      new vscode.ThemeColor(decoration.color),
    );
  }

  dispose(): void {
    this.unsubscribe();
    this.emitter.dispose();
  }
}
