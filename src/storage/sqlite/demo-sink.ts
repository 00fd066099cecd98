/**
 * The demo's way into a SQLite file: per table one prepared multi-row INSERT, the
 * hot-path exception, because a million rows through kysely would take minutes.
 * The connection is tuned for the load: foreign-key checks off (the generator
 * assigns every id itself and the tests run PRAGMA foreign_key_check over its
 * output; per-row lookups only cost about 15%), a larger page cache, and the
 * secondary indexes built once at the end.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { assertWriting, type DemoSink, type Tx } from '../ports.js';
import { CASE_COLUMNS, EVENT_COLUMNS, POLICY_COLUMNS, VEHICLE_COLUMNS } from '../queries/demo-rows.js';

/** Rows per multi-row INSERT: fewer statement runs cost about 20% less CPU than one row each. */
const BATCH_ROWS = 64;

type Put = (values: readonly unknown[]) => void;

export class SqliteDemoSink implements DemoSink {
  private readonly foreignKeys: unknown;
  private cacheSize: unknown;
  private puts: Record<'vehicle' | 'renewalCase' | 'policy' | 'event', Put> | undefined;
  private flush: (() => void) | undefined;
  private rebuildIndexes: (() => void) | undefined;
  private closed = false;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    // The pragma cannot change inside a transaction, hence here, restored by close().
    this.foreignKeys = sqlite.pragma('foreign_keys', { simple: true });
    sqlite.pragma('foreign_keys = OFF');
  }

  begin(tx: Tx): void {
    assertWriting(tx);
    // Index pages for a million random plates and policy numbers do not fit the default 2 MB cache.
    this.cacheSize = this.sqlite.pragma('cache_size', { simple: true });
    this.sqlite.pragma(`cache_size = ${-256 * 1024}`);
    this.rebuildIndexes = dropSecondaryIndexes(this.sqlite);
    const flushes: (() => void)[] = [];
    const insert = (table: string, columns: readonly string[]) => prepareInsert(this.sqlite, table, columns, flushes);
    this.puts = {
      vehicle: insert('vehicles', VEHICLE_COLUMNS),
      renewalCase: insert('renewal_cases', CASE_COLUMNS),
      policy: insert('policies', POLICY_COLUMNS),
      event: insert('events', EVENT_COLUMNS),
    };
    this.flush = () => flushes.forEach((f) => f());
  }

  vehicle(values: readonly unknown[]): void {
    this.started().vehicle(values);
  }

  renewalCase(values: readonly unknown[]): void {
    this.started().renewalCase(values);
  }

  policy(values: readonly unknown[]): void {
    this.started().policy(values);
  }

  event(values: readonly unknown[]): void {
    this.started().event(values);
  }

  finish(): void {
    this.started();
    this.flush?.();
    this.rebuildIndexes?.();
    this.rebuildIndexes = undefined;
    this.restoreCache();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.restoreCache();
    this.sqlite.pragma(`foreign_keys = ${Number(this.foreignKeys)}`);
  }

  private restoreCache(): void {
    if (this.cacheSize === undefined) return;
    this.sqlite.pragma(`cache_size = ${Number(this.cacheSize)}`);
    this.cacheSize = undefined;
  }

  private started() {
    if (!this.puts) throw new Error('internal: a demo sink was written before begin()');
    return this.puts;
  }
}

/**
 * One table's writer: values are gathered into a prepared multi-row INSERT (positional,
 * in `columns` order); the remainder goes one row at a time when `flushes` run.
 */
function prepareInsert(sqlite: BetterSqlite3.Database, table: string, columns: readonly string[], flushes: (() => void)[]): Put {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const into = `insert into ${table} (${columns.join(', ')}) values `;
  const many = sqlite.prepare(into + Array.from({ length: BATCH_ROWS }, () => row).join(', '));
  const one = sqlite.prepare(into + row);
  let pending: unknown[] = [];
  flushes.push(() => {
    for (let i = 0; i < pending.length; i += columns.length) one.run(pending.slice(i, i + columns.length));
    pending = [];
  });
  return (values) => {
    for (const v of values) pending.push(v);
    if (pending.length === BATCH_ROWS * columns.length) {
      many.run(pending);
      pending = [];
    }
  };
}

/**
 * Bulk loading into empty tables is about a third faster when the secondary indexes are
 * built once at the end. They are dropped and re-created from their own stored
 * definitions inside the caller's transaction, so the schema ends exactly as the
 * migrations made it (and a failure rolls the drop back). Unique constraints stay.
 * Returns the rebuild.
 */
function dropSecondaryIndexes(sqlite: BetterSqlite3.Database): () => void {
  const indexes = sqlite
    .prepare("select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('vehicles', 'policies', 'renewal_cases', 'events')")
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`drop index "${index.name}"`);
  return () => {
    for (const index of indexes) sqlite.exec(index.sql);
  };
}
