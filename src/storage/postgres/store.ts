/**
 * `Storage` on a PostgreSQL store server (docs/team.md): the pool and dialect of
 * connect.ts, the schema brought up to date on open (migrate.ts, under its advisory
 * lock), write transactions that retry a few times when the server picks them as the
 * loser of a deadlock or a serialization conflict, the import sink of import-sink.ts, and
 * backups with pg_dump (dump.ts).
 * A server that cannot be reached, refuses the login or lacks the database is one
 * translated line naming the URL without its password.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { EXIT, RenewError } from '../../errors.js';
import { runInTransaction, type Storage, type Tx } from '../ports.js';
import type { Database } from '../schema.js';
import type { OpenOptions } from '../sqlite/connection.js';
import { openPostgres, withoutPassword } from './connect.js';
import { type ClientOf, PostgresImportSink } from './import-sink.js';
import { dumpBase, pgDump } from './dump.js';

export interface PostgresStorage extends Storage {
  readonly engine: 'postgres';
  /** The pg client a transaction runs on (connect.ts): the import's COPY needs it. */
  readonly clientOf: ClientOf;
}

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const ATTEMPTS = 4;

export async function openPostgresStorage(url: string, options: OpenOptions = {}): Promise<PostgresStorage> {
  const location = withoutPassword(url);
  let store: Awaited<ReturnType<typeof openPostgres>>;
  try {
    store = await openPostgres(url, { migrate: options.migrate, onUpgrade: options.onUpgrade });
    // Without migrations nothing has touched the server yet: make a refused login show here, not mid-command.
    if (options.migrate === false) await sql`select 1`.execute(store.db);
  } catch (e) {
    throw connectionError(e, location) ?? e;
  }
  const { db } = store;
  return {
    engine: 'postgres',
    db,
    location,
    write: (work) => writeTransaction(db, work),
    lockCases: (tx, caseIds, mode) => lockCases(tx, caseIds, mode),
    tuneForReads: () => undefined,
    importSink: (o) => new PostgresImportSink(o, store.clientOf),
    clientOf: store.clientOf,
    // Not on a server yet (docs/team.md): said in one line instead of half-working.
    demoSink: () => {
      throw new RenewError('errors.notOnServer', { what: 'renew demo', location });
    },
    backup: (file) => pgDump(url, file),
    backupBase: dumpBase(url),
    close: () => store.close(),
  };
}

async function writeTransaction<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((tx) => runInTransaction(tx, work));
    } catch (e) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
      // A short, growing pause so the winner can finish first.
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}

/** Row locks on cases for the rest of the transaction (kysely's SQLite compiler has no FOR UPDATE: it lives here). */
async function lockCases(tx: Tx, caseIds: readonly number[], mode: 'wait' | 'skip'): Promise<number[]> {
  if (caseIds.length === 0) return [];
  const query = tx.selectFrom('renewal_cases').select('id').where('id', 'in', [...caseIds]).orderBy('id').forUpdate();
  return (await (mode === 'skip' ? query.skipLocked() : query).execute()).map((r) => r.id);
}

/** The user's words for why the server could not be used, or undefined for any other error. */
export function connectionError(e: unknown, location: string): RenewError | undefined {
  if (e instanceof RenewError) return undefined;
  const code = (e as { code?: string }).code ?? '';
  const database = location.replace(/^.*\//, '').replace(/\?.*$/, '');
  if (['ECONNREFUSED', 'ENOENT', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', '57P03'].includes(code)) {
    return new RenewError('errors.serverDown', { location, code }, EXIT.failure, 'errors.serverDownHint');
  }
  if (code === '28P01' || code === '28000') return new RenewError('errors.serverLogin', { location }, EXIT.failure);
  if (code === '3D000') return new RenewError('errors.serverNoDatabase', { location, database: decodeURIComponent(database) }, EXIT.failure);
  return undefined;
}
