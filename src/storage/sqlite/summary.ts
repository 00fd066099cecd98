/**
 * What a SQLite database file holds, in the four facts a specialist recognises a file
 * by (vehicles, policies, the last import, the last call): `renew restore` shows them
 * for the database it replaces and for the backup before it asks.
 */
import Sqlite from 'better-sqlite3';
import type { DatabaseSummary } from '../ports.js';

/** The summary of the database at `path`, or null when SQLite cannot read it (damaged, not a renew file). */
export function summarizeDatabase(path: string): DatabaseSummary | null {
  let db: Sqlite.Database | undefined;
  try {
    db = new Sqlite(path, { readonly: true, fileMustExist: true });
    const count = (table: string) => (db?.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const lastImport = db.prepare('select finished_at as at, file_name as file from imports order by finished_at desc, id desc limit 1').get() as { at: string; file: string } | undefined;
    const lastEvent = db.prepare('select max(at) as at from events').get() as { at: string | null };
    return { path, vehicles: count('vehicles'), policies: count('policies'), last_import: lastImport ?? null, last_event: lastEvent.at };
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
