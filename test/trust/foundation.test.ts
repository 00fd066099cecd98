/**
 * Proofs for the foundation's promises: pragmas on every open, atomic migrations,
 * racing first runs, a too-new database refused, the busy message, owner-only
 * output files that are never clobbered, and formula-safe CSV cells.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, type Migration, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../src/features/csv-write.js';
import { RenewError } from '../../src/errors.js';
import { openOutputFile, writeOutputFile } from '../../src/features/output-file.js';
import { applyPragmas, openStore, PRAGMAS } from '../../src/storage/sqlite/connection.js';
import { migrateToLatest } from '../../src/storage/sqlite/migrate.js';
import { migrations, SCHEMA_VERSION } from '../../src/storage/sqlite/migrations/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { startCli } from '../reliability/harness.js';
import { tempDir } from '../helpers/context.js';
import { schemaSnapshot } from './seed.js';

const EN_BUSY = 'error: The database is busy (another renew is writing); nothing was recorded, try again.\n';

function pragmasOf(sqlite: Sqlite.Database) {
  return Object.fromEntries(Object.keys(PRAGMAS).map((name) => [name, sqlite.pragma(name, { simple: true })]));
}

describe('pragmas', () => {
  it('every open of a file gets WAL, busy_timeout 5000, foreign keys and synchronous FULL', async () => {
    const path = join(tempDir(), 'renew.db');
    for (let i = 0; i < 3; i++) {
      const store = await openStore(path, { create: true });
      expect(pragmasOf(store.sqlite)).toEqual({ journal_mode: 'wal', busy_timeout: 5000, foreign_keys: 1, synchronous: 2 });
      await store.close();
    }
    // A connection that skips the migrations still gets them.
    const bare = await openStore(path, { migrate: false });
    expect(pragmasOf(bare.sqlite)).toEqual({ journal_mode: 'wal', busy_timeout: 5000, foreign_keys: 1, synchronous: 2 });
    await bare.close();
  });

  it('foreign keys are enforced: an event for a missing case is refused', async () => {
    const store = await openStore(':memory:', { create: true });
    expect(() => store.sqlite.prepare("insert into events (case_id, vehicle_id, at, recorded_at, outcome, channel) values (99, 99, 'x', 'x', 'no_answer', 'phone')").run()).toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('a connection that cannot use WAL is refused with errors.noWal, not used', () => {
    const fake = { name: '/mnt/share/renew.db', pragma: (p: string) => (p.startsWith('journal_mode') ? 'delete' : 0) } as unknown as Sqlite.Database;
    try {
      applyPragmas(fake);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RenewError);
      expect((e as RenewError).key).toBe('errors.noWal');
      expect((e as RenewError).vars).toEqual({ path: '/mnt/share/renew.db', mode: 'delete' });
    }
  });

  it('the database file is created owner-only, and a missing file without create is errors.noDatabase', async () => {
    const dir = join(tempDir(), 'nested');
    await expect(openStore(join(dir, 'renew.db'))).rejects.toMatchObject({ key: 'errors.noDatabase' });
    expect(existsSync(dir)).toBe(false);
    const store = await openStore(join(dir, 'renew.db'), { create: true });
    await store.close();
    expect(statSync(join(dir, 'renew.db')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});

/** The real migrations, with step `failAt` doing its work and then throwing. */
function withFailingStep(failAt: number): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, m], i) => [
      name,
      i === failAt ? { up: async (db: Kysely<any>) => { await m.up(db); throw new Error(`injected failure in ${name}`); } } : m,
    ]),
  );
}

function rawDb(path: string) {
  const sqlite = new Sqlite(path);
  applyPragmas(sqlite);
  return { sqlite, db: new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}

describe('migrations', () => {
  const names = Object.keys(migrations);

  it.each(names.map((n, i) => [n, i] as const))('step %s failing leaves the schema exactly as before, and a re-run succeeds', async (name, i) => {
    const path = join(tempDir(), 'renew.db');
    const { sqlite, db } = rawDb(path);
    // Bring the database to just before step i.
    await migrateToLatest(db, sqlite, Object.fromEntries(Object.entries(migrations).slice(0, i)));
    const before = schemaSnapshot(sqlite);
    expect(before.version).toBe(i);

    const error = await migrateToLatest(db, sqlite, withFailingStep(i)).catch((e) => e);
    expect(error).toBeInstanceOf(RenewError);
    expect(error.key).toBe('errors.migrationFailed');
    expect(error.vars).toEqual({ name, detail: `injected failure in ${name}` });
    expect(schemaSnapshot(sqlite)).toEqual(before);
    expect(sqlite.inTransaction).toBe(false);

    await migrateToLatest(db, sqlite);
    expect(schemaSnapshot(sqlite).version).toBe(SCHEMA_VERSION);
    await db.destroy();
  });

  it('a database newer than the program is refused and left untouched', async () => {
    const path = join(tempDir(), 'renew.db');
    (await openStore(path, { create: true })).close();
    const raw = new Sqlite(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    const before = schemaSnapshot(raw);
    raw.close();
    const error = await openStore(path).catch((e) => e);
    expect(error).toMatchObject({ key: 'errors.databaseTooNew', vars: { found: SCHEMA_VERSION + 1, known: SCHEMA_VERSION } });
    const after = new Sqlite(path);
    expect(schemaSnapshot(after)).toEqual(before);
    after.close();

    const r = runCli(['settings'], { env: { RENEW_DB: path } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: This database was made by a newer renew (schema ${SCHEMA_VERSION + 1}; this program knows up to ${SCHEMA_VERSION}). Upgrade renew; do not open it with an older one.\n`);
  });

  it('an up-to-date database takes the user_version fast path (no migrator tables touched)', async () => {
    const path = join(tempDir(), 'renew.db');
    (await openStore(path, { create: true })).close();
    const { sqlite, db } = rawDb(path);
    sqlite.exec('drop table kysely_migration_lock');
    await migrateToLatest(db, sqlite); // would fail or recreate the table if the migrator ran
    expect(sqlite.prepare("select count(*) n from sqlite_master where name = 'kysely_migration_lock'").get()).toEqual({ n: 0 });
    await db.destroy();
  });
});

describe('processes', () => {
  it('two first runs on the same new database at once both succeed (5 trials)', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const path = join(tempDir(), 'renew.db');
      const runs = await Promise.all([startCli(['settings', '--json'], { RENEW_DB: path }).done, startCli(['settings', '--json'], { RENEW_DB: path }).done]);
      expect(runs.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, '']]);
      const raw = new Sqlite(path);
      expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      raw.close();
    }
  });

  it('a writer blocked past the busy timeout gets the busy message, exit 75, and nothing is written', async () => {
    const path = join(tempDir(), 'renew.db');
    (await openStore(path, { create: true })).close();
    const holder = new Sqlite(path);
    holder.pragma('journal_mode = wal');
    holder.exec('begin immediate');
    const started = Date.now();
    const r = await startCli(['settings', 'store_name', '测试店'], { RENEW_DB: path }).done;
    const waited = Date.now() - started;
    holder.exec('rollback');
    expect(r.code).toBe(75);
    expect(r.stderr).toBe(EN_BUSY);
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(holder.prepare("select count(*) n from settings where key = 'store_name'").get()).toEqual({ n: 0 });
    holder.close();
  });

  it('a closed pipe on stdout (renew ... | head) exits quietly', async () => {
    const path = join(tempDir(), 'renew.db');
    (await openStore(path, { create: true })).close();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'settings'], { env: { PATH: process.env.PATH ?? '', RENEW_DB: path, NO_COLOR: '1' } });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result).toEqual({ code: 0, stderr: '' });
  });
});

describe('output files', () => {
  it('are created 0600 and never overwrite without force', () => {
    const dir = tempDir();
    const path = join(dir, 'out.csv');
    writeOutputFile(path, 'first');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(() => writeOutputFile(path, 'second')).toThrow(expect.objectContaining({ key: 'errors.fileExists', vars: { path } }));
    expect(readFileSync(path, 'utf8')).toBe('first');
    writeOutputFile(path, 'third', { force: true });
    expect(readFileSync(path, 'utf8')).toBe('third');
    mkdirSync(join(dir, 'sub'));
    expect(() => openOutputFile(join(dir, 'missing', 'x.csv'))).toThrow(expect.objectContaining({ key: 'errors.cannotWrite' }));
  });

  it('a group-readable file replaced with --force becomes owner-only', () => {
    const path = join(tempDir(), 'loose.csv');
    writeFileSync(path, 'x', { mode: 0o644 });
    writeOutputFile(path, 'y', { force: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('csv cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+86 138', "'+86 138"],
    ['-SUM(A1)', "'-SUM(A1)"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', `"'\rCR"`],
    ['-12.5', '-12.5'],
    ['粤A12345', '粤A12345'],
    ['a,b', '"a,b"'],
  ])('%j -> %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('a document has a BOM and CRLF lines', () => {
    expect(csvDocument(['a', 'b'], [['=1', 2]])).toBe("\uFEFFa,b\r\n'=1,2\r\n");
  });
});

describe('retryWhileBusy', () => {
  it('retries SQLITE_BUSY until it succeeds, and gives up on other errors or after the timeout', async () => {
    const { retryWhileBusy } = await import('../../src/storage/sqlite/connection.js');
    let calls = 0;
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(retryWhileBusy(() => (++calls < 3 ? (() => { throw busy; })() : 'wal'))).toBe('wal');
    expect(calls).toBe(3);
    expect(() => retryWhileBusy(() => { throw Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT' }); })).toThrow('x');
    const started = Date.now();
    expect(() => retryWhileBusy(() => { throw busy; }, 100)).toThrow('database is locked');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
