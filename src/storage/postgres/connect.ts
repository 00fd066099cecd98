/**
 * Opens a store on a PostgreSQL server from a `postgres://` or `postgresql://` URL
 * (`--db` / RENEW_DB): a kysely PostgresDialect over a pg Pool whose values come back
 * as the SQLite store's do (./types.ts), the schema brought up to date (./migrate.ts).
 *
 *   const store = await openPostgres('postgres://renew@db.store.lan:5432/renew');
 *   await store.db.selectFrom('renewal_cases').selectAll().execute();
 *   await store.close();
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from '../schema.js';
import { migratePostgres } from './migrate.js';
import { sessionOptions, typeParsers } from './types.js';

export interface PostgresStore {
  db: Kysely<Database>;
  url: string;
  /**
   * The pool's pg client a transaction runs on, for what kysely cannot say (the
   * import's COPY FROM STDIN, ./import/copy-text.ts). Use it only while `tx` waits
   * on the caller: a statement sent on it is part of that transaction.
   */
  clientOf(tx: Kysely<Database>): Promise<pg.PoolClient>;
  close(): Promise<void>;
}

export interface PostgresOpenOptions {
  /** Skip migrations (doctor inspects a database as it is). */
  migrate?: boolean;
  onUpgrade?: (from: number, to: number) => void;
  /** Connections in the pool; a CLI command needs few. */
  max?: number;
}

/** The URL as messages and backups may show it: any password replaced by ***. */
export function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export async function openPostgres(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: url,
    types: typeParsers,
    options: sessionOptions(),
    max: options.max ?? 4,
  });
  // Each backend's client, by its process id: how a transaction's own connection is found (clientOf).
  const clients = new Map<number, pg.PoolClient>();
  pool.on('connect', (client) => {
    const id = (client as unknown as { processID: number | null }).processID;
    if (id !== null) clients.set(id, client);
  });
  pool.on('remove', (client) => {
    const id = (client as unknown as { processID: number | null }).processID;
    if (id !== null) clients.delete(id);
  });
  // pg-cursor: kysely streams rows (today's queue, written as it is read) through a server-side cursor.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  try {
    if (options.migrate !== false) await migratePostgres(db, undefined, options.onUpgrade);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const clientOf = async (tx: Kysely<Database>) => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
    const client = clients.get(rows[0]?.pid ?? -1);
    if (!client) throw new Error('internal: the transaction\'s connection is not one of the pool\'s');
    return client;
  };
  return { db, url, clientOf, close: () => db.destroy() };
}
