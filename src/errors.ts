/**
 * The typed errors a user can cause. Each carries a message key (translated at the
 * edge), its values, and the process exit code; only `main.ts` turns one into output.
 */
import type { MessageKey, MessageVars } from './i18n/index.js';

/** Exit codes, documented in README.md. */
export const EXIT = {
  ok: 0,
  /** Bad input, or nothing could be done. */
  failure: 1,
  /** Partly done: some rows rejected (import), or a problem found (doctor). */
  partial: 2,
  /** The command line itself is wrong (unknown option, missing argument). */
  usage: 64,
  /** The database is locked by another writer past the busy timeout: try again. */
  busy: 75,
  /** The person at the keyboard may not do this (a role it needs, or not a user of the store): sysexits' EX_NOPERM. */
  notAllowed: 77,
  /** Cancelled by the user (Ctrl-C). */
  cancelled: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class RenewError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly vars: MessageVars = {},
    readonly exitCode: ExitCode = EXIT.failure,
    /** An optional second line: what to try next. */
    readonly hintKey?: MessageKey,
  ) {
    super(key);
    this.name = 'RenewError';
  }
}

/** Ctrl-C at a prompt, or a refused confirmation: nothing was written. */
export class CancelledError extends RenewError {
  constructor() {
    super('errors.cancelled', {}, EXIT.cancelled);
    this.name = 'CancelledError';
  }
}

/**
 * Ends a command with a non-zero exit code after it has already said everything
 * (an import with rejected rows exits 2 having printed its summary): main.ts sets
 * the code and prints nothing more.
 */
export class ExitStatus extends Error {
  constructor(readonly exitCode: ExitCode) {
    super(`exit ${exitCode}`);
    this.name = 'ExitStatus';
  }
}
