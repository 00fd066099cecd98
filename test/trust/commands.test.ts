/** backup, restore, doctor, purge, backupBeforeImport and the filesystem probe. */
import { sqliteMaintenance } from '../../src/storage/sqlite/maintenance.js';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupBeforeImport, backupDatabase, defaultBackupPath, snapshotTo } from '../../src/features/trust/backup.js';
import { runDoctor } from '../../src/features/trust/doctor.js';
import { mountFor, networkFilesystem } from '../../src/features/trust/filesystem.js';
import { purgeCandidates, purgePersonalData } from '../../src/features/trust/purge.js';
import { restoreDatabase } from '../../src/features/trust/restore.js';
import { checkBackup } from '../../src/storage/sqlite/restore.js';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { SCHEMA_VERSION } from '../../src/storage/sqlite/migrations/index.js';
import { runCli } from '../helpers/cli.js';
import { CTRL_C, makeTestContext, tempDir } from '../helpers/context.js';
import { dumpTables, idOf, phoneOf, seed, type SeedVehicle } from './seed.js';

const FLEET: SeedVehicle[] = [
  // 0: lost long ago -> purgeable before 2025-01-01
  { plate: '粤A10000', due: '2024-03-01', events: [{ outcome: 'no_answer', at: '2024-02-01 10:00:00', note: '车主说13800138000找他老婆' }, { outcome: 'lost', at: '2024-02-05 10:00:00', reason: 'price', note: '嫌贵' }] },
  // 1: renewed long ago -> purgeable
  { plate: '粤A10001', due: '2024-05-01', events: [{ outcome: 'renewed', at: '2024-04-20 10:00:00' }] },
  // 2: still open -> kept
  { plate: '粤A10002', due: '2024-06-01', events: [{ outcome: 'callback', at: '2024-05-20 10:00:00', note: '下周再打' }] },
  // 3: lost, but after the cut-off -> kept
  { plate: '粤A10003', due: '2025-03-01', events: [{ outcome: 'lost', at: '2025-02-01 10:00:00', reason: 'sold' }] },
  // 4: current open case
  { plate: '粤A10004', due: '2026-12-20' },
];

describe('backup', () => {
  it('writes a time-stamped owner-only snapshot beside the database that holds the same data', async () => {
    const ctx = await makeTestContext({ file: true });
    await seed(ctx.db, FLEET);
    const result = backupDatabase(ctx, undefined);
    expect(result.path).toBe(join(ctx.dbPath, '..', 'renew-backup-20261124-100000.db'));
    expect(statSync(result.path).mode & 0o777).toBe(0o600);
    const copy = new Sqlite(result.path, { readonly: true });
    expect(dumpTables(copy)).toEqual(dumpTables(ctx.sqlite));
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    // The same second again: refused without --force, replaced with it.
    expect(() => backupDatabase(ctx, undefined)).toThrow(expect.objectContaining({ key: 'errors.fileExists' }));
    expect(backupDatabase(ctx, undefined, { force: true }).path).toBe(result.path);
    expect(readdirSync(join(ctx.dbPath, '..')).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses to write over the database itself, and an in-memory database needs a file name', async () => {
    const ctx = await makeTestContext({ file: true });
    expect(() => backupDatabase(ctx, ctx.dbPath, { force: true })).toThrow(expect.objectContaining({ key: 'trust.backup.sameFile' }));
    const mem = await makeTestContext();
    expect(() => backupDatabase(mem, undefined)).toThrow(expect.objectContaining({ key: 'trust.backup.needFile' }));
    const target = join(tempDir(), 'mem.db');
    expect(backupDatabase(mem, target).path).toBe(target);
  });

  it('names default backups after the database file', () => {
    expect(defaultBackupPath('/data/store.sqlite', new Date(2026, 0, 2, 3, 4, 5))).toBe('/data/store-backup-20260102-030405.sqlite');
    expect(defaultBackupPath('/data/renew', new Date(2026, 0, 2, 3, 4, 5), 'before-import')).toBe('/data/renew-before-import-20260102-030405.db');
  });

  it('end to end: renew backup prints where, --json the path and size', async () => {
    const dir = tempDir();
    const db = join(dir, 'renew.db');
    expect(runCli(['settings', 'store_name', '天河店'], { env: { RENEW_DB: db } }).code).toBe(0);
    const r = runCli(['backup', join(dir, 'b.db'), '--json'], { env: { RENEW_DB: db } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ path: join(dir, 'b.db'), bytes: statSync(join(dir, 'b.db')).size });
    expect(r.stderr).toMatch(/^Backed up to .*b\.db \(\d+\.\d KB\)\.\n$/);
    const again = runCli(['backup', join(dir, 'b.db')], { env: { RENEW_DB: db } });
    expect(again).toEqual({ code: 1, stdout: '', stderr: `error: ${join(dir, 'b.db')} already exists; not overwritten.\nhint: Choose another name, or add --force to overwrite it.\n` });
  });
});

describe('backupBeforeImport', () => {
  it('backs up a non-empty database before a large file, not before a small one or into an empty database', async () => {
    const ctx = await makeTestContext({ file: true });
    await saveSetting(ctx.db, 'backup_before_import_rows', '1000', '2026-11-24 10:00:00');
    expect(await backupBeforeImport(ctx, 10_000_000)).toBeNull(); // empty database: nothing to lose
    await seed(ctx.db, FLEET);
    expect(await backupBeforeImport(ctx, 99_000)).toBeNull(); // ~990 rows
    const made = await backupBeforeImport(ctx, 100_000); // ~1,000 rows
    expect(made?.path).toBe(join(ctx.dbPath, '..', 'renew-before-import-20261124-100000.db'));
    expect(ctx.stderr.text).toBe(`导入前已自动备份数据库：${made?.path}（${((made?.bytes ?? 0) / 1024).toFixed(1)} KB）。\n`);
    // Twice in the same second: a second name, never a clash.
    const second = await backupBeforeImport(ctx, 100_000);
    expect(second?.path).toBe(join(ctx.dbPath, '..', 'renew-before-import-20261124-100000-2.db'));
  });

  it('with the default setting (50,000 rows) a 1 MB file is not backed up and a 5 MB one is', async () => {
    const ctx = await makeTestContext({ file: true });
    await seed(ctx.db, FLEET);
    expect(await backupBeforeImport(ctx, 1_000_000)).toBeNull();
    expect(await backupBeforeImport(ctx, 5_000_000)).not.toBeNull();
  });
});

describe('restore', () => {
  it('checks the backup, keeps the current database, and brings the backup back exactly', async () => {
    const ctx = await makeTestContext({ file: true });
    await seed(ctx.db, FLEET.slice(0, 2));
    const backup = snapshotTo(ctx.store, join(tempDir(), 'b.db'));
    const atBackup = dumpTables(ctx.sqlite);
    await seed(ctx.db, FLEET.slice(2));
    const beforeRestore = dumpTables(ctx.sqlite);
    await ctx.store.close();

    const result = await restoreDatabase(sqliteMaintenance(ctx.dbPath), backup.path, ctx.now());
    expect(result).toEqual({ from: backup.path, keptAs: join(ctx.dbPath, '..', 'renew-before-restore-20261124-100000.db'), backupSchema: SCHEMA_VERSION, schema: SCHEMA_VERSION });
    const restored = new Sqlite(ctx.dbPath);
    expect(dumpTables(restored)).toEqual(atBackup);
    expect(restored.pragma('journal_mode', { simple: true })).toBe('wal');
    restored.close();
    const kept = new Sqlite(result.keptAs as string, { readonly: true });
    expect(dumpTables(kept)).toEqual(beforeRestore);
    kept.close();
    expect(statSync(result.keptAs as string).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged file, a non-renew file, a newer schema and a missing file, and changes nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'renew.db');
    (await openStore(db, { create: true })).close();
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'not a database at all'.repeat(300));
    await expect(restoreDatabase(sqliteMaintenance(db), garbage, new Date())).rejects.toMatchObject({ key: 'errors.notADatabase' });
    const other = join(dir, 'other.db');
    new Sqlite(other).exec('create table t (x)');
    await expect(restoreDatabase(sqliteMaintenance(db), other, new Date())).rejects.toMatchObject({ key: 'trust.restore.notRenew' });
    const newer = join(dir, 'newer.db');
    const n = new Sqlite(other);
    n.exec(`vacuum into '${newer}'`);
    n.close();
    const nn = new Sqlite(newer);
    nn.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    nn.close();
    await expect(restoreDatabase(sqliteMaintenance(db), newer, new Date())).rejects.toMatchObject({ key: 'errors.databaseTooNew', vars: { found: SCHEMA_VERSION + 5, known: SCHEMA_VERSION } });
    await expect(restoreDatabase(sqliteMaintenance(db), join(dir, 'nope.db'), new Date())).rejects.toMatchObject({ key: 'trust.restore.notFound' });
    expect(readdirSync(dir).sort()).toEqual(['garbage.db', 'newer.db', 'other.db', 'renew.db']);
  });

  it('a damaged page in the backup is caught by the integrity check', async () => {
    const ctx = await makeTestContext({ file: true });
    await seed(ctx.db, Array.from({ length: 200 }, (_, i) => ({ plate: `粤B${String(10000 + i)}`, due: '2026-12-01' })));
    const path = snapshotTo(ctx.store, join(tempDir(), 'b.db')).path;
    const raw = new Sqlite(path);
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    // A page of the vehicles table that holds rows: the page in the middle of the file may be an empty
    // index's leaf (0007 added tables), where scribbling past the header changes nothing SQLite reads.
    const leaves = raw.prepare(`select pageno from dbstat where name = 'vehicles' and pagetype = 'leaf' and ncell > 0 order by pageno`).all() as { pageno: number }[];
    const page = (leaves[Math.floor(leaves.length / 2)] as { pageno: number }).pageno;
    raw.close();
    // Scribble over the middle of that table page (not the header) so SQLite opens the file but finds damage.
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(2000, 0x41), 0, 2000, (page - 1) * pageSize + 100);
    closeSync(fd);
    await expect(checkBackup(path)).rejects.toMatchObject({ key: expect.stringMatching(/^(trust\.restore\.damaged|errors\.notADatabase)$/) });
  });

  it('a database SQLite cannot read is kept byte for byte and replaced', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.db');
    const store = await openStore(good, { create: true });
    await seed(store.db, FLEET.slice(0, 1));
    const expected = dumpTables(store.sqlite);
    await store.close();
    const db = join(dir, 'renew.db');
    writeFileSync(db, 'corrupted'.repeat(1000), { mode: 0o600 });
    const result = await restoreDatabase(sqliteMaintenance(db), good, new Date(2026, 10, 24, 9, 0, 0));
    expect(result.keptAs).toBe(join(dir, 'renew-before-restore-20261124-090000.db'));
    expect(statSync(result.keptAs as string).size).toBe(9000);
    const restored = new Sqlite(db);
    expect(dumpTables(restored)).toEqual(expected);
    restored.close();
  });

  it('end to end: restore into a missing database creates it from the backup', () => {
    const dir = tempDir();
    expect(runCli(['settings', 'store_name', '天河店'], { env: { RENEW_DB: join(dir, 'a.db') } }).code).toBe(0);
    expect(runCli(['backup', join(dir, 'b.db')], { env: { RENEW_DB: join(dir, 'a.db') } }).code).toBe(0);
    const r = runCli(['restore', join(dir, 'b.db')], { env: { RENEW_DB: join(dir, 'new.db') } });
    expect(r).toEqual({ code: 0, stdout: '', stderr: `Restored ${join(dir, 'new.db')} from ${join(dir, 'b.db')}.\n` });
    expect(JSON.parse(runCli(['settings', 'store_name', '--json'], { env: { RENEW_DB: join(dir, 'new.db') } }).stdout)).toEqual({ store_name: '天河店' });
    expect(statSync(join(dir, 'new.db')).mode & 0o777).toBe(0o600);
  });
});

describe('doctor', () => {
  it('a healthy database: every check ok, counts, exit 0', async () => {
    const ctx = await makeTestContext({ file: true });
    await seed(ctx.db, FLEET);
    const probe = { statfsType: () => 0xef53, mounts: () => undefined };
    expect((await runDoctor(sqliteMaintenance(ctx.dbPath), { probe })).checks.at(-1)).toMatchObject({ check: 'certified_insurers', status: 'warning', key: 'call.certifiedUnset' });
    await saveSetting(ctx.db, 'certified_insurers', '["中国人保"]', 'now');
    const report = await runDoctor(sqliteMaintenance(ctx.dbPath), { probe });
    expect(report.verdict).toBe('ok');
    expect(report.checks.map((c) => `${c.check}:${c.status}`)).toEqual([
      'permissions:ok', 'filesystem:ok', 'integrity:ok', 'foreign_keys:ok',
      'pragma.journal_mode:ok', 'pragma.busy_timeout:ok', 'pragma.foreign_keys:ok', 'pragma.synchronous:ok', 'schema:ok', 'schema_objects:ok', 'settings:ok', 'case_copies:ok',
    ]);
    expect(report.counts).toEqual({ vehicles: 5, purged_vehicles: 0, policies: 5, cases_open: 2, cases_renewed: 1, cases_lost: 2, events: 5, imports: 0 });
    expect(report.size_bytes).toBeGreaterThan(0);
  });

  it('finds loose permissions, a network share, a broken foreign key and an old schema', async () => {
    const ctx = await makeTestContext({ file: true });
    await seed(ctx.db, FLEET.slice(0, 1));
    ctx.sqlite.pragma('foreign_keys = off');
    ctx.sqlite.exec('update events set case_id = 999');
    ctx.sqlite.pragma('user_version = 1');
    await ctx.store.close();
    chmodSync(ctx.dbPath, 0o644);
    const report = await runDoctor(sqliteMaintenance(ctx.dbPath), { probe: { statfsType: () => 0x6969, mounts: () => undefined } });
    const byCheck = Object.fromEntries(report.checks.map((c) => [c.check, c]));
    expect(byCheck.permissions).toMatchObject({ status: 'problem', key: 'trust.doctor.permissionsLoose', vars: { files: `${ctx.dbPath} (644)` } });
    expect(byCheck.filesystem).toMatchObject({ status: 'warning', vars: { fs: 'nfs' } });
    expect(byCheck.foreign_keys).toMatchObject({ status: 'problem', vars: { count: 2, first: 'events#1 -> renewal_cases; events#2 -> renewal_cases' } });
    expect(byCheck.schema).toMatchObject({ status: 'warning', vars: { version: 1, known: SCHEMA_VERSION } });
    // Version 1 on the tables of the latest version: not what migration 1 makes.
    expect(byCheck.schema_objects).toMatchObject({ status: 'problem', key: 'trust.doctor.schemaObjectsBad' });
    expect(report).toMatchObject({ verdict: 'problems', problems: 3, warnings: 2 });
  });

  it('finds cases out of step with their vehicle and, with --repair, brings them back in step', async () => {
    const ctx = await makeTestContext({ file: true });
    await seed(ctx.db, FLEET);
    await saveSetting(ctx.db, 'certified_insurers', '["中国人保"]', 'now');
    ctx.sqlite.exec("update vehicles set specialist = '小李' where plate = '粤A10004'; update renewal_cases set vehicle_next_contact_at = '2030-01-01 09:00' where plate = '粤A10000'");
    await ctx.store.close();
    const probe = { statfsType: () => 0xef53, mounts: () => undefined };
    const found = await runDoctor(sqliteMaintenance(ctx.dbPath), { probe });
    expect(found.checks.find((c) => c.check === 'case_copies')).toMatchObject({ status: 'problem', key: 'trust.doctor.caseCopiesStale', vars: { count: 2 } });
    const repaired = await runDoctor(sqliteMaintenance(ctx.dbPath), { probe, repair: true });
    expect(repaired.checks.find((c) => c.check === 'case_copies')).toMatchObject({ status: 'ok', key: 'trust.doctor.caseCopiesRepaired', vars: { count: 2, vehicles: 2 } });
    expect((await runDoctor(sqliteMaintenance(ctx.dbPath), { probe })).verdict).toBe('ok');
    const store = await openStore(ctx.dbPath);
    expect(await store.db.selectFrom('renewal_cases').select(['specialist', 'vehicle_next_contact_at']).where('plate', 'in', ['粤A10004', '粤A10000']).orderBy('plate').execute()).toEqual([
      { specialist: '小王', vehicle_next_contact_at: null },
      { specialist: '小李', vehicle_next_contact_at: null },
    ]);
    await store.close();
  });

  it('end to end: a file that is not a database gives a verdict and exit 2; --json is parseable', () => {
    const dir = tempDir();
    const db = join(dir, 'renew.db');
    writeFileSync(db, 'x'.repeat(5000), { mode: 0o600 });
    const r = runCli(['doctor'], { env: { RENEW_DB: db } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      `Database ${db}\n  [ok] Database files (1) are readable by their owner only.\n  [ok] The database is on a local disk.\n` +
        `  [PROBLEM] ${db} is not a renew database (or it is damaged).\n  Size: 4.9 KB\nVerdict: problems found: 1; see above for what to do.\n`,
    );
    expect(r.stderr).toBe('error: The database check found problems: 1.\n');
    expect(runCli(['settings'], { env: { RENEW_DB: join(dir, 'ok.db') } }).code).toBe(0);
    const j = runCli(['doctor', '--json'], { env: { RENEW_DB: join(dir, 'ok.db') } });
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ verdict: 'warnings', problems: 0, warnings: 1, schema_version: SCHEMA_VERSION, counts: { vehicles: 0 } }); // certified_insurers unset
  });
});

describe('network filesystems', () => {
  const mounts = ['/dev/vda / ext4 rw 0 0', 'server:/export /mnt/nfs nfs4 rw 0 0', 'me@host: /mnt/ssh\\040dir fuse.sshfs rw 0 0', 'ntfs /mnt/win fuse.ntfs-3g rw 0 0'].join('\n');
  it.each([
    [0x6969, '/srv/renew.db', 'nfs'],
    [0xff534d42, '/srv/renew.db', 'cifs'],
    [0xfe534d42, '/srv/renew.db', 'smb2'],
    [0xef53, '/srv/renew.db', null],
    [0x65735546, '/mnt/ssh dir/renew.db', 'fuse.sshfs'],
    [0x65735546, '/mnt/win/renew.db', null],
    [undefined, '/mnt/nfs/x/renew.db', 'nfs4'],
  ])('statfs type %s at %s -> %s', (type, path, expected) => {
    expect(networkFilesystem(path, { statfsType: () => type, mounts: () => mounts })).toBe(expected);
  });
  it('longest mount point wins', () => {
    expect(mountFor('/mnt/nfs/a', mounts)).toBe('nfs4');
    expect(mountFor('/mnt/nfsx', mounts)).toBe('ext4');
  });
});

describe('purge', () => {
  it('selects vehicles whose every case closed and fell due before the date', async () => {
    const ctx = await makeTestContext();
    await seed(ctx.db, FLEET);
    expect(await purgeCandidates(ctx.db, '2025-01-01')).toEqual([1, 2]);
    expect(await purgeCandidates(ctx.db, '2026-01-01')).toEqual([1, 2, 4]);
    expect(await purgeCandidates(ctx.db, '2024-04-01')).toEqual([1]);
    expect(await purgeCandidates(ctx.db, '2024-02-05')).toEqual([]); // closed on the 5th: not before it
  });

  it('clears personal fields and notes, keeps every row and count, and records when', async () => {
    const ctx = await makeTestContext({ answers: [true] });
    ctx.stdinIsTTY = true;
    await seed(ctx.db, FLEET);
    const countsBefore = await ctx.db.selectFrom('renewal_cases').select(['status', 'lost_reason', 'renewed_premium_cents', 'attempts']).orderBy('id').execute();
    const result = await purgePersonalData(ctx, '2025-01-01');
    expect(result).toEqual({ before: '2025-01-01', vehicles: 2, notes: 2, purged_at: '2026-11-24 10:00:00' });
    expect(ctx.prompter.asked.map((a) => a.message)).toEqual(['确定清除 2 辆车（2025-01-01 之前已结案）的车主姓名、电话、证件号、地址、车架号、发动机号和通话备注吗？此操作不能撤销。']);
    const vehicles = await ctx.db.selectFrom('vehicles').selectAll().orderBy('id').execute();
    expect(vehicles.map((v) => [v.plate, v.owner, v.insured, v.phone, v.id_no, v.address, v.vin, v.engine_no, v.model, v.purged_at])).toEqual([
      ['粤A10000', null, null, null, null, null, null, null, '大众朗逸', '2026-11-24 10:00:00'],
      ['粤A10001', null, null, null, null, null, null, null, '大众朗逸', '2026-11-24 10:00:00'],
      ['粤A10002', '车主2', '被保险人2', phoneOf(2), idOf(2), '广州市天河区2号', 'LSVAB4BR0EN100002', 'E1002', '大众朗逸', null],
      ['粤A10003', '车主3', '被保险人3', phoneOf(3), idOf(3), '广州市天河区3号', 'LSVAB4BR0EN100003', 'E1003', '大众朗逸', null],
      ['粤A10004', '车主4', '被保险人4', phoneOf(4), idOf(4), '广州市天河区4号', 'LSVAB4BR0EN100004', 'E1004', '大众朗逸', null],
    ]);
    const events = await ctx.db.selectFrom('events').select(['vehicle_id', 'outcome', 'reason', 'note']).orderBy('id').execute();
    expect(events).toEqual([
      { vehicle_id: 1, outcome: 'no_answer', reason: null, note: null },
      { vehicle_id: 1, outcome: 'lost', reason: 'price', note: null },
      { vehicle_id: 2, outcome: 'renewed', reason: null, note: null },
      { vehicle_id: 3, outcome: 'callback', reason: null, note: '下周再打' },
      { vehicle_id: 4, outcome: 'lost', reason: 'sold', note: null },
    ]);
    expect(await ctx.db.selectFrom('renewal_cases').select(['status', 'lost_reason', 'renewed_premium_cents', 'attempts']).orderBy('id').execute()).toEqual(countsBefore);
    // A second purge finds nothing new.
    expect((await purgePersonalData(ctx, '2025-01-01', { yes: true })).vehicles).toBe(0);
  });

  it('without a terminal and without --yes it refuses; a "no" or Ctrl-C changes nothing', async () => {
    const ctx = await makeTestContext({ answers: [false, CTRL_C] });
    await seed(ctx.db, FLEET);
    await expect(purgePersonalData(ctx, '2025-01-01')).rejects.toMatchObject({ key: 'trust.purge.needYes', vars: { count: 2 }, exitCode: 64 });
    ctx.stdinIsTTY = true;
    await expect(purgePersonalData(ctx, '2025-01-01')).rejects.toMatchObject({ key: 'errors.cancelled', exitCode: 130 });
    await expect(purgePersonalData(ctx, '2025-01-01')).rejects.toMatchObject({ key: 'errors.cancelled', exitCode: 130 });
    expect(await ctx.db.selectFrom('vehicles').select('id').where('purged_at', 'is not', null).execute()).toEqual([]);
    expect((await purgePersonalData(ctx, '2025-01-01', { dryRun: true })).vehicles).toBe(2);
  });

  it('end to end: refuses without --yes when piped; --yes --json purges', async () => {
    const dir = tempDir();
    const db = join(dir, 'renew.db');
    const store = await openStore(db, { create: true });
    await seed(store.db, FLEET);
    await store.close();
    const refused = runCli(['purge', '--before', '2025-01-01'], { env: { RENEW_DB: db } });
    expect(refused).toEqual({ code: 64, stdout: '', stderr: 'error: This would erase personal data of 2 vehicles. Without a terminal to confirm, add --yes.\n' });
    const bad = runCli(['purge', '--before', '2025-13-01', '--yes'], { env: { RENEW_DB: db } });
    expect(bad).toEqual({ code: 64, stdout: '', stderr: 'error: --before "2025-13-01" is not a date (use YYYY-MM-DD).\n' });
    const done = runCli(['purge', '--before', '2025-01-01', '--yes', '--json'], { env: { RENEW_DB: db, RENEW_TODAY: '2026-11-24 10:00' } });
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({ before: '2025-01-01', vehicles: 2, notes: 2, purged_at: '2026-11-24 10:00:00', dry_run: false });
    expect(done.stderr).toBe('Erased personal data (closed before 2025-01-01): vehicles 2, call notes 2. Vehicles, policies and the register remain; past reports add up as before.\n');
    expect(existsSync(db)).toBe(true);
  });
});
