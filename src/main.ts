/**
 * The entry: the only place that catches errors, prints them and sets the exit
 * code. User errors get one translated line (and a hint), never a stack trace.
 */
import { CommanderError } from 'commander';
import { commanderError, createCli } from './cli.js';
import { EXIT, ExitStatus, RenewError } from './errors.js';
import { translator } from './i18n/index.js';

// Every file renew creates (database, backups, exports, rejects) is owner-only.
process.umask(0o077);

// `renew today | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const argv = process.argv.slice(2);
let t = translator('en');
// Not top-level await: the bundle is a CommonJS script (see src/launch.ts).
void (async () => {
  try {
    const { app, program } = createCli(argv, process.env);
    t = app.t;
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    process.exitCode = report(e);
  }
})();

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version "errors" are commander's way of saying it is done.
    if (e.exitCode === 0) return EXIT.ok;
    const line = commanderError(t, e.code, e.message);
    process.stderr.write(`${t('errors.prefix')}: ${line ?? e.message.replace(/^error: /, '')}\n`);
    return EXIT.usage;
  }
  if (e instanceof ExitStatus) return e.exitCode;
  const known = asRenewError(e);
  if (known) {
    process.stderr.write(`${t('errors.prefix')}: ${t(known.key, known.vars)}\n`);
    if (known.hintKey) process.stderr.write(`${t('errors.hint')}: ${t(known.hintKey, known.vars)}\n`);
    return known.exitCode;
  }
  const err = e as Error;
  process.stderr.write(`${t('errors.prefix')}: ${t('errors.unexpected', { message: err?.message ?? String(e) })}\n`);
  if (process.env.RENEW_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT.failure;
}

/**
 * SQLite's lock error is a user-facing condition, not a bug. (A read-only database
 * is named where its path is known: openStore and app.withContext.)
 */
function asRenewError(e: unknown): RenewError | undefined {
  if (e instanceof RenewError) return e;
  const code = (e as { code?: string } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT') return new RenewError('errors.busy', {}, EXIT.busy);
  return undefined;
}
