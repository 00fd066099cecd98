/**
 * The attacks of issue 13 (and restore's question, issue 12.11) on the trust commands,
 * each reproduced: a file or a value that once took over, lost data or crashed renew.
 */
import { sqliteMaintenance } from '../../src/storage/sqlite/maintenance.js';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/features/trust/doctor.js';
import { purgePersonalData } from '../../src/features/trust/purge.js';
import { restoreDatabase } from '../../src/features/trust/restore.js';
import { checkBackup } from '../../src/storage/sqlite/restore.js';
import { askBeforeRestore } from '../../src/features/trust/restore-plan.js';
import { loadSettings, saveSetting } from '../../src/storage/queries/settings.js';
import { runCli } from '../helpers/cli.js';
import { CTRL_C, makeTestContext, tempDir } from '../helpers/context.js';
import { killSessions, newSession, shellQuote as quote, TMUX, tmux, waitUntil } from '../helpers/tmux.js';
import { BIN } from '../helpers/cli.js';
import { fleetOf, pageSizeOf, renewDb, rootPage, setPageSize, someIndex, tamper, tamperings, zeroPages } from './attack-helpers.js';
import { dumpTables, seed } from './seed.js';

const probe = { statfsType: () => 0xef53, mounts: () => undefined };
const env = (db: string, extra: Record<string, string> = {}) => ({ env: { RENEW_DB: db, RENEW_TODAY: '2026-12-05 10:00', ...extra } });

describe('13.1 purge never erases a customer who just renewed', () => {
  it('refuses a --before in the future or within purge_min_age_days (365) of today, and erases nothing', async () => {
    const ctx = await makeTestContext({ now: '2026-12-05 10:00' });
    // Renewed five weeks ago (due 2026-11-20): the trial's `--before 2027-01-01` erased such customers.
    await seed(ctx.db, [{ plate: '粤A20000', due: '2026-11-20', events: [{ outcome: 'renewed', at: '2026-10-31 10:00:00' }] }]);
    for (const before of ['2027-01-01', '2026-12-06', '2026-06-01', '2025-12-06']) {
      await expect(purgePersonalData(ctx, before, { yes: true }), before).rejects.toMatchObject({ key: 'trust.purge.tooRecent', exitCode: 64, vars: { days: 365, latest: '2025-12-05' } });
    }
    await expect(purgePersonalData(ctx, '2025-12-05', { yes: true })).resolves.toMatchObject({ vehicles: 0 });
    expect((await ctx.db.selectFrom('vehicles').select(['owner', 'purged_at']).execute())).toEqual([{ owner: '车主0', purged_at: null }]);
  });

  it('a shorter purge_min_age_days still keeps a vehicle whose case closed within that age', async () => {
    const ctx = await makeTestContext({ now: '2026-12-05 10:00' });
    await saveSetting(ctx.db, 'purge_min_age_days', '30', 'now');
    await seed(ctx.db, [
      { plate: '粤A20001', due: '2026-01-10', events: [{ outcome: 'lost', at: '2026-01-05 10:00:00', reason: 'sold' }] },
      // Due long ago, but renewed only two weeks ago: within 30 days, kept.
      { plate: '粤A20002', due: '2026-01-10', events: [{ outcome: 'renewed', at: '2026-11-21 10:00:00' }] },
    ]);
    expect(await purgePersonalData(ctx, '2026-11-05', { yes: true })).toMatchObject({ vehicles: 1 });
    expect((await ctx.db.selectFrom('vehicles').select(['plate', 'purged_at']).orderBy('plate').execute()).map((v) => [v.plate, v.purged_at !== null])).toEqual([
      ['粤A20001', true],
      ['粤A20002', false],
    ]);
    await expect(saveSetting(ctx.db, 'purge_min_age_days', '0', 'now')).rejects.toMatchObject({ key: 'settings.badValue', exitCode: 64 });
  });

  it('end to end: the trial command `purge --before 2027-01-01 --yes` exits 64 and erases nothing', async () => {
    const db = await renewDb(join(tempDir(), 'renew.db'), [{ plate: '粤A20000', due: '2026-11-20', events: [{ outcome: 'renewed', at: '2026-10-31 10:00:00' }] }]);
    const r = runCli(['purge', '--before', '2027-01-01', '--yes'], env(db));
    expect(r).toEqual({
      code: 64, stdout: '',
      stderr: 'error: --before 2027-01-01 is too recent: purge erases only customers closed at least 365 days ago (setting purge_min_age_days). Use 2025-12-05 or earlier.\n',
    });
    const check = new Sqlite(db, { readonly: true });
    expect(check.prepare('select count(*) as n from vehicles where purged_at is null and owner is not null').get()).toEqual({ n: 1 });
    check.close();
  });
});

describe('13.2 and 13.5: a backup must hold exactly the schema the migrations make', () => {
  it.each(Object.keys(tamperings('x')))('restore refuses a backup with: %s, and changes nothing', async (kind) => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(3));
    const backup = await renewDb(join(dir, 'b.db'), fleetOf(5, '粤C'));
    tamper(backup, tamperings(someIndex(backup))[kind] as string);
    const before = readFileSync(db);
    await expect(restoreDatabase(sqliteMaintenance(db), backup, new Date(2026, 11, 5))).rejects.toMatchObject({ key: 'trust.restore.schemaMismatch' });
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('the doctor reports a trigger renew did not make (it said all good before)', async () => {
    const db = await renewDb(join(tempDir(), 'renew.db'), fleetOf(3));
    tamper(db, tamperings('x')['trigger on events'] as string);
    const report = await runDoctor(sqliteMaintenance(db), { probe });
    expect(report.checks.find((c) => c.check === 'schema_objects')).toMatchObject({ status: 'problem', vars: { detail: '+trigger wipe on events' } });
    expect(report.verdict).toBe('problems');
  });

  it('end to end: the trigger backup is refused; a backup missing targets no longer restores "cleanly"', async () => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(3));
    const backup = await renewDb(join(dir, 'b.db'), fleetOf(3));
    tamper(backup, 'drop table targets');
    const r = runCli(['restore', backup, '--yes'], env(db));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${backup} does not hold exactly the tables and indexes renew makes (-table targets; + not made by renew, - missing); nothing restored.\n`);
    expect(runCli(['target', 'list'], env(db)).code).toBe(0);
  });

  it('an older schema version is compared with what its own migrations made, then upgraded', async () => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(1));
    const { migrateToLatest } = await import('../../src/storage/sqlite/migrate.js');
    const { migrations } = await import('../../src/storage/sqlite/migrations/index.js');
    const { Kysely, SqliteDialect } = await import('kysely');
    const old = join(dir, 'v2.db');
    const sqlite = new Sqlite(old);
    const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrateToLatest(k, sqlite, Object.fromEntries(Object.entries(migrations).slice(0, 2)));
    await k.destroy();
    await expect(checkBackup(old)).resolves.toMatchObject({ schemaVersion: 2 });
    await expect(restoreDatabase(sqliteMaintenance(db), old, new Date(2026, 11, 5))).resolves.toMatchObject({ backupSchema: 2 });
  });
});

describe('13.3 damaged pages', () => {
  it('doctor gives its verdict (exit 2, which check, restore from backup) instead of an unexpected error', async () => {
    const db = await renewDb(join(tempDir(), 'renew.db'), fleetOf(300));
    zeroPages(db, rootPage(db, 'vehicles'));
    const r = runCli(['doctor'], env(db));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: The database check found problems: 1.\n');
    expect(r.stdout).toMatch(/\[PROBLEM\] (The integrity check found \d+ errors .*Restore the latest backup with renew restore\.|The \w+ check could not read the database .*renew restore FILE)/);
    expect(r.stdout + r.stderr).not.toContain('unexpected');
  });

  it('restore good.db works over a damaged database and keeps the damaged file byte for byte', async () => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(300));
    const good = await renewDb(join(dir, 'good.db'), fleetOf(4, '粤D'));
    zeroPages(db, rootPage(db, 'vehicles'));
    zeroPages(db, rootPage(db, 'renewal_cases'));
    const damaged = readFileSync(db);
    const r = runCli(['restore', good, '--yes', '--json'], env(db));
    expect(r.code).toBe(0);
    const keptAs = JSON.parse(r.stdout).kept_as as string;
    expect(readFileSync(keptAs).equals(damaged)).toBe(true);
    expect(statSync(keptAs).mode & 0o777).toBe(0o600);
    const restored = new Sqlite(db, { readonly: true });
    const expected = new Sqlite(good, { readonly: true });
    expect(dumpTables(restored)).toEqual(dumpTables(expected));
    restored.close();
    expected.close();
    expect(runCli(['doctor'], env(db)).code).toBe(0);
  });

  it('a damaged index (which VACUUM INTO would silently rebuild) is also kept byte for byte', async () => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(300));
    const good = await renewDb(join(dir, 'good.db'), fleetOf(2, '粤D'));
    zeroPages(db, rootPage(db, someIndex(db)));
    const damaged = readFileSync(db);
    const result = await restoreDatabase(sqliteMaintenance(db), good, new Date(2026, 11, 5));
    expect(readFileSync(result.keptAs as string).equals(damaged)).toBe(true);
  });

  it('restore works over a file nobody may read (kept aside by rename)', async () => {
    const dir = tempDir();
    const good = await renewDb(join(dir, 'good.db'), fleetOf(2));
    const db = join(dir, 'renew.db');
    writeFileSync(db, Buffer.alloc(65536, 0), { mode: 0o000 });
    const result = await restoreDatabase(sqliteMaintenance(db), good, new Date(2026, 11, 5, 10, 0, 0));
    expect(readFileSync(result.keptAs as string).equals(Buffer.alloc(65536, 0))).toBe(true);
    expect((await checkBackup(db)).schemaVersion).toBeGreaterThan(0);
  });
});

describe('13.4 restore across page sizes', () => {
  it.each([
    [4096, 16384],
    [16384, 4096],
    [1024, 16384],
  ])('a %i-byte-page backup restores into a live %i-byte-page database', async (backupPages, dbPages) => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(50));
    if (dbPages !== 16384) setPageSize(db, dbPages);
    const backup = await renewDb(join(dir, 'b.db'), fleetOf(80, '粤E'));
    setPageSize(backup, backupPages, false);
    const expected = new Sqlite(backup, { readonly: true });
    const want = dumpTables(expected);
    expected.close();
    const result = await restoreDatabase(sqliteMaintenance(db), backup, new Date(2026, 11, 5));
    expect(result.keptAs).not.toBeNull();
    const restored = new Sqlite(db, { readonly: true });
    expect(dumpTables(restored)).toEqual(want);
    expect([restored.pragma('journal_mode', { simple: true }), restored.pragma('integrity_check', { simple: true })]).toEqual(['wal', 'ok']);
    restored.close();
    expect(pageSizeOf(db)).toBe(dbPages);
    expect(pageSizeOf(backup)).toBe(backupPages); // the backup itself is left alone
  });
});

describe('13.11 numbers that are not finite or out of range', () => {
  it('settings refuse 1e999 and out-of-range weights (exit 64) and store nothing', async () => {
    const ctx = await makeTestContext();
    for (const raw of ['{"days_left":1e999,"attempts":-3,"loan":15,"premium_per_1000":1}', '{"days_left":2,"attempts":-3,"loan":15,"premium_per_1000":1,"reached":1e999}', '{"days_left":2e6,"attempts":-3,"loan":15,"premium_per_1000":1}']) {
      await expect(saveSetting(ctx.db, 'priority_weights', raw, 'now'), raw).rejects.toMatchObject({ key: 'settings.badValue', exitCode: 64 });
    }
    await expect(saveSetting(ctx.db, 'call_lead_days', '1e999', 'now')).rejects.toMatchObject({ key: 'settings.badValue' });
    expect(await ctx.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });

  it('a bad STORED setting: the default applies, commands warn and go on, doctor fails naming it', async () => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(1));
    // What the old version saved for 1e999: null in place of a number.
    tamper(db, `insert into settings (key, value, updated_at) values ('priority_weights', '{"days_left":null,"attempts":-3,"loan":15,"premium_per_1000":1}', 'x'), ('call_lead_days', '30', 'x')`);
    const store = await (await import('../../src/storage/sqlite/connection.js')).openStore(db);
    const settings = await loadSettings(store.db);
    expect([settings.priority_weights.days_left, settings.call_lead_days]).toEqual([2, 30]);
    await store.close();
    const warning = 'Warning: the stored setting priority_weights = {"days_left":null,"attempts":-3,"loan":15,"premium_per_1000":1} is not valid; using the default {"days_left":2,"attempts":-3,"loan":15,"premium_per_1000":1,"reached":4}. Set it again: renew settings priority_weights VALUE\n';
    const list = runCli(['target', 'list'], env(db));
    expect(list.code).toBe(0);
    expect(list.stderr.startsWith(warning)).toBe(true);
    const doctor = runCli(['doctor', '--json'], env(db));
    expect(doctor.code).toBe(2);
    expect(JSON.parse(doctor.stdout).checks.find((c: { check: string }) => c.check === 'settings')).toMatchObject({ status: 'problem' });
  });

  it('end to end: target set --premium 1e400 / a 400-digit premium / --rate 1.5 exit 64 and save nothing', async () => {
    const db = await renewDb(join(tempDir(), 'renew.db'), fleetOf(1));
    for (const args of [['--premium', '1e400'], ['--premium', '9'.repeat(400)], ['--rate', '1.5'], ['--vehicles', '1e9']]) {
      const r = runCli(['target', 'set', '--month', '2026-12', ...args], env(db));
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr).not.toMatch(/Infinity|NaN/);
    }
    expect(runCli(['target', 'list', '--json'], env(db)).stdout).toBe('[]\n');
    expect(runCli(['settings', 'priority_weights', '{"days_left":1e999,"attempts":-3,"loan":15,"premium_per_1000":1}'], env(db)).code).toBe(64);
  });
});

describe('13.12 impossible dates and times', () => {
  it.each(['2026-12-05 99:99', '2026-12-05 24:00', '2026-02-30'])('RENEW_TODAY=%s is refused, not rolled over', async (value) => {
    const db = await renewDb(join(tempDir(), 'renew.db'), fleetOf(1));
    const r = runCli(['target', 'list'], env(db, { RENEW_TODAY: value }));
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: RENEW_TODAY "${value}" is not a date: use YYYY-MM-DD or "YYYY-MM-DD HH:mm".\n` });
  });

  it('--before 2026-02-30 is a bad option value (exit 64)', async () => {
    const db = await renewDb(join(tempDir(), 'renew.db'), fleetOf(1));
    expect(runCli(['purge', '--before', '2026-02-30', '--yes'], env(db))).toEqual({ code: 64, stdout: '', stderr: 'error: --before "2026-02-30" is not a date (use YYYY-MM-DD).\n' });
  });
});

describe('13.15 --db must be a regular file or a path that does not exist yet', () => {
  it('a directory: restore and every other command refuse with exit 64 and a clear message', async () => {
    const dir = tempDir();
    const good = await renewDb(join(dir, 'good.db'), fleetOf(1));
    const folder = join(dir, 'folder.db');
    mkdirSync(folder);
    for (const args of [['restore', good, '--yes'], ['doctor'], ['backup', join(dir, 'x.db')], ['settings']]) {
      const r = runCli(['--db', folder, ...args]);
      expect(r, args[0]).toEqual({ code: 64, stdout: '', stderr: `error: The database path ${folder} is not a regular file (a folder or a device?). Give the path of a database file, or of one to create.\n` });
    }
    expect(statSync(folder).isDirectory()).toBe(true);
  });

  it('a character device is refused before anything else is looked at', () => {
    const r = runCli(['--db', '/dev/null', 'restore', join(tempDir(), 'missing.db'), '--yes']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('/dev/null is not a regular file');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(runCli(['doctor'], { env: { RENEW_DB: '/dev/null' } }).code).toBe(64);
  });

  it('a symlink to a database file still works', async () => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(1));
    const { symlinkSync } = await import('node:fs');
    symlinkSync(db, join(dir, 'link.db'));
    expect(runCli(['settings', 'store_name', '--json'], { env: { RENEW_DB: join(dir, 'link.db') } }).code).toBe(0);
  });
});

describe('12.11 restore shows both files and asks', () => {
  async function twoFiles() {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), [...fleetOf(3), { plate: '粤A30000', due: '2026-12-01', events: [{ outcome: 'no_answer', at: '2026-12-04 15:30:00' }] }]);
    tamper(db, "insert into imports (file_name, content_hash, encoding, shape, rows, imported, updated, unchanged, rejected, started_at, finished_at) values ('十二月.csv', 'h', 'utf-8', 'policy', 4, 4, 0, 0, 0, '2026-12-01 09:00:00', '2026-12-01 09:00:05')");
    const backup = await renewDb(join(dir, 'b.db'), fleetOf(1, '粤F'));
    return { dir, db, backup };
  }

  it('shows vehicles, policies, last import and last call of both files; "no" or Ctrl-C changes nothing', async () => {
    const { db, backup } = await twoFiles();
    const before = readFileSync(db);
    for (const answer of [false, CTRL_C] as const) {
      const ctx = await makeTestContext({ answers: [answer], lang: 'en' });
      ctx.stdinIsTTY = true;
      await expect(restoreDatabase(sqliteMaintenance(db), backup, new Date(2026, 11, 5), { confirm: askBeforeRestore(ctx, db, false) })).rejects.toMatchObject({ key: 'errors.cancelled', exitCode: 130 });
      expect(ctx.stderr.text).toBe(
        'Restoring replaces the database:\n' +
          `  now:    ${db}: vehicles 4, policies 4, last import 2026-12-01 09:00:05 (十二月.csv), last call 2026-12-04 15:30:00\n` +
          `  backup: ${backup}: vehicles 1, policies 1, last import none, last call none\n`,
      );
      expect(ctx.prompter.asked.map((a) => a.message)).toEqual(['Replace it with the backup? The current database is kept as a copy beside it.']);
    }
    expect(readFileSync(db).equals(before)).toBe(true);
    const yes = await makeTestContext({ answers: [true] });
    yes.stdinIsTTY = true;
    await expect(restoreDatabase(sqliteMaintenance(db), backup, new Date(2026, 11, 5), { confirm: askBeforeRestore(yes, db, false) })).resolves.toMatchObject({ from: backup });
  });

  it('without a terminal it needs --yes: exit 64, one line, nothing written', async () => {
    const { dir, db, backup } = await twoFiles();
    const before = readFileSync(db);
    const r = runCli(['restore', backup], env(db));
    expect(r).toEqual({ code: 64, stdout: '', stderr: `error: Restoring replaces the database ${db}. Without a terminal to confirm, add --yes.\n` });
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'renew-before-restore-20261205-100000.db'))).toBe(false);
    expect(runCli(['restore', backup, '--yes'], env(db)).code).toBe(0);
  });
});

afterEach(killSessions);

describe.skipIf(!TMUX)('12.11 restore in a real terminal', () => {
  it('shows both files, waits for the answer, and restores on "y"', async () => {
    const dir = tempDir();
    const db = await renewDb(join(dir, 'renew.db'), fleetOf(3));
    const backup = await renewDb(join(dir, 'b.db'), fleetOf(1, '粤F'));
    copyFileSync(backup, join(dir, 'b-copy.db'));
    const session = newSession(
      `renew-restore-e2e-${process.pid}`,
      [`RENEW_DB=${quote(db)}`, `RENEW_TODAY=${quote('2026-12-05 10:00')}`, 'RENEW_LANG=en', 'NO_COLOR=1', quote(process.execPath), quote(BIN), 'restore', quote(backup), '; echo "EXIT=$?"; sleep 60'].join(' '),
    );
    const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-100', '-t', session);
    const shown = await waitUntil(screen, 'Replace it with the backup?');
    expect(shown).toContain(`now:    ${db}: vehicles 3, policies 3`);
    expect(shown).toContain(`backup: ${backup}: vehicles 1, policies 1`);
    tmux('send-keys', '-t', session, 'y', 'Enter');
    const done = await waitUntil(screen, 'EXIT=');
    expect(done).toContain(`Restored ${db} from ${backup}.`);
    expect(done).toContain('EXIT=0');
    const restored = new Sqlite(db, { readonly: true });
    expect(restored.prepare('select plate from vehicles').all()).toEqual([{ plate: '粤F10000' }]);
    restored.close();
  }, 30_000);
});
