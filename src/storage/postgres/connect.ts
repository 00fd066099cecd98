/**
 * Opens a store on a PostgreSQL server from a `postgres://` or `postgresql://` URL
 * (`--db` / RENEW_DB): a kysely PostgresDialect over a pg Pool whose values come back
 * as the SQLite store's do (./types.ts), the schema brought up to date (./migrate.ts).
 *
 *   const store = await openPostgres('postgres://renew@db.store.lan:5432/renew');
 *   await store.db.selectFrom('renewal_cases').selectAll().execute();
 *   await store.close();
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from '../schema.js';
import { migratePostgres } from './migrate.js';
import { sessionOptions, typeParsers } from './types.js';

export interface PostgresStore {
  db: Kysely<Database>;
  url: string;
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

/** True for a URL that names a PostgreSQL server rather than a SQLite file path. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export async function openPostgres(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: url,
    types: typeParsers,
    options: sessionOptions(),
    max: options.max ?? 4,
  });
  // pg-cursor: kysely streams rows (today's queue, written as it is read) through a server-side cursor.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  try {
    if (options.migrate !== false) await migratePostgres(db, undefined, options.onUpgrade);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return { db, url, close: () => db.destroy() };
}
