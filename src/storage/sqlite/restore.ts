/**
 * SQLite's part of `renew restore FILE` (the order of the steps and the names are
 * src/features/trust/restore.ts's): checking a backup file, and putting it in place
 * of the database so that nothing is lost whatever fails.
 *
 * A backup is accepted when it is a SQLite file, integrity ok, not newer than this
 * program, and its schema is exactly what the migrations make (schema-check.ts).
 * The current database is kept first (a VACUUM INTO snapshot through the caller's
 * `KeepCurrent`); then the backup's pages are copied into the database with SQLite's
 * backup API, which takes the database's write lock, so another renew that has it
 * open sees either the old or the new content, never a mix; the result is opened
 * normally (an older schema is upgraded) and checked again.
 *
 * SQLite's backup API cannot change the page size of a WAL database ("attempt to
 * write a readonly database"), so a backup whose page size differs (4 KB from an
 * older version or the sqlite3 shell, 16 KB from this one) is first rebuilt with the
 * database's page size in a temporary copy.
 *
 * A current file that SQLite cannot read, or whose pages are damaged (quick_check),
 * is moved aside as it is (rename: byte for byte, even without read permission) and
 * the backup is renamed into its place.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, openStore } from './connection.js';
import { schemaVersion } from './migrate.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { vacuumInto } from './backup.js';
import { EXIT, RenewError } from '../../errors.js';
import type { CheckedBackup, KeepCurrent } from '../ports.js';
import { schemaDifference } from './schema-check.js';
import { describeDifference } from '../queries/schema-difference.js';

/** Checks that `file` is a sound renew database this program can use; throws a clear error if not. */
export async function checkBackup(file: string): Promise<CheckedBackup> {
  if (!existsSync(file)) throw new RenewError('trust.restore.notFound', { path: file });
  if (!statSync(file).isFile()) throw new RenewError('trust.restore.notRenew', { path: file });
  let db: Sqlite.Database | undefined;
  try {
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = integrity.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    if (problems.length > 0) throw new RenewError('trust.restore.damaged', { path: file, problem: problems.slice(0, 3).join('; ') });
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new RenewError('errors.databaseTooNew', { found: version, known: SCHEMA_VERSION });
    if (version < 1) throw new RenewError('trust.restore.notRenew', { path: file });
    const diff = await schemaDifference(db, version);
    if (diff.extra.length > 0 || diff.missing.length > 0) throw new RenewError('trust.restore.schemaMismatch', { path: file, detail: describeDifference(diff) });
    return { path: file, schemaVersion: version, bytes: statSync(file).size };
  } catch (e) {
    if (e instanceof RenewError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new RenewError('errors.notADatabase', { path: file });
    throw new RenewError('trust.restore.damaged', { path: file, problem: (e as Error).message });
  } finally {
    db?.close();
  }
}

/** Puts the checked backup `file` in place of the database at `dbPath`, keeping the current one at `keep`; returns the schema version after. */
export async function restoreFile(dbPath: string, file: string, keep: KeepCurrent | null): Promise<number> {
  let current: Sqlite.Database | undefined;
  if (keep) {
    current = openHealthy(dbPath);
    if (current) {
      try {
        const sqlite = current;
        keep.copy((f) => vacuumInto(sqlite, f));
      } catch {
        // Damaged pages: VACUUM INTO cannot read them. Keep the file as it is instead (below).
        current.close();
        current = undefined;
      }
    }
  }

  if (current) {
    await copyPagesInto(current, dbPath, file);
  } else {
    // No database, or one SQLite cannot read: put a copy of the backup in place by rename, moving the old file aside first.
    const temp = `${dbPath}.restoring-${randomBytes(4).toString('hex')}`;
    copyOwnerOnly(file, temp);
    if (keep) {
      renameSync(dbPath, keep.path);
      ownerOnly(keep.path);
      if (existsSync(`${dbPath}-wal`)) renameSync(`${dbPath}-wal`, `${keep.path}-wal`);
    }
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
    renameSync(temp, dbPath);
  }

  // A normal open upgrades an older schema; then the result is checked like any backup.
  const store = await openStore(dbPath);
  const schema = schemaVersion(store.sqlite);
  await store.close();
  await checkBackup(dbPath);
  return schema;
}

/** Copies every page of `file` into the open database `current` (closed afterwards) in one locked step. */
async function copyPagesInto(current: Sqlite.Database, dbPath: string, file: string): Promise<void> {
  const pageSize = current.pragma('page_size', { simple: true }) as number;
  let source = file;
  let temp: string | undefined;
  try {
    if (pageSizeOf(file) !== pageSize) source = temp = withPageSize(file, pageSize, `${dbPath}.pages-${randomBytes(4).toString('hex')}`);
    const from = new Sqlite(source, { readonly: true, fileMustExist: true });
    try {
      // Copy every page in one step: the destination is locked once, start to finish.
      await from.backup(dbPath, { progress: () => 1_000_000 });
    } finally {
      from.close();
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new RenewError('errors.busy', {}, EXIT.busy);
    throw new RenewError('trust.restore.failed', { path: dbPath, detail: (e as Error).message });
  } finally {
    current.close();
    if (temp) for (const f of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
  }
}

function pageSizeOf(file: string): number {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** A copy of `file` at `temp` rebuilt with `pageSize` (VACUUM applies a new page size only outside WAL). */
function withPageSize(file: string, pageSize: number, temp: string): string {
  copyOwnerOnly(file, temp);
  const db = new Sqlite(temp);
  try {
    db.pragma('journal_mode = delete');
    db.pragma(`page_size = ${pageSize}`);
    db.exec('VACUUM');
  } finally {
    db.close();
  }
  return temp;
}

/**
 * The current database opened with the usual pragmas, or undefined when SQLite cannot read it or
 * finds damaged pages. VACUUM INTO rebuilds indexes from the tables, so a copy of a file with a
 * damaged index would look sound and hide the damage: such a file is kept as it is instead.
 */
function openHealthy(path: string): Sqlite.Database | undefined {
  let db: Sqlite.Database | undefined;
  try {
    db = new Sqlite(path, { fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (db.pragma('quick_check(1)', { simple: true }) === 'ok') return db;
  } catch {
    // unreadable: below
  }
  db?.close();
  return undefined;
}

/** copyFile keeps the source's mode; the copies renew makes are owner-only. */
function copyOwnerOnly(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
}

/** The kept file may hold personal data: owner-only, if we may change its mode. */
function ownerOnly(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch {
    // not ours to change (e.g. another owner): the bytes are kept all the same
  }
}
