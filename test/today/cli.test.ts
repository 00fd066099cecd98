/** End-to-end: the built binary (`npm run build` first) on temp databases. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { BIN, runCli } from '../helpers/cli.js';
import { makeTestContext, tempDir } from '../helpers/context.js';
import { seedCase, seedEvents } from '../helpers/seed-cases.js';

const env = (db: string, extra: Record<string, string> = {}) => ({ RENEW_DB: db, RENEW_TODAY: '2026-11-24 10:00', ...extra });
let small: string;

beforeAll(async () => {
  const ctx = await makeTestContext({ file: true });
  small = ctx.dbPath;
  await saveSetting(ctx.db, 'certified_insurers', '["中国人保"]', 'now'); // else every run warns that it is unset
  await seedCase(ctx.db, { plate: '粤A22222', owner: '李雷', phone: '13722223333', end: '2026-11-30', specialist: '小王' });
  const cb = await seedCase(ctx.db, { plate: '粤A11111', owner: '韩梅梅', phone: '13911112222', end: '2026-12-20', specialist: '小李' });
  await seedEvents(ctx.db, cb, [{ at: '2026-11-22 10:00:00', outcome: 'callback', nextAt: '2026-11-24 15:00' }]);
  await seedCase(ctx.db, { plate: '粤A44444', owner: '张伟', phone: '13544445555', end: '2026-11-20' });
  await ctx.store.close();
});

describe('renew today (built binary)', () => {
  it('prints the queue as tab-separated text when piped', () => {
    const r = runCli(['today', '--group', 'calls'], { env: env(small) });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.split('\t').slice(0, 4).join(' '))).toEqual([
      'group plate owner phone',
      'calls 粤A22222 李雷 13722223333',
      '',
    ]);
    expect(r.stderr).toBe('');
  });

  it('--json, --specialist and --explain', () => {
    const r = runCli(['today', '--json', '--specialist', '小李'], { env: env(small) });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.callbacks.map((e: { plate: string }) => e.plate), doc.calls, doc.lapsed]).toEqual([['粤A11111'], [], []]);
    const x = runCli(['today', '--explain', '粤A22222', '--json'], { env: env(small) });
    expect(x.code).toBe(0);
    expect(JSON.parse(x.stdout)).toMatchObject({ plate: '粤A22222', group: 'calls', priority: 82 });
  });

  it('rejects an unknown --group before touching the database (exit 64)', () => {
    const db = join(tempDir(), 'never.db');
    const r = runCli(['today', '--group', 'everyone'], { env: env(db) });
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('error: There is no group "everyone". Groups: callbacks, calls, sms, lapsed\n');
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('rejects a malformed --date (exit 64, a usage error) and writes nothing', () => {
    const db = join(tempDir(), 'never.db');
    for (const bad of ['2026-02-30', '24/11/2026']) {
      const r = runCli(['today', '--date', bad], { env: env(db) });
      expect(r.code).toBe(64);
      expect(r.stderr).toBe(`error: --date "${bad}" is not a date (use YYYY-MM-DD).\n`);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('a missing database says how to create one and creates nothing', () => {
    const db = join(tempDir(), 'missing.db');
    const r = runCli(['today'], { env: env(db) });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: No database at ${db}.`);
    expect(r.stderr).toContain('renew import');
    expect(r.stderr).toContain('renew demo');
    expect(existsSync(db)).toBe(false);
  });

  it('an empty database says how to import', () => {
    const db = join(tempDir(), 'empty.db');
    expect(runCli(['settings'], { env: env(db) }).code).toBe(0); // creates the schema only
    const r = runCli(['today'], { env: env(db) });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.stderr).toContain('renew import');
  });

  it('`renew today | head -1` ends quietly (EPIPE), also with output far past a pipe buffer', () => {
    const dir = tempDir();
    const db = join(dir, 'demo.db');
    expect(runCli(['demo', '--vehicles', '3000'], { env: env(db) }).code).toBe(0);
    expect(runCli(['today', '--json'], { env: env(db) }).stdout.length).toBeGreaterThan(150_000);
    for (const args of ['today', 'today --json', 'today --csv']) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" ${args} | head -1; echo "renew exit \${PIPESTATUS[0]}" >&2`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', LANG: 'en_US.UTF-8', ...env(db) },
      });
      expect(r.stdout).toMatch(/^(group\t|\{|\uFEFFgroup,)/);
      expect(r.stdout.split('\n')).toHaveLength(2);
      expect(r.stderr.replace(/^A long list.*\n/, '')).toBe('renew exit 0\n');
    }
  });
});

describe('renew sms (built binary)', () => {
  it('--out writes the platform CSV, --mark-sent records it, a second run has nothing', async () => {
    const ctx = await makeTestContext({ file: true });
    await seedCase(ctx.db, { plate: '粤A22222', owner: '李雷', phone: '13722223333', idNo: '440106199001011234', end: '2026-12-30', specialist: '小王' });
    await ctx.store.close();
    expect(runCli(['settings', 'specialist_phones', '{"小王":"13900001111"}'], { env: env(ctx.dbPath) }).code).toBe(0);
    expect(runCli(['settings', 'store_name', '天河4S店'], { env: env(ctx.dbPath) }).code).toBe(0); // the placeholder name is refused
    const out = join(tempDir(), 'batch.csv');
    const r = runCli(['sms', '--out', out, '--mark-sent'], { env: env(ctx.dbPath) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Wrote 1 message(s) to ${out}.\nRecorded 1 message(s) as sent.\n`);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toBe('\uFEFFphone,message\r\n13722223333,【天河4S店】李雷先生您好，爱车粤A22222车险12月30日到期，为免脱保请联系续保专员小王13900001111办理。回复T退订\r\n');
    const again = runCli(['sms', '--mark-sent'], { env: env(ctx.dbPath) });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('No renewal SMS to send on 2026-11-24.\n');
  });

  it('has help with examples', () => {
    for (const command of ['today', 'sms']) {
      const r = runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain(`renew ${command}`);
    }
  });
});
