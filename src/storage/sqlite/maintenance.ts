/**
 * `Maintenance` on a SQLite file (src/storage/ports.ts): what `renew doctor` checks of
 * the file itself (integrity, foreign keys, pragmas, schema version and objects), the
 * summaries and checks `renew restore` shows and applies (summary.ts, restore.ts).
 * Nothing is opened until asked: the file may be missing or damaged, which is what
 * doctor reports and restore repairs.
 */
import { existsSync, statSync } from 'node:fs';
import { RenewError } from '../../errors.js';
import type { AddCheck, EngineCheck, Maintenance, Storage } from '../ports.js';
import { PRAGMAS } from './connection.js';
import { schemaVersion } from './migrate.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { checkBackup, restoreFile } from './restore.js';
import { schemaDifference } from './schema-check.js';
import { checkSchemaObjects, checkSchemaVersion } from '../queries/schema-difference.js';
import { openSqliteStorage, type SqliteStorage } from './store.js';
import { summarizeDatabase } from './summary.js';

export function sqliteMaintenance(path: string): Maintenance {
  return {
    engine: 'sqlite',
    location: path,
    backupBase: path,
    localFiles: () => [path, `${path}-wal`, `${path}-shm`].filter((f) => existsSync(f)),
    check: (add, shared) => checkFile(path, add, shared),
    summary: async () => (existsSync(path) && statSync(path).size > 0 ? (summarizeDatabase(path) ?? 'unreadable') : null),
    checkBackup: (file) => checkBackup(file),
    summarizeBackup: async (file) => {
      const summary = summarizeDatabase(file);
      if (!summary) throw new RenewError('errors.notADatabase', { path: file });
      return summary;
    },
    restore: (file, keep) => restoreFile(path, file, keep),
  };
}

/** The file as it is: opened without migrating (only the usual connection pragmas apply). */
async function checkFile<T>(
  dbPath: string,
  add: AddCheck,
  shared: (store: Storage, current: boolean, step: (check: string) => void) => Promise<T>,
): Promise<EngineCheck<T>> {
  if (!existsSync(dbPath)) throw new RenewError('errors.noDatabase', { path: dbPath }, 1, 'errors.noDatabaseHint');
  const sizeBytes = [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f)).reduce((s, f) => s + statSync(f).size, 0);
  const stopped = (schemaVersion: number | null): EngineCheck<T> => ({ schemaVersion, sizeBytes, shared: null });

  let store: SqliteStorage;
  try {
    store = await openSqliteStorage(dbPath, { migrate: false });
  } catch (e) {
    const err = e instanceof RenewError ? e : new RenewError('errors.cannotOpen', { path: dbPath, code: String((e as Error).message) });
    add('open', 'problem', err.key, err.vars);
    return stopped(null);
  }
  // Damaged pages make SQLite throw SQLITE_CORRUPT from whichever check reads them first: that is
  // the verdict (exit 2, restore from backup), never an "unexpected error".
  let current = 'integrity';
  const step = (check: string) => {
    current = check;
  };
  try {
    const { sqlite } = store;
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.length === 1 && integrity[0] === 'ok') add('integrity', 'ok', 'trust.doctor.integrityOk');
    else add('integrity', 'problem', 'trust.doctor.integrityBad', { count: integrity.length, first: integrity.slice(0, 3).join('; ') });

    step('foreign_keys');
    const fk = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    if (fk.length === 0) add('foreign_keys', 'ok', 'trust.doctor.foreignKeysOk');
    else add('foreign_keys', 'problem', 'trust.doctor.foreignKeysBad', { count: fk.length, first: fk.slice(0, 3).map((r) => `${r.table}#${r.rowid} -> ${r.parent}`).join('; ') });

    for (const [name, expected] of Object.entries(PRAGMAS)) {
      const actual = sqlite.pragma(name, { simple: true }) as string | number;
      const ok = String(actual).toLowerCase() === String(expected);
      add(`pragma.${name}`, ok ? 'ok' : 'problem', ok ? 'trust.doctor.pragmaOk' : 'trust.doctor.pragmaBad', { name, actual, expected });
    }

    step('schema');
    const version = schemaVersion(sqlite);
    if (!checkSchemaVersion(add, version, SCHEMA_VERSION)) return stopped(version);

    step('schema_objects');
    const diff = await schemaDifference(sqlite, version);
    const exact = checkSchemaObjects(add, diff);
    // Counting and comparing rows of a schema renew did not make would run its views and fail on its gaps.
    if (!exact || version < 1) return stopped(version);

    return { schemaVersion: version, sizeBytes, shared: await shared(store, version === SCHEMA_VERSION, step) };
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CORRUPT') && code !== 'SQLITE_NOTADB' && code !== 'SQLITE_IOERR') throw e;
    add(current, 'problem', 'trust.doctor.unreadable', { check: current, detail: (e as Error).message });
    return stopped(null);
  } finally {
    await store.close();
  }
}
