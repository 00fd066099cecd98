/**
 * `Storage` on a SQLite file (the zero-set-up default for one person on one PC):
 * the connection of connection.ts, write transactions of transaction.ts, the
 * prepared import sink of import-sink.ts and the demo's bulk writer of demo-sink.ts, VACUUM INTO snapshots
 * (backup.ts). Doctor's and restore's work on the file is maintenance.ts's.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Storage } from '../ports.js';
import { mapForReads, type OpenOptions, openStore } from './connection.js';
import { vacuumInto } from './backup.js';
import { SqliteDemoSink } from './demo-sink.js';
import { SqliteImportSink } from './import-sink.js';
import { writeTransaction } from './transaction.js';

export interface SqliteStorage extends Storage {
  readonly engine: 'sqlite';
  /** The driver handle, for SQLite's own maintenance (integrity, restore): only code under src/storage/sqlite may use it. */
  readonly sqlite: BetterSqlite3.Database;
}

export async function openSqliteStorage(path: string, options: OpenOptions = {}): Promise<SqliteStorage> {
  const store = await openStore(path, options);
  return {
    engine: 'sqlite',
    db: store.db,
    sqlite: store.sqlite,
    location: path,
    backupBase: path,
    write: (work) => writeTransaction(store.db, work),
    // BEGIN IMMEDIATE holds the write lock of the whole file: no row is locked by anyone else.
    lockCases: async (tx, caseIds) => (caseIds.length === 0 ? [] : (await tx.selectFrom('renewal_cases').select('id').where('id', 'in', [...caseIds]).orderBy('id').execute()).map((r) => r.id)),
    tuneForReads: () => mapForReads(store.sqlite),
    importSink: (options) => new SqliteImportSink(store.sqlite, options),
    demoSink: () => new SqliteDemoSink(store.sqlite),
    backup: (file) => vacuumInto(store.sqlite, file),
    close: () => store.close(),
  };
}
