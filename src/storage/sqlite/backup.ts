/**
 * SQLite's snapshot of a database (`Storage.backup`, and restore's copy of the
 * database it replaces). `VACUUM INTO` reads the database inside one read
 * transaction (WAL lets writers carry on) and writes a compact copy into the empty
 * owner-only file the caller made; it is synced before the caller renames it into place.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';

export function vacuumInto(sqlite: BetterSqlite3.Database, file: string): void {
  // VACUUM INTO accepts an existing empty file (the caller's is already 0600).
  sqlite.prepare('VACUUM INTO ?').run(file);
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
