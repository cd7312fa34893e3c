/**
 * Errors a user can cause (bad file, bad flag, missing model) are `UserError`s: they name the
 * file and line when there is one, and the CLI maps them to exit status 2. Anything else is a bug.
 */
export class UserError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;

  constructor(message: string, where: { file?: string; line?: number; hint?: string } = {}) {
    super(formatUserMessage(message, where));
    this.name = 'UserError';
    this.file = where.file;
    this.line = where.line;
    this.hint = where.hint;
  }
}

function formatUserMessage(message: string, where: { file?: string; line?: number; hint?: string }): string {
  const loc = where.file ? `${where.file}${where.line !== undefined ? `:${where.line}` : ''}: ` : '';
  return `${loc}${message}${where.hint ? `\n  hint: ${where.hint}` : ''}`;
}

/** Thrown when an `AbortSignal` fires; callers treat it as a clean stop, not a failure. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
