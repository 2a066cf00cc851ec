import * as vscode from 'vscode';
import { UserCancelledError } from '../model/errors';

/**
 * The prompts a command shows, behind one interface so extension-host tests
 * can answer them in order (the pattern of Azure's TestUserInput) while the
 * real VS Code UI is used everywhere else.
 */
export interface UserInput {
  showQuickPick<T extends vscode.QuickPickItem>(
    items: T[],
    options: vscode.QuickPickOptions & { canPickMany: true },
  ): Promise<T[] | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(
    items: T[],
    options: vscode.QuickPickOptions,
  ): Promise<T | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** A modal warning; resolves with the chosen action or undefined when dismissed. */
  showWarningModal(
    message: string,
    detail: string | undefined,
    ...actions: string[]
  ): Promise<string | undefined>;
}

/** Rejects with UserCancelledError when a prompt is dismissed, so the command wrapper stays silent. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new UserCancelledError();
  return value;
}

/** An input box that stays open on focus loss; its answer trimmed (dismissed: UserCancelledError). */
export async function input(ui: UserInput, options: vscode.InputBoxOptions): Promise<string> {
  return required(await ui.showInputBox({ ignoreFocusOut: true, ...options })).trim();
}

export const vscodeUserInput: UserInput = {
  showQuickPick: (async (items: vscode.QuickPickItem[], options: vscode.QuickPickOptions) =>
    vscode.window.showQuickPick(items, options)) as UserInput['showQuickPick'],
  showInputBox: async (options) => vscode.window.showInputBox(options),
  showWarningModal: async (message, detail, ...actions) =>
    vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions),
};

/**
 * Answers prompts from a script, in order: a string picks the quick-pick item
 * with that label (or types that text into an input box), an array picks
 * several. Validation still runs: an answer the input box would reject throws.
 */
export class ScriptedUserInput implements UserInput {
  readonly asked: string[] = [];
  constructor(private readonly answers: (string | string[] | undefined)[]) {}

  private next(title: string | undefined): string | string[] | undefined {
    this.asked.push(title ?? '');
    if (this.answers.length === 0)
      throw new Error(`No scripted answer left for prompt "${title ?? ''}"`);
    return this.answers.shift();
  }

  showQuickPick = (async (items: vscode.QuickPickItem[], options: vscode.QuickPickOptions) => {
    const answer = this.next(options.title ?? options.placeHolder);
    if (answer === undefined) return undefined;
    const labels = Array.isArray(answer) ? answer : [answer];
    const picked = labels.map((label) => {
      const item = items.find((i) => i.label === label);
      if (!item) throw new Error(`"${label}" is not among ${items.map((i) => i.label).join(', ')}`);
      return item;
    });
    return options.canPickMany ? picked : picked[0];
  }) as UserInput['showQuickPick'];

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const answer = this.next(options.title ?? options.prompt);
    if (answer === undefined) return undefined;
    const text = Array.isArray(answer) ? answer.join(',') : answer;
    const problem = await options.validateInput?.(text);
    if (problem)
      throw new Error(
        `Input "${text}" rejected: ${typeof problem === 'string' ? problem : problem.message}`,
      );
    return text;
  }

  async showWarningModal(message: string): Promise<string | undefined> {
    const answer = this.next(message);
    return Array.isArray(answer) ? answer[0] : answer;
  }
}
