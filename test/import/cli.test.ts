/** End-to-end: the built binary (`npm run build` first; `npm test` does it). */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { BIN, runCli } from '../helpers/cli.js';
import { makeTestContext, tempDir } from '../helpers/context.js';
import { HEADER, policyRow } from '../reliability/csv-gen.js';
import { counts, fixture, run } from './helpers.js';

const env = (db: string) => ({ RENEW_DB: db, RENEW_TODAY: '2026-11-24', RENEW_LANG: 'en' });

describe('renew import (built binary)', () => {
  it('imports, prints the exact --json shape, and is idempotent', () => {
    const db = join(tempDir(), 'renew.db');
    const file = fixture('policies-gbk.csv');
    const first = runCli(['import', file, '--json'], { env: env(db) });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('{\n  "rows": 4,\n  "imported": 4,\n  "updated": 0,\n  "unchanged": 0,\n  "rejected": 0,\n  "warnings": 0,\n  "rejects_file": null,\n  "warnings_file": null\n}\n');
    expect(first.stderr).toBe(`${file} (gb18030, one policy per row): 4 rows, 4 new, 0 updated, 0 unchanged, 0 rejected, 0 with warnings.\n`);
    const again = runCli(['import', file, '--json'], { env: env(db) });
    expect(JSON.parse(again.stdout)).toEqual({ rows: 4, imported: 0, updated: 0, unchanged: 4, rejected: 0, warnings: 0, rejects_file: null, warnings_file: null });
  });

  it('exit 2 when some rows are rejected (masked values on stderr), 1 when nothing is imported', () => {
    const db = join(tempDir(), 'renew.db');
    const file = fixture('bad-rows.csv');
    const r = runCli(['import', file], { env: env(db) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  line 5 保费: premium is not an amount (九百)');
    expect(r.stderr).toContain('联系电话: not a valid mobile or landline number; left empty, the rest of the row imported (a stored value is kept): 1 rows\n  lines 6: ***45\n');
    expect(r.stderr).toContain('身份证号: Excel turned it into scientific notation');
    expect(r.stderr).toContain(`Rejected rows written to ${file}.rejects.csv`);
    expect(r.stderr).toContain(`Rows with warnings written to ${file}.warnings.csv`);
    expect(r.stderr).not.toContain('13812345678');
    expect(r.stderr).toContain('身份证号: check character or birth date is wrong (imported anyway; please verify): 1 rows\n  lines 16: 440***********1234\n');
    expect(statSync(`${file}.rejects.csv`).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.warnings.csv`).mode & 0o777).toBe(0o600);

    const strict = runCli(['import', fixture('bad-rows.csv'), '--strict', '--json'], { env: env(join(tempDir(), 'renew.db')) });
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ rows: 17, imported: 0, rejected: 17 });
  });

  it('a file whose only problems are warnings exits 0: every vehicle in, damaged details empty, warnings counted and written', () => {
    const db = join(tempDir(), 'renew.db');
    // The trial file: Excel turned every ID number (and some phones) into scientific notation; the export ends with a totals row.
    const rows = Array.from({ length: 31 }, (_, i) => `粤A${20001 + i},客户${i},4.40104E+17,${i % 2 ? '1.38123E+10' : `1381234${String(5000 + i)}`},交强险,950,2026-12-${String(1 + (i % 28)).padStart(2, '0')}`);
    const file = join(tempDir(), 'excel.csv');
    writeFileSync(file, `车牌号,车主,身份证号,联系电话,险种,保费,保险止期\n${rows.join('\n')}\n合计,,,,,29450,\n`);
    const r = runCli(['import', file, '--json'], { env: env(db) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ rows: 31, imported: 31, updated: 0, unchanged: 0, rejected: 0, warnings: 31, rejects_file: null, warnings_file: `${file}.warnings.csv` });
    expect(r.stderr).toContain('31 rows, 31 new, 0 updated, 0 unchanged, 0 rejected, 31 with warnings.\n');
    expect(r.stderr).toContain('Line 33 is a totals row; skipped.\n');
    expect(r.stderr).toContain('身份证号: Excel turned it into scientific notation and the digits are lost; format the column as Text and export again; left empty, the rest of the row imported (a stored value is kept): 31 rows\n');
    expect(existsSync(`${file}.rejects.csv`)).toBe(false);
    const warned = readFileSync(`${file}.warnings.csv`, 'utf8').split('\r\n');
    expect(warned[0]).toBe('\uFEFFline,field,reason,车牌号,车主,身份证号,联系电话,险种,保费,保险止期');
    expect(warned[2]).toMatch(/^3,联系电话 \/ 身份证号,"Excel turned it [^"]*; Excel turned it [^"]*",粤A20002,客户1,4\.40104E\+17,1\.38123E\+10,交强险,950,2026-12-02$/);
    expect(warned.length).toBe(33);
    const sqlite = new Sqlite(db, { readonly: true });
    expect(sqlite.prepare('select count(*) n, count(id_no) ids, count(phone) phones from vehicles').get()).toEqual({ n: 31, ids: 0, phones: 16 });
    sqlite.close();
  });

  it('premiums outside the sane range are row errors (exit 2); nothing non-finite reaches the database', () => {
    const db = join(tempDir(), 'renew.db');
    const file = join(tempDir(), 'premiums.csv');
    const premiums = ['-5000', '1e20', '9'.repeat(400), '13812345678', '3200'];
    writeFileSync(file, `车牌号,险种,保费,保险止期\n${premiums.map((p, i) => `粤A3000${i},商业险,${p},2026-12-05`).join('\n')}\n`);
    const r = runCli(['import', file, '--json'], { env: env(db) });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 5, imported: 1, rejected: 4, warnings: 0 });
    expect(r.stderr).toContain('  line 2 保费: premium must be more than 0 and at most the max_premium_yuan setting (default 1,000,000 yuan) (-5000)');
    const sqlite = new Sqlite(db, { readonly: true });
    expect(sqlite.prepare('select premium_cents from policies').all()).toEqual([{ premium_cents: 320000 }]);
    expect(sqlite.prepare('select last_premium_cents from renewal_cases').all()).toEqual([{ last_premium_cents: 320000 }]);
    sqlite.close();
  });

  it('an unusable file: one line naming it, exit 1; several files: an array and the others still import', () => {
    const db = join(tempDir(), 'renew.db');
    const bad = join(tempDir(), 'notes.csv');
    writeFileSync(bad, '姓名,电话\n张三,13812345678\n');
    const one = runCli(['import', bad], { env: env(db) });
    expect(one.code).toBe(1);
    expect(one.stderr).toBe(`error: ${bad} has no plate column (headers accepted: 车牌号/车牌号码/车牌/plate_no/license_plate); nothing imported.\nhint: If your headers differ, name them with --map "your header=field", e.g. --map "牌照号=plate".\n`);
    const good = fixture('vehicles.csv');
    const two = runCli(['import', good, bad, '--json'], { env: env(db) });
    expect(two.code).toBe(2);
    expect(JSON.parse(two.stdout)).toEqual([
      { file: good, rows: 3, imported: 3, updated: 0, unchanged: 0, rejected: 0, warnings: 0, rejects_file: null, warnings_file: null },
      { file: bad, rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0, rejects_file: null, warnings_file: null, error: 'import.noPlateColumn' },
    ]);
  });

  it('--dry-run writes nothing; bad --encoding and --map are usage errors (64); --help has examples', () => {
    const db = join(tempDir(), 'renew.db');
    const dry = runCli(['import', fixture('policies.csv'), '--dry-run'], { env: env(db) });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('dry run, nothing written. 4 rows: would add 4');
    const sqlite = new Sqlite(db);
    expect(sqlite.prepare('select count(*) as n from policies').get()).toEqual({ n: 0 });
    sqlite.close();
    expect(runCli(['import', fixture('policies.csv'), '--encoding', 'latin1'], { env: env(db) }).code).toBe(64);
    expect(runCli(['import', fixture('policies.csv'), '--map', 'x=nonsense'], { env: env(db) }).code).toBe(64);
    const help = runCli(['import', '--help'], { env: env(db) });
    expect(help.stdout).toContain('renew import 保单导出.csv --dry-run');
    expect(help.stdout).toContain('--map <header=field>');
  });

  it('a file of 4 MB or more is parsed on a worker thread: same counts, rejects and rows as parsing in-thread', async () => {
    // Without the built worker script the importer would quietly parse in-thread.
    expect(existsSync(join(BIN, '..', '..', 'dist', 'parse-worker.js'))).toBe(true);
    // 45,000 rows: bad ones (end dates), some with warnings (phones), a blank line and a quoted cell among them; every 50th vehicle again at the
    // end (apart from its first run of rows) with last year's policy, which this year's renews.
    const lines = [HEADER.join(',')];
    for (let i = 0; i < 45_000; i++) {
      const row = policyRow(i);
      if (i % 997 === 5) row[2] = 'not-a-phone';
      if (i % 1999 === 7) row[9] = '2027-02-30';
      if (i % 3001 === 11) row[1] = `"客户, ${i}"`;
      lines.push(row.join(','));
      if (i === 20_000) lines.push('');
    }
    for (let i = 0; i < 45_000; i += 50) {
      const row = policyRow(i);
      row[5] = `PY${i}`;
      row[8] = row[8]!.replace('2026-', '2025-');
      row[9] = row[9]!.replace('2027-', '2026-');
      lines.push(row.join(','));
    }
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(statSync(file).size).toBeGreaterThanOrEqual(4 << 20);

    const db = join(dir, 'worker.db');
    const built = runCli(['import', file, '--json'], { env: { ...env(db), RENEW_TODAY: '2026-11-24 00:00' } });
    const builtRejects = readFileSync(`${file}.rejects.csv`, 'utf8');
    const builtWarnings = readFileSync(`${file}.warnings.csv`, 'utf8');
    const ctx = await makeTestContext({ file: true, now: '2026-11-24 00:00', lang: 'en' });
    const inThread = await run(ctx, file);
    expect(built.code).toBe(2);
    expect(JSON.parse(built.stdout)).toEqual({ ...counts(inThread), warnings: inThread.warnings, rejects_file: `${file}.rejects.csv`, warnings_file: `${file}.warnings.csv` });
    expect(inThread).toMatchObject({ rows: 45_900, rejected: 23, warnings: 46, renewed: 899 });
    expect(readFileSync(`${file}.rejects.csv`, 'utf8')).toBe(builtRejects);
    // Rows with warnings carry their cells across from the worker: the same warnings file.
    expect(readFileSync(`${file}.warnings.csv`, 'utf8')).toBe(builtWarnings);
    const worker = new Sqlite(db, { readonly: true });
    for (const table of ['vehicles', 'policies', 'renewal_cases', 'events', 'imports']) {
      const all = `select * from ${table} order by id`;
      expect([table, worker.prepare(all).all()]).toEqual([table, ctx.sqlite.prepare(all).all()]);
    }
    worker.close();
    await ctx.store.close();
  });

  it.skipIf(process.platform !== 'linux').each([
    ['into a store that holds policies (WAL)', true],
    ['a first load into an empty store (rollback journal)', false],
  ])('a process killed mid-import leaves the database unchanged: %s', async (_name, stocked) => {
    const dir = tempDir();
    const db = join(dir, 'renew.db');
    // Enough rows that the import is still running when it is killed, and over 10 MB (a bulk load;
    // the remark column is ignored).
    const rows = ['车牌号,险种类型,保单号,保费,起保日期,保险止期,备注'];
    const remark = '续保提醒'.repeat(20);
    for (let i = 0; i < 100_000; i++) rows.push(`粤A${String(i % 100000).padStart(5, '0')},${i % 2 ? '商业险' : '交强险'},K${i},950,2025-12-06,2026-12-05,${remark}`);
    const file = join(dir, 'big.csv');
    writeFileSync(file, rows.join('\n'));
    if (stocked) expect(runCli(['import', fixture('vehicles.csv')], { env: env(db) }).code).toBe(0);
    else await (await openStore(db, { create: true })).close();

    const child = spawn(process.execPath, [BIN, 'import', file], { env: { ...process.env, ...env(db) }, stdio: 'ignore' });
    // Kill once the reader is past 24 MB of the 29: it runs a few MB ahead of the writes (three
    // batches and the stream's buffer), so over 50,000 rows are in, the bulk load has dropped its
    // indexes, and nothing is committed.
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (readPosition(child.pid as number, file) >= 24_000_000) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 30_000 || child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error('import finished or never started before it could be killed'));
        }
      }, 2);
    });
    await new Promise((r) => child.on('close', r));
    // A first load writes without WAL: the killed run leaves a hot journal, which the next reader rolls back.
    expect(existsSync(`${db}-journal`)).toBe(!stocked);
    const sqlite = new Sqlite(db);
    expect(sqlite.prepare('select count(*) as n from policies').get()).toEqual({ n: stocked ? 4 : 0 });
    expect(sqlite.prepare('select count(*) as n from vehicles').get()).toEqual({ n: stocked ? 3 : 0 });
    expect(sqlite.prepare('select count(*) as n from imports').get()).toEqual({ n: stocked ? 1 : 0 });
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    sqlite.close();
    expect(existsSync(`${file}.rejects.csv`)).toBe(false);
    // The next command finds the store in WAL mode again and imports the file whole.
    expect(runCli(['import', file, '--json'], { env: env(db) }).code).toBe(0);
    const after = new Sqlite(db);
    expect(after.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(after.prepare('select count(*) as n from policies').get()).toEqual({ n: stocked ? 100_004 : 100_000 });
    after.close();
  });
});

/** How far process `pid` has read `file` (Linux /proc), 0 when it has not opened it. */
function readPosition(pid: number, file: string): number {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== file) continue;
      const m = /^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      return m ? Number(m[1]) : 0;
    }
  } catch {
    /* the process is starting or gone */
  }
  return 0;
}
