/**
 * Opens the store's database: owner-only file, WAL, a busy timeout, foreign keys
 * and full sync, then brings the schema up to date.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { EXIT, RenewError } from '../../errors.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from '../schema.js';

export const BUSY_TIMEOUT_MS = 5_000;

export interface Store {
  db: Kysely<Database>;
  sqlite: Sqlite.Database;
  path: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Create the file when missing (import, demo); otherwise a missing file is an error. */
  create?: boolean;
  /** Skip migrations (restore and doctor inspect a file as it is). */
  migrate?: boolean;
  /** Called before an existing database's schema is upgraded (see migrateToLatest). */
  onUpgrade?: (from: number, to: number) => void;
}

/** The pragmas every connection gets; `renew doctor` checks the same list. */
export const PRAGMAS = {
  journal_mode: 'wal',
  busy_timeout: BUSY_TIMEOUT_MS,
  foreign_keys: 1,
  synchronous: 2, // FULL: a committed outcome survives a power cut.
} as const;

/**
 * Page size for a database this process creates (SQLite's default is 4096; an existing
 * file keeps its own). A million-policy store is about 500 MB: larger pages mean
 * fewer B-tree pages to split, cache and write on a bulk import, and fewer to visit
 * when the morning screen and the report scan their covering indexes (bench/).
 */
const NEW_PAGE_SIZE = 16384;

export async function openStore(path: string, options: OpenOptions = {}): Promise<Store> {
  const memory = path === ':memory:';
  const created = !memory && !existsSync(path);
  if (created) {
    if (!options.create) throw new RenewError('errors.noDatabase', { path }, EXIT.failure, 'errors.noDatabaseHint');
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Create the file ourselves so it is owner-only; SQLite gives its -wal and -shm the same mode.
    closeSync(openSync(path, 'a', 0o600));
  }
  let sqlite: Sqlite.Database;
  try {
    sqlite = new Sqlite(path);
    if (created) sqlite.pragma(`page_size = ${NEW_PAGE_SIZE}`);
    applyPragmas(sqlite);
  } catch (e) {
    throw asOpenError(e, path);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    if (options.migrate !== false) await migrateToLatest(db, sqlite, undefined, options.onUpgrade);
  } catch (e) {
    await db.destroy();
    throw e instanceof RenewError ? e : asOpenError(e, path);
  }
  return { db, sqlite, path, close: () => db.destroy() };
}

export function applyPragmas(sqlite: Sqlite.Database): void {
  sqlite.pragma(`busy_timeout = ${PRAGMAS.busy_timeout}`);
  // Two first runs switching a new file to WAL at once can deadlock on its locks; SQLite then answers
  // SQLITE_BUSY at once, without waiting on the busy timeout. Retry for as long as the timeout would wait.
  const mode = retryWhileBusy(() => sqlite.pragma(`journal_mode = ${PRAGMAS.journal_mode}`, { simple: true }));
  // In-memory databases answer 'memory'; anything else means WAL is unavailable (e.g. some network shares).
  if (mode !== 'wal' && sqlite.name !== ':memory:') throw new RenewError('errors.noWal', { path: sqlite.name, mode: String(mode) });
  sqlite.pragma(`foreign_keys = ${PRAGMAS.foreign_keys}`);
  sqlite.pragma(`synchronous = ${PRAGMAS.synchronous}`);
}

/**
 * For a command that reads tens of thousands of index entries at once (the morning
 * screen, the monthly report): memory-mapped pages spare a read() call per page
 * (the screen took 0.56 s against 0.84 s on the 1M-policy demo when this was
 * measured). The mapped pages are the OS page cache, counted in the process's RSS
 * but not private memory. Per connection, for reading; no effect in memory.
 */
export function mapForReads(sqlite: Sqlite.Database): void {
  sqlite.pragma('mmap_size = 1073741824');
}

/** Runs `work` again after a short pause while SQLite reports SQLITE_BUSY, up to BUSY_TIMEOUT_MS in all. */
export function retryWhileBusy<T>(work: () => T, timeoutMs = BUSY_TIMEOUT_MS): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (e) {
      if (!(e as { code?: string }).code?.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw e;
      Atomics.wait(pause, 0, 0, Math.min(50, 5 * attempt)); // a synchronous sleep: the connection is not usable meanwhile anyway
    }
  }
}

function asOpenError(e: unknown, path: string): RenewError {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY') return new RenewError('errors.busy', {}, EXIT.busy);
  if (code === 'SQLITE_NOTADB') return new RenewError('errors.notADatabase', { path });
  // A read-only file or folder (SQLITE_READONLY_DIRECTORY and friends): say so plainly.
  if (code.startsWith('SQLITE_READONLY')) return new RenewError('errors.readOnly', { path });
  if (code === 'SQLITE_CANTOPEN') return new RenewError('errors.cannotOpen', { path, code });
  if (e instanceof RenewError) return e;
  return new RenewError('errors.cannotOpen', { path, code: code || String((e as Error).message) });
}
