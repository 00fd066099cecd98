/**
 * The storage boundary: all that features may ask of a database, whatever the
 * engine. Features get a `Storage` in their context, never a driver handle. Queries
 * both engines share are kysely builders in `queries/`; each engine's own code
 * (pragmas, prepared hot paths, COPY, file-level backups) lives in `sqlite/` or
 * `postgres/`, and only the command layer picks one (src/storage/open.ts).
 */
import type { Kysely } from 'kysely';
import type { RowIn } from '../rules/validate.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

/**
 * A write transaction in progress, as a kysely instance bound to it. Writers call
 * `assertWriting(tx)` first (atproto's PDS asserts `db.isTransaction` the same way):
 * a writer handed the plain reader, or a transaction that has already ended,
 * fails loudly instead of writing outside a transaction.
 */
export type Tx = Kysely<Database>;

const openTransactions = new WeakSet<Tx>();

/** For the engines' `write()`: `tx` passes `assertWriting` while `work` runs, and only then. */
export async function runInTransaction<T>(tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  openTransactions.add(tx);
  try {
    return await work(tx);
  } finally {
    openTransactions.delete(tx);
  }
}

export function assertWriting(tx: Tx): void {
  if (!openTransactions.has(tx)) throw new Error('internal: a write ran outside a write transaction');
}

/** What the engine does to the database as a whole (more to come: check, tune). */
export interface Maintenance {
  /**
   * Writes a consistent snapshot of the whole database into `file` while others keep
   * writing, and syncs it (SQLite: VACUUM INTO). `file` is an empty, owner-only file
   * the caller made; naming it, refusing to overwrite and renaming it into place are
   * the caller's (src/features/trust/backup.ts), the same for every engine.
   */
  backup(file: string): void;
}

export interface Storage extends Maintenance {
  readonly engine: Engine;
  /** Reads, through the shared builders. Writes go through `write`. */
  readonly db: Kysely<Database>;
  /** For messages and backups' names: the file path, or the server URL without its password. */
  readonly location: string;
  /** One write transaction, its lock taken up front (SQLite: BEGIN IMMEDIATE). */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Sets the connection up for a command that reads many rows (SQLite: memory-mapped pages). */
  tuneForReads(): void;
  /**
   * The import's writer for one file (the engine's fastest way in). Opened before the
   * file's write transaction, since an engine may tune the connection for a load
   * (SQLite cannot leave WAL inside a transaction); `begin` it inside.
   */
  importSink(options: ImportSinkOptions): ImportSink;
  /**
   * The demo's bulk writer (`renew demo`): whole rows for freshly emptied tables, ids
   * assigned by the caller. Opened before the write transaction, as `importSink` is
   * (SQLite cannot switch foreign-key checks inside one); `begin` it inside.
   */
  demoSink(): DemoSink;
  close(): Promise<void>;
}

/**
 * Takes the demo's rows, each a list of values in the column order of
 * storage/queries/demo-rows.ts, inside the demo's write transaction.
 */
export interface DemoSink {
  /** Inside the write transaction, before the first row. */
  begin(tx: Tx): void;
  vehicle(values: readonly unknown[]): void;
  renewalCase(values: readonly unknown[]): void;
  policy(values: readonly unknown[]): void;
  event(values: readonly unknown[]): void;
  /** After the last row: writes what is still pending and rebuilds what `begin` set aside. */
  finish(): void;
  /** Undoes any connection tuning; called once, after success or failure. */
  close(): void;
}

export interface ImportSinkOptions {
  /** The import's time, 'YYYY-MM-DD HH:mm:ss'. */
  now: string;
  /** settings.renewal_window_days. */
  windowDays: number;
  /** The file's size: a large file is a bulk load (the engine may tune for it). */
  fileBytes: number;
  /** Files at least this large load in bulk. */
  bulkFromBytes: number;
  /** In a bulk load, rows written before the engine may defer its indexes. */
  deferAfterRows: number;
  /**
   * The store the file's vehicles belong to from now on (`renew import --store`, docs/team.md);
   * null or absent in a database without stores: each vehicle keeps the store it has.
   */
  store?: string | null;
}

export type RowOutcome = 'imported' | 'updated' | 'unchanged';

/**
 * Takes the rows of one file, one vehicle (a run of adjacent rows with the same
 * plate) at a time, inside the import's transaction.
 */
export interface ImportSink {
  /** Inside the file's write transaction, before the first row: `importId` is the import-log row the policies point at. */
  begin(tx: Tx, importId: number): void;
  /**
   * Writes one vehicle's rows; returns each row's outcome in order. SQLite answers at
   * once (a synchronous driver: no promise per vehicle on its hot path), a server
   * engine with a promise.
   */
  write(rows: readonly RowIn[]): RowOutcome[] | Promise<RowOutcome[]>;
  /** After the last row: decides the renewals left open and returns how many cases this file renewed. */
  finish(): number | Promise<number>;
  /** Undoes any connection tuning; called once, after success or failure. */
  close(): void;
}
