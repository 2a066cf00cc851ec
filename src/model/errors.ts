/**
 * Errors that carry what a user needs: which field or account is affected and
 * what to do. The UI shows `message` as is; it never shows a stack.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly options: { field?: string; account?: string; fix?: string; cause?: unknown } = {},
  ) {
    super(options.fix ? `${message} ${options.fix}` : message);
    this.name = 'UserFacingError';
  }
}

/** Thrown when the user dismisses a prompt; the command wrapper swallows it silently. */
export class UserCancelledError extends Error {
  constructor() {
    super('Cancelled by the user');
    this.name = 'UserCancelledError';
  }
}

export function isCancellation(error: unknown): boolean {
  return (
    error instanceof UserCancelledError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'Canceled'))
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
