/**
 * `renew backup`: a consistent snapshot of the database while others keep writing,
 * and when `renew import` takes one first.
 *
 * The engine writes the snapshot (`Storage.backup`; SQLite: VACUUM INTO, a server:
 * pg_dump, src/storage/postgres/dump.ts). This file
 * keeps what is the same for every engine: the names, and the file's safety. The
 * copy is built under a temporary name beside the target and renamed into place
 * once synced, so a killed backup never leaves a half-written file under the final
 * name. Both files are created here with mode 0600 before the engine writes into
 * them, so the copy is owner-only whatever the umask.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Context } from '../context.js';
import type { Backup, Storage } from '../../storage/ports.js';
import { EXIT, RenewError } from '../../errors.js';
import { openOutputFile } from '../output-file.js';

export interface BackupResult {
  path: string;
  bytes: number;
}

/** What a snapshot is taken from: a store, or (restore) the database about to be replaced. */
export type SnapshotSource = Pick<Backup, 'backup'> & Pick<Storage, 'location'>;

/**
 * Writes a snapshot of `source` to `target`. Refuses an existing target unless
 * `force`, and the database's own file. Returns the path and size of the copy.
 */
export function snapshotTo(source: SnapshotSource, target: string, options: { force?: boolean } = {}): BackupResult {
  if (source.location !== ':memory:' && samePath(source.location, target)) {
    throw new RenewError('trust.backup.sameFile', { path: target }, EXIT.usage);
  }
  // Reserve the final name first (O_EXCL) so a clash is reported before any work. With --force the
  // existing file is left alone until the finished copy is renamed over it.
  if (!options.force) closeSync(openOutputFile(target));
  const temp = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    closeSync(openOutputFile(temp, { force: true }));
    source.backup(temp);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    if (!options.force) rmSync(target, { force: true });
    if (e instanceof RenewError) throw e;
    throw new RenewError('trust.backup.failed', { path: target, detail: (e as Error).message });
  }
  return { path: target, bytes: statSync(target).size };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'renew.db' at 2026-11-24 10:00:05 -> 'renew-backup-20261124-100005.db' in the same folder. */
export function defaultBackupPath(dbPath: string, now: Date, label = 'backup'): string {
  const ext = extname(dbPath) || '.db';
  const stem = basename(dbPath, extname(dbPath));
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return join(dirname(dbPath), `${stem}-${label}-${stamp}${ext}`);
}

/** A free name: `path`, else `path` with -2, -3 ... before the extension (two backups in one second). */
export function freePath(path: string): string {
  if (!existsSync(path)) return path;
  const ext = extname(path);
  const stem = path.slice(0, path.length - ext.length);
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/** Two paths name the same file (hard links and symlinks included). */
export function samePath(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/** `renew backup [FILE]`: FILE, or a time-stamped name beside the database (a server's: in the working folder). */
export function backupDatabase(ctx: Pick<Context, 'store' | 'now'>, file: string | undefined, options: { force?: boolean } = {}): BackupResult {
  let target = file;
  if (!target) {
    if (ctx.store.location === ':memory:') throw new RenewError('trust.backup.needFile', {}, EXIT.usage);
    target = defaultBackupPath(ctx.store.backupBase, ctx.now());
  }
  return snapshotTo(ctx.store, target, options);
}

/** Rough bytes per data row of a policy export (UTF-8, ~15 columns); overestimating rows errs towards backing up. */
export const BYTES_PER_ROW_ESTIMATE = 100;

/**
 * Called by `renew import` before a real import: when the database already holds
 * policies and the file probably has at least `backup_before_import_rows` rows
 * (estimated from its size), takes an automatic backup beside the database and
 * says so on stderr. Returns the backup, or null when none was needed.
 * A setting of 0 means "always back up a non-empty database".
 *
 * Not on a store server: its administrator backs it up on a schedule (docs/trust.md),
 * the import is one transaction there too, and a dump of a group's database before
 * every import would take minutes and leave customers' data in the working folder
 * of whoever imported.
 */
export async function backupBeforeImport(ctx: Pick<Context, 'db' | 'store' | 'now' | 'err' | 't' | 'settings'>, fileBytes: number): Promise<BackupResult | null> {
  if (ctx.store.location === ':memory:' || ctx.store.engine !== 'sqlite') return null;
  const settings = await ctx.settings();
  const estimatedRows = Math.ceil(fileBytes / BYTES_PER_ROW_ESTIMATE);
  if (estimatedRows < settings.backup_before_import_rows) return null;
  const any = await ctx.db.selectFrom('policies').select('id').limit(1).executeTakeFirst();
  if (!any) return null;
  const result = snapshotTo(ctx.store, freePath(defaultBackupPath(ctx.store.backupBase, ctx.now(), 'before-import')));
  ctx.err.write(ctx.t('trust.backup.beforeImport', { path: result.path, size: formatBytes(result.bytes) }) + '\n');
  return result;
}

/** 1536 -> '1.5 KB'. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
