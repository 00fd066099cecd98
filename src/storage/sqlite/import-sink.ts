/**
 * The import's way into a SQLite file: the prepared hot path of
 * import/policy-writer.ts, with the connection tuned for the import's duration
 * and, in a bulk load, the random-order indexes rebuilt once at the end.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { assertWriting, type ImportSink, type ImportSinkOptions, type RowOutcome, type Tx } from '../ports.js';
import type { RowIn } from '../../rules/validate.js';
import { PRAGMAS, retryWhileBusy } from './connection.js';
import { PolicyWriter } from './import/policy-writer.js';

export class SqliteImportSink implements ImportSink {
  private writer: PolicyWriter | undefined;
  private readonly bulk: boolean;
  private readonly restorePragmas: () => void;
  private rebuildIndexes: (() => void) | undefined;
  private written = 0;
  private closed = false;

  constructor(private readonly sqlite: BetterSqlite3.Database, private readonly options: ImportSinkOptions) {
    this.bulk = options.fileBytes >= options.bulkFromBytes;
    this.restorePragmas = importPragmas(sqlite, this.bulk);
  }

  begin(tx: Tx, importId: number): void {
    assertWriting(tx);
    this.writer = new PolicyWriter(this.sqlite, importId, this.options.now, this.options.windowDays, this.options.store ?? null);
  }

  write(rows: readonly RowIn[]): RowOutcome[] {
    const outcomes = this.started().writeVehicleRows(rows);
    for (const o of outcomes) if (o !== 'unchanged') this.written++;
    // Dropped only once the file has shown it is a load: a large re-import whose rows are
    // nearly all unchanged writes little, and rebuilding would cost it more than it saves.
    if (this.bulk && !this.rebuildIndexes && this.written >= this.options.deferAfterRows) {
      this.rebuildIndexes = deferIndexes(this.sqlite, this.options.fileBytes);
    }
    return outcomes;
  }

  finish(): number {
    const renewed = this.started().finishRenewals();
    // Renewal updates touch cases' status and due date: rebuild those indexes only after them.
    this.rebuildIndexes?.();
    this.rebuildIndexes = undefined;
    return renewed;
  }

  private started(): PolicyWriter {
    if (!this.writer) throw new Error('internal: an import sink was written before begin()');
    return this.writer;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.restorePragmas();
  }
}

/**
 * Connection settings for the import's duration. A million-row import touches five
 * B-trees per policy; with SQLite's default 2 MB page cache the transaction keeps
 * spilling pages to the WAL and reading them back. A bounded 128 MB cache keeps
 * memory flat and the work in RAM.
 */
function importPragmas(sqlite: BetterSqlite3.Database, bulk: boolean): () => void {
  const restoreJournal = bulk ? firstLoadJournal(sqlite) : () => undefined;
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  sqlite.pragma('cache_size = -131072');
  // Every id the hot path writes comes from a row it just read or inserted in the same
  // transaction, so the three foreign-key probes per policy only cost time (about a
  // fifth of the insert). They are back on before anything else runs on the connection.
  sqlite.pragma('foreign_keys = OFF');
  // Rebuilding the deferred indexes sorts every key: in memory rather than through temp files.
  const tempStore = sqlite.pragma('temp_store', { simple: true }) as number;
  sqlite.pragma('temp_store = MEMORY');
  return () => {
    sqlite.pragma(`temp_store = ${Number(tempStore)}`);
    sqlite.pragma(`cache_size = ${Number(before)}`);
    sqlite.pragma(`foreign_keys = ${Number(foreignKeys)}`);
    restoreJournal();
  };
}

/**
 * A large first load (the store holds no policies yet) runs with a rollback journal
 * instead of WAL. In WAL mode every page of a transaction far larger than the page
 * cache is written twice, to the log while loading and again by the checkpoint; with a
 * rollback journal, pages added past the file's original end need no journal entry,
 * so each is written once (bench/import.mjs). The journal is as crash-safe: a killed
 * import leaves a hot journal that the next opener rolls back. The price is that
 * readers wait while it commits, which costs nothing when there is nothing to read
 * yet. WAL is back before anything else runs here, and every connection sets it on
 * open in any case (applyPragmas).
 */
function firstLoadJournal(sqlite: BetterSqlite3.Database): () => void {
  if (sqlite.prepare('select 1 from policies limit 1').get() !== undefined) return () => undefined;
  try {
    // An in-memory database answers 'memory'; leaving WAL while another connection has the
    // file open fails at once with SQLITE_BUSY. Either way the load keeps the mode it has.
    if (sqlite.pragma('journal_mode = delete', { simple: true }) !== 'delete') return () => undefined;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return () => undefined;
    throw e;
  }
  return () => {
    // Best effort: should a reader hold the file past the retries, the next connection sets WAL on open.
    try {
      retryWhileBusy(() => sqlite.pragma(`journal_mode = ${PRAGMAS.journal_mode}`, { simple: true }));
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    }
  };
}

/**
 * Secondary indexes the hot path never reads, whose keys arrive in random order
 * (due dates): kept up to date row by row they dominate a large load. For
 * a file big enough to matter and not small next to what is already stored, once it
 * has written DEFER_MIN_ROWS rows, they are dropped inside the import's transaction
 * and rebuilt from their own stored SQL (sqlite_master) after the rows are in: one
 * sort instead of a million random inserts. A rollback, a dry run or a killed process
 * brings them back untouched.
 */
const DEFERRABLE_INDEXES = [
  // The queue's and report's wide covering index (status, due date, ...): random order, and
  // every renewal re-projection rewrites its entry. The events indexes the hot path and
  // the renewal projection never read (they read events by case_id through events_case_at).
  'renewal_cases_queue', 'events_outcome_at', 'events_vehicle', 'events_case_report',
];
const BYTES_PER_ROW_ESTIMATE = 200;
const DEFER_MIN_ROWS = 50_000;

function deferIndexes(sqlite: BetterSqlite3.Database, fileBytes: number): () => void {
  const estimate = fileBytes / BYTES_PER_ROW_ESTIMATE;
  const stored = sqlite.prepare('select count(*) from policies').pluck().get() as number;
  if (estimate < stored) return () => undefined;
  const defs = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and name in (${DEFERRABLE_INDEXES.map(() => '?').join(', ')})`)
    .all(...DEFERRABLE_INDEXES) as { name: string; sql: string }[];
  for (const d of defs) sqlite.exec(`drop index "${d.name}"`);
  return () => {
    for (const d of defs) sqlite.exec(d.sql);
  };
}
