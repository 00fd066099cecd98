/**
 * Backups of a store server with PostgreSQL's own tools (client-tools.ts):
 * - `backup`: `pg_dump --format=custom` into the owner-only file the caller made;
 * - checking a dump before a restore: `pg_restore --list` must read it, it must hold
 *   renew's tables and nothing that runs code (no trigger, function, rule, view ...),
 *   and its migrations table must not be newer than this program;
 * - its summary (vehicles, policies, last import, last call) from its data, streamed;
 * - `restore`: `pg_restore --clean --if-exists` as a script into `psql`, inside one
 *   BEGIN ... COMMIT that first drops every table of the schema (so a dump from an older
 *   schema leaves no newer table behind for the upgrade to trip over). COMMIT is sent
 *   only once pg_restore has finished without error: a failure anywhere ends the
 *   session without it and the server rolls everything back. Others see the old
 *   database or the new one, never a mix.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EXIT, RenewError } from '../../errors.js';
import type { CheckedBackup, DatabaseSummary } from '../ports.js';
import { connectionFor, findTool, toolDetail } from './client-tools.js';
import { versionOf } from './migrate.js';
import { migrations } from './migrations/index.js';

/** Backups of a server are named after its database, in the working folder: 'renew.dump' for .../renew. */
export function dumpBase(url: string): string {
  const database = decodeURIComponent(url.replace(/\?.*$/, '').replace(/^.*\//, '')) || 'renew';
  return `${database.replace(/[^\p{L}\p{N}_.-]/gu, '_')}.dump`;
}

/** Writes a custom-format dump of the database at `url` into `file` (pg_dump syncs it). */
export function pgDump(url: string, file: string): void {
  const { dbname, env } = connectionFor(url);
  const r = spawnSync(findTool('pg_dump'), ['--format=custom', `--file=${file}`, `--dbname=${dbname}`], { env, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(toolDetail(r.stderr));
}

/** The tables every renew database has. */
const RENEW_TABLES = ['vehicles', 'policies', 'renewal_cases', 'events', 'imports', 'kysely_migration'];
/** What a dump of renew's schema holds (pg_restore --list types); anything else may run code or hide data. */
const PLAIN_TYPES = ['TABLE DATA', 'TABLE', 'SEQUENCE SET', 'SEQUENCE OWNED BY', 'SEQUENCE', 'DEFAULT', 'FK CONSTRAINT', 'CONSTRAINT', 'INDEX', 'SCHEMA', 'COMMENT', 'ACL'];

/** Checks that `file` is a dump of a renew database this program can restore. */
export async function checkDump(file: string): Promise<CheckedBackup> {
  if (!existsSync(file)) throw new RenewError('trust.restore.notFound', { path: file });
  if (!statSync(file).isFile()) throw new RenewError('trust.restore.notRenew', { path: file });
  const list = spawnSync(findTool('pg_restore'), ['--list', file], { encoding: 'utf8' });
  if (list.error) throw list.error;
  if (list.status !== 0) throw new RenewError('trust.restore.notRenew', { path: file });
  const tables = new Set<string>();
  const foreign: string[] = [];
  for (const line of list.stdout.split('\n')) {
    // '215; 1259 16386 TABLE public vehicles renew'
    const entry = /^\d+; \d+ \d+ (.*)$/.exec(line)?.[1];
    if (!entry) continue;
    const type = PLAIN_TYPES.find((t) => entry.startsWith(`${t} `));
    if (!type) foreign.push(`+${entry.split(' ').slice(0, -1).join(' ')}`);
    else if (type === 'TABLE') tables.add(entry.split(' ')[2] as string);
  }
  if (!RENEW_TABLES.every((t) => tables.has(t))) throw new RenewError('trust.restore.notRenew', { path: file });
  if (foreign.length > 0) throw new RenewError('trust.restore.schemaMismatch', { path: file, detail: foreign.slice(0, 5).join(', ') });
  const names: string[] = [];
  await readTables(file, ['kysely_migration'], (_table, row) => names.push(row.name ?? ''));
  const version = versionOf(names);
  const known = versionOf(Object.keys(migrations));
  if (version > known) throw new RenewError('errors.databaseTooNew', { found: version, known });
  if (version < 1) throw new RenewError('trust.restore.notRenew', { path: file });
  return { path: file, schemaVersion: version, bytes: statSync(file).size };
}

/** The summary restore shows of a checked dump, read from its data in one stream. */
export async function summarizeDump(file: string): Promise<DatabaseSummary> {
  const summary: DatabaseSummary = { path: file, vehicles: 0, policies: 0, last_import: null, last_event: null };
  let lastImport = { at: '', id: -1 };
  await readTables(file, ['vehicles', 'policies', 'imports', 'events'], (table, row) => {
    if (table === 'vehicles') summary.vehicles++;
    else if (table === 'policies') summary.policies++;
    else if (table === 'events') {
      const at = moment(row.at);
      if (at && (summary.last_event === null || at > summary.last_event)) summary.last_event = at;
    } else {
      // The SQLite summary's order: latest finished_at, then the highest id.
      const at = moment(row.finished_at) ?? '';
      const id = Number(row.id);
      if (at > lastImport.at || (at === lastImport.at && id > lastImport.id)) {
        lastImport = { at, id };
        summary.last_import = { at, file: row.file_name ?? '' };
      }
    }
  });
  return summary;
}

/** A dumped timestamptz ('2026-11-24 10:00:00+08', written in the session's = local zone) as the store reads it. */
function moment(text: string | null | undefined): string | null {
  return text ? text.slice(0, 19) : null;
}

/**
 * Streams the rows of `tables` out of the dump (`pg_restore --data-only` as COPY text),
 * each as column -> value (null for \N).
 */
async function readTables(file: string, tables: string[], onRow: (table: string, row: Record<string, string | null>) => void): Promise<void> {
  const child = spawn(findTool('pg_restore'), ['--data-only', '--file=-', ...tables.flatMap((t) => ['--table', t]), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let table: string | null = null;
  let columns: string[] = [];
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (table === null) {
      const copy = /^COPY (?:"?\w+"?\.)?"?(\w+)"? \((.*)\) FROM stdin;$/.exec(line);
      if (copy) {
        table = copy[1] as string;
        columns = (copy[2] as string).split(', ').map((c) => c.replace(/^"|"$/g, ''));
      }
    } else if (line === '\\.') {
      table = null;
    } else {
      const fields = line.split('\t');
      onRow(table, Object.fromEntries(columns.map((c, i) => [c, copyValue(fields[i])])));
    }
  }
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new RenewError('trust.restore.damaged', { path: file, problem: toolDetail(stderr) });
}

/** A field of COPY's text format: \N is null; backslash escapes stand for tab, newline and the like. */
function copyValue(field: string | undefined): string | null {
  if (field === undefined || field === '\\N') return null;
  const escapes: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v', '\\': '\\' };
  return field.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c);
}

/**
 * Replaces the database at `url` with the dump `file` in one transaction (see the top
 * of this file); `tables` are the tables the database holds now, dropped first.
 */
export async function restoreDump(url: string, file: string, tables: readonly string[]): Promise<void> {
  const { dbname, env } = connectionFor(url);
  const psql = spawn(findTool('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `--dbname=${dbname}`], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  const restore = spawn(findTool('pg_restore'), ['--clean', '--if-exists', '--no-owner', '--no-acl', '--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let psqlErr = '';
  let restoreErr = '';
  psql.stderr.on('data', (d: Buffer) => (psqlErr += d.toString()));
  restore.stderr.on('data', (d: Buffer) => (restoreErr += d.toString()));
  // psql stopping at an error closes its input: what is still being written goes nowhere, and no COMMIT was sent.
  psql.stdin.on('error', () => undefined);
  const psqlDone = once(psql, 'close') as Promise<[number | null]>;
  const quoted = tables.map((t) => `"${t.replace(/"/g, '""')}"`);
  psql.stdin.write(`BEGIN;\n${quoted.length > 0 ? `DROP TABLE IF EXISTS ${quoted.join(', ')} CASCADE;\n` : ''}`);
  restore.stdout.pipe(psql.stdin, { end: false });
  const [restoreCode] = (await once(restore, 'close')) as [number | null];
  psql.stdin.end(restoreCode === 0 ? 'COMMIT;\n' : '');
  const [psqlCode] = await psqlDone;
  if (restoreCode !== 0 || psqlCode !== 0) {
    throw new RenewError('trust.restore.failed', { path: url, detail: toolDetail(restoreCode !== 0 ? restoreErr : psqlErr) }, EXIT.failure);
  }
}
