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
import type { RenewError } from '../errors.js';

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

/** A consistent copy of the whole database in a file: `renew backup`, and import's backup first. */
export interface Backup {
  /**
   * Writes a consistent snapshot of the whole database into `file` while others keep
   * writing, and syncs it (SQLite: VACUUM INTO; PostgreSQL: pg_dump's custom format).
   * `file` is an empty, owner-only file the caller made; naming it, refusing to
   * overwrite and renaming it into place are the caller's
   * (src/features/trust/backup.ts), the same for every engine.
   */
  backup(file: string): void;
  /**
   * What backups are named after (`<stem>-backup-<stamp><ext>`): the database file on
   * SQLite (backups go beside it), `<database>.dump` in the working folder on a server.
   */
  readonly backupBase: string;
}

export type CheckStatus = 'ok' | 'warning' | 'problem';

/** One finding of `renew doctor`: a stable id, its status, and a message key with values (translated by the caller). */
export interface HealthCheck {
  /** integrity, foreign_keys, pragma.journal_mode, schema, schema_objects, settings, permissions, filesystem ... */
  check: string;
  status: CheckStatus;
  key: RenewError['key'];
  vars: RenewError['vars'];
}

export type AddCheck = (check: string, status: CheckStatus, key: HealthCheck['key'], vars?: HealthCheck['vars']) => void;

/** What a database holds, in the four facts a specialist recognises it by (restore shows them before it asks). */
export interface DatabaseSummary {
  path: string;
  vehicles: number;
  policies: number;
  /** When the last import finished and which file it read, or null when nothing was imported. */
  last_import: { at: string; file: string } | null;
  /** When the last register event (call, outcome) happened, or null. */
  last_event: string | null;
}

/** A backup that passed the engine's checks (restore's step 1). */
export interface CheckedBackup {
  path: string;
  schemaVersion: number;
  bytes: number;
}

/** Where restore keeps the database it replaces: the name, and the caller's safe way of writing a copy there. */
export interface KeepCurrent {
  /** The copy's name (the caller picked a free one). */
  path: string;
  /** Writes a snapshot there through `backup` (temporary name, owner-only, renamed into place); throws when it cannot. */
  copy(backup: (file: string) => void): void;
}

/** The engine's part of a doctor run. */
export interface EngineCheck<T> {
  /** The schema version found, or null when the database could not be read that far. */
  schemaVersion: number | null;
  /** What the database takes up (SQLite: the file and its WAL; a server: pg_database_size). */
  sizeBytes: number;
  /** What `shared` returned, or null when the engine's checks stopped before it. */
  shared: T | null;
}

/**
 * What the engine does to a database as a whole, opened or not: `renew restore` and
 * `doctor` (`renew backup` goes through the open `Storage`). Got from src/storage/open.ts without opening anything, since
 * the database may be missing or damaged (restore repairs exactly that).
 */
export interface Maintenance extends Pick<Backup, 'backupBase'> {
  readonly engine: Engine;
  /** The file path, or the server URL without its password (messages, the doctor's title). */
  readonly location: string;
  /**
   * The local files that hold the database and exist now (SQLite: the file, its -wal
   * and -shm; a server: none): the doctor checks their permissions and filesystem.
   */
  localFiles(): string[];
  /**
   * The engine's checks of the database as it is (no migration runs): SQLite's
   * integrity, foreign keys, pragmas, schema version and objects; PostgreSQL's schema
   * version and objects, constraints. When the schema is one renew made, `shared` then
   * runs on the database opened as it is (the checks every engine shares, through the
   * builders; it may write in `store.write` for a repair). An error that means damaged
   * storage, in either part, becomes a problem of the check named last by `step`.
   * Throws `errors.noDatabase` when there is no database at all.
   */
  check<T>(add: AddCheck, shared: (store: Storage, current: boolean, step: (check: string) => void) => Promise<T>): Promise<EngineCheck<T>>;
  /** The database's summary: null when there is none yet, 'unreadable' when it cannot be read. */
  summary(): Promise<DatabaseSummary | 'unreadable' | null>;
  /** Checks that `file` is a sound backup of a renew database this program can restore; throws a clear RenewError if not. */
  checkBackup(file: string): Promise<CheckedBackup>;
  /** The summary of a checked backup. */
  summarizeBackup(file: string): Promise<DatabaseSummary>;
  /**
   * Puts the backup `file` (checked) in place of the database in one step that others
   * see whole or not at all, first keeping the current one at `keep` (null: there is
   * none); then opens the result normally (an older schema is upgraded) and checks it
   * again. Returns the schema version after the restore.
   */
  restore(file: string, keep: KeepCurrent | null): Promise<number>;
}

export interface Storage extends Backup {
  readonly engine: Engine;
  /** Reads, through the shared builders. Writes go through `write`. */
  readonly db: Kysely<Database>;
  /** For messages and backups' names: the file path, or the server URL without its password. */
  readonly location: string;
  /** One write transaction, its lock taken up front (SQLite: BEGIN IMMEDIATE). */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Inside a write transaction: locks these cases' rows until it ends and returns the
   * ids it locked, in id order. 'wait' waits for a row another transaction holds;
   * 'skip' passes it over (the next-in-queue pick: two people never get the same
   * case). PostgreSQL: SELECT ... FOR UPDATE [SKIP LOCKED]. SQLite: BEGIN IMMEDIATE
   * already holds the whole file, so every existing id is returned.
   */
  lockCases(tx: Tx, caseIds: readonly number[], mode: 'wait' | 'skip'): Promise<number[]>;
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
   * once (a synchronous driver: no promise per vehicle on its hot path). A server
   * engine answers with a promise, and one that stages rows and merges them in bulk
   * (PostgreSQL) with none at all: it counts the outcomes itself (`counted`).
   */
  write(rows: readonly RowIn[]): RowOutcome[] | Promise<RowOutcome[] | void>;
  /** After the last row: decides the renewals left open and returns how many cases this file renewed. */
  finish(): number | Promise<number>;
  /** After `finish`, for a sink whose `write` returned no outcomes: how many rows had each. */
  counted?(): Record<RowOutcome, number>;
  /** Undoes any connection tuning; called once, after success or failure. */
  close(): void;
}
