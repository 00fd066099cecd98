/**
 * Hostile databases for the trust tests and the reliability suite (issue 13): a backup
 * with a trigger or a view, one missing a table, zeroed pages, another page size.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { seed, type SeedVehicle } from './seed.js';

/** A closed renew database at `path` (16 KB pages, as renew creates) holding `fleet`. */
export async function renewDb(path: string, fleet: readonly SeedVehicle[]): Promise<string> {
  const store = await openStore(path, { create: true });
  await seed(store.db, fleet);
  await store.close();
  return path;
}

/** `n` vehicles with an open case each, enough rows for several pages per table. */
export const fleetOf = (n: number, prefix = '粤B'): SeedVehicle[] => Array.from({ length: n }, (_, i) => ({ plate: `${prefix}${String(10000 + i)}`, due: '2026-12-20' }));

/** Runs `sql` on a closed database file (the way someone edits a backup by hand). */
export function tamper(path: string, sql: string): void {
  const db = new Sqlite(path);
  db.exec(sql);
  db.close();
}

/** The kinds of hand edits a restore and the doctor must refuse; `index` names one index the migrations make. */
export const tamperings = (index: string): Record<string, string> => ({
  'trigger on events': 'create trigger wipe after insert on events begin delete from policies; update renewal_cases set last_premium_cents = 1; end',
  'trigger on vehicles': "create trigger steal after update on vehicles begin update vehicles set phone = '13800000000' where id = new.id; end",
  view: 'create view everyone as select owner, phone, id_no from vehicles',
  'extra table': 'create table exfil (x text)',
  'extra index': 'create index ix_owner on vehicles (owner)',
  'missing table targets': 'drop table targets',
  'missing index': `drop index "${index}"`,
  'changed column': 'alter table vehicles add column backdoor text',
});

/** The name of one index the migrations create on renewal_cases. */
export function someIndex(path: string): string {
  const db = new Sqlite(path, { readonly: true });
  const row = db.prepare("select name from sqlite_master where type = 'index' and sql is not null and tbl_name = 'renewal_cases' order by name limit 1").get() as { name: string };
  db.close();
  return row.name;
}

/** Rewrites `path` with `pageSize` pages (VACUUM outside WAL), as an older renew or the sqlite3 shell would have made it. */
export function setPageSize(path: string, pageSize: number, wal = true): void {
  const db = new Sqlite(path);
  db.pragma('journal_mode = delete');
  db.pragma(`page_size = ${pageSize}`);
  db.exec('VACUUM');
  if (wal) db.pragma('journal_mode = wal');
  db.close();
}

export function pageSizeOf(path: string): number {
  const db = new Sqlite(path, { readonly: true });
  const size = db.pragma('page_size', { simple: true }) as number;
  db.close();
  return size;
}

/** Overwrites `count` whole pages from page number `first` (1-based) with zeros: what a failing disk leaves. */
export function zeroPages(path: string, first: number, count = 1): void {
  const pageSize = pageSizeOf(path);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize * count), 0, pageSize * count, (first - 1) * pageSize);
  closeSync(fd);
}

/** The root page of a table's or index's b-tree (zeroing a table's makes every read of it fail). */
export function rootPage(path: string, name: string): number {
  const db = new Sqlite(path, { readonly: true });
  const row = db.prepare('select rootpage from sqlite_master where name = ?').get(name) as { rootpage: number };
  db.close();
  return row.rootpage;
}
