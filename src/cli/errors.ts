// Maps thrown errors to one clear stderr line and an exit code (0 ok, 1 bad input, 2 usage, 3 internal).

import { AddersimError } from '../isa/errors.ts';

export const EXIT = { ok: 0, badInput: 1, usage: 2, internal: 3 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function reportError(e: unknown, debug: boolean, err: (s: string) => void): number {
  if (e instanceof UsageError) {
    err(`addersim: ${e.message} (see --help)`);
    return EXIT.usage;
  }
  if (e instanceof AddersimError) {
    err(`addersim: error [${e.code}] ${e.message}`);
    if (debug && e.stack) err(e.stack);
    return e.code === 'USAGE' ? EXIT.usage : EXIT.badInput;
  }
  err(`addersim: internal error: ${(e as Error)?.message ?? String(e)}`);
  err(debug ? String((e as Error)?.stack) : 'This is a bug in addersim; rerun with --debug and report the trace.');
  return EXIT.internal;
}
