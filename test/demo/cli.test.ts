/** End to end: the built binary (run `npm run build` first; `npm test` does). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';

const env = (db: string) => ({ RENEW_DB: db, RENEW_TODAY: '2026-11-24 10:00' });

describe('renew demo (built binary)', () => {
  it('writes a sample database, says what to try next, and refuses to write twice without --force', () => {
    const db = join(tempDir(), 'demo.db');
    const first = runCli(['demo', '--vehicles', '120', '--seed', '4', '--json'], { env: env(db) });
    expect(first.code).toBe(0);
    const counts = JSON.parse(first.stdout);
    expect(counts).toMatchObject({ db, vehicles: 120, replaced: 0 });
    const sqlite = new Sqlite(db, { readonly: true });
    const n = (table: string) => (sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
    expect([n('policies'), n('renewal_cases'), n('events')]).toEqual([counts.policies, counts.cases, counts.events]);
    const plate = /renew call (\S+)/.exec(first.stderr)?.[1] as string;
    const c = sqlite.prepare('select c.status, c.due_date from renewal_cases c join vehicles v on v.id = c.vehicle_id where v.plate = ? order by c.due_date limit 1').get(plate) as { status: string; due_date: string };
    sqlite.close();
    expect(c.status).toBe('open');
    expect(c.due_date >= '2026-11-24' && c.due_date <= '2027-01-08').toBe(true);
    // The commands are padded to one width (the plate's Chinese character counts double).
    const call = `renew call ${plate}`.padEnd(21);
    expect(first.stderr).toBe(
      `Wrote sample data to ${db}: 120 vehicles, ${counts.policies} policies, ${counts.cases} renewal cases, ${counts.events} register entries.\n` +
        'What to look at next:\n' +
        "  renew today           # today's SMS to send, calls to make, promised callbacks and lapsed customers\n" +
        `  ${call}# call this customer and record the outcome with the script\n` +
        "  renew report --month  # last month's renewals against target, loss reasons and what to do about them\n",
    );

    const again = runCli(['demo', '--vehicles', '50'], { env: { ...env(db), RENEW_LANG: 'zh-CN' } });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `错误: 数据库 ${db} 里已有 120 辆车，示例数据没有写入。\n` +
        '提示: 加 --force 用示例数据替换其中的车辆、保单和跟进记录（设置和目标保留），或用 --db 换一个文件。\n',
    );
    const forced = runCli(['demo', '--vehicles', '50', '--force', '--json'], { env: env(db) });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ vehicles: 50, replaced: 120 });
  });

  it('writes the CSV export with --csv and never overwrites it without --force', () => {
    const dir = tempDir();
    const file = join(dir, 'export.csv');
    const r = runCli(['demo', '--csv', file, '--vehicles', '40', '--json'], { env: env(join(dir, 'unused.db')) });
    expect(r.code).toBe(0);
    const { rows } = JSON.parse(r.stdout) as { rows: number };
    expect(JSON.parse(r.stdout)).toEqual({ file, vehicles: 40, rows });
    expect(readFileSync(file, 'utf8').split('\r\n').filter((l) => l !== '')).toHaveLength(rows + 1);
    expect(r.stderr).toBe(`Wrote the sample policy export ${file}: 40 vehicles, ${rows} policy rows.\nTry importing it: renew import ${file}\n`);
    const again = runCli(['demo', '--csv', file], { env: env(join(dir, 'unused.db')) });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(file);
  });

  it('rejects a bad --vehicles with a usage error and has help with examples', () => {
    const dir = tempDir();
    const bad = runCli(['demo', '--vehicles', 'lots'], { env: env(join(dir, 'x.db')) });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe('error: --vehicles "lots" is not valid: give a whole number from 1 to 2000000.\n');
    const help = runCli(['demo', '--help'], { env: env(join(dir, 'x.db')) });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('renew demo --csv 保单导出.csv --vehicles 500000');
  });
});
