/**
 * What the Review page's script buttons do: Copy, Open in Editor, Save, and
 * Run in Terminal (after a modal confirmation that shows the script).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ActionDone, ScriptFlavor } from '../../../protocol/wizardMessages';
import type { ScriptToAct } from '../session/wizardSession';

/** Lines of the script the confirmation dialog shows before it refers to the file. */
const DIALOG_LINES = 120;

export async function copyScript(script: ScriptToAct): Promise<ActionDone> {
  await vscode.env.clipboard.writeText(script.text);
  return {
    done: true,
    message: vscode.l10n.t('Copied the {0} script.', flavorLabel(script.flavor)),
  };
}

export async function openScriptInEditor(script: ScriptToAct): Promise<ActionDone> {
  const language = script.flavor === 'bash' ? 'shellscript' : 'terraform';
  // Terraform has no built-in language: without an extension for it the text opens as plain text.
  const known = (await vscode.languages.getLanguages()).includes(language);
  const document = await vscode.workspace.openTextDocument({
    language: known ? language : 'plaintext',
    content: script.text,
  });
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: false,
  });
  return { done: true, message: vscode.l10n.t('Opened the script in an editor.') };
}

export async function saveScript(script: ScriptToAct): Promise<ActionDone> {
  const fileName = `${script.stem}.${script.flavor === 'bash' ? 'sh' : 'tf'}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    saveLabel: vscode.l10n.t('Save Script'),
    filters:
      script.flavor === 'bash'
        ? { [vscode.l10n.t('Shell script')]: ['sh'] }
        : { [vscode.l10n.t('Terraform')]: ['tf'] },
    title: vscode.l10n.t('Save the peering script'),
  });
  if (!target) return { done: false };
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(script.text));
  return { done: true, message: vscode.l10n.t('Saved {0}.', target.fsPath || target.toString()) };
}

/**
 * Writes the script to a private temporary file and runs `bash <file>` as the
 * terminal's own process: nothing is typed into a shell, so no value from the
 * plan ever meets the shell's parser except through the script's own quoting.
 */
export async function runScriptInTerminal(
  script: ScriptToAct,
  confirm: (message: string, detail: string, run: string) => Thenable<string | undefined> = (
    message,
    detail,
    run,
  ) => vscode.window.showWarningMessage(message, { modal: true, detail }, run),
): Promise<ActionDone> {
  if (script.flavor !== 'bash') {
    return {
      done: false,
      message: vscode.l10n.t(
        'Only the bash script runs in a terminal; use terraform apply for the Terraform one.',
      ),
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'cloud-peering-'));
  const file = join(dir, `${script.stem}-${randomBytes(4).toString('hex')}.sh`);
  await writeFile(file, script.text, { mode: 0o600 });
  const lines = script.text.split('\n');
  const shown =
    lines.length > DIALOG_LINES
      ? `${lines.slice(0, DIALOG_LINES).join('\n')}\n…\n${vscode.l10n.t('({0} more lines in {1})', lines.length - DIALOG_LINES, file)}`
      : script.text;
  const run = vscode.l10n.t('Run in Terminal');
  const choice = await confirm(
    vscode.l10n.t('Run this script with bash in a new terminal? It changes your cloud accounts.'),
    shown,
    run,
  );
  if (choice !== run) return { done: false, message: vscode.l10n.t('Not run.') };
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('Cloud Peering: {0}', script.stem),
    shellPath: 'bash',
    shellArgs: [file],
    iconPath: new vscode.ThemeIcon('plug'),
  });
  terminal.show();
  return { done: true, message: vscode.l10n.t('Running {0} in a terminal.', file) };
}

function flavorLabel(flavor: ScriptFlavor): string {
  return flavor === 'bash' ? 'bash' : 'Terraform';
}
