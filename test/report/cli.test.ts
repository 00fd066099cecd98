/** End to end on the built binary (`npm run build` first): targets, the report in each format, bad input. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { addTarget, seedOctober } from './seed.js';

let db: string;
const env = () => ({ RENEW_DB: db, RENEW_TODAY: '2026-11-01 09:00', RENEW_LANG: 'zh-CN' });

beforeAll(async () => {
  db = join(tempDir(), 'renew.db');
  const store = await openStore(db, { create: true });
  await seedOctober(store);
  await addTarget(store, '2026-10', '张丽', { vehicles: 4 });
  await store.close();
});

describe('renew report / renew target (built binary)', () => {
  it('sets a store target, then reports last month against it', () => {
    const set = runCli(['target', 'set', '--month', '2026-10', '--vehicles', '5', '--premium', '20000', '--rate', '50%'], { env: env() });
    expect([set.code, set.stdout, set.stderr]).toEqual([0, '', '已保存 2026-10 全店的目标：台数 5，保费 20,000.00 元，续保率 50.0%\n']);

    const json = runCli(['report', '--month', '--json'], { env: env() });
    expect(json.code).toBe(0);
    const value = JSON.parse(json.stdout);
    expect([value.month, value.due, value.renewed, value.renewal_rate, value.targets, value.attainment]).toEqual([
      '2026-10', 9, 3, 0.3333, { vehicles: 5, premium: 20000, rate: 0.5 }, { vehicles: 0.6, premium: 0.595, rate: 0.6667 },
    ]);
    expect(Object.keys(value)).toEqual([
      'month', 'from', 'to', 'store', 'made_on', 'due', 'renewed', 'lost', 'open', 'renewed_by_import', 'renewal_rate', 'renewed_premium',
      'renewed_premium_split', 'targets', 'attainment', 'funnel', 'customers', 'price_gaps', 'by_specialist', 'by_insurer', 'loss_reasons', 'unresolved', 'trend', 'archive', 'activity',
    ]);
  });

  it('prints Markdown in English with --lang en, and the plain text report when piped', () => {
    const md = runCli(['report', '--month', '2026-10', '--md', '--lang', 'en'], { env: env() });
    expect(md.code).toBe(0);
    expect(md.stdout.split('\n').slice(0, 3)).toEqual(['# 本店 · Renewal report October 2026', '', 'Due 2026-10-01 to 2026-10-31 · made 2026-11-01']);
    const text = runCli(['report'], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('▌目标达成\n指标                 实际       目标   达成\n');
    expect(text.stdout).not.toContain('\u001b[');
  });

  it('an empty month exits 0 and says so', () => {
    const r = runCli(['report', '--month', '2026-03'], { env: env() });
    expect([r.code, r.stdout.split('\n')[3]]).toEqual([0, '2026年3月没有到期的续保案件，无可统计内容。']);
  });

  it('bad input: one clear line, the right exit code, nothing written', () => {
    const fresh = join(tempDir(), 'none.db');
    const cases: [string[], number, string][] = [
      [['report', '--month', '2026-13'], 64, '错误: 月份“2026-13”无效，应为 YYYY-MM，例如 2026-11。\n'],
      [['report', '--json', '--csv'], 64, '错误: --json、--csv、--md 只能选一个。\n'],
      [['target', 'set', '--month', '2026-12', '--rate', '65'], 64, '错误: --rate 的值“65”无效，应为 0 到 1 之间的小数（如 0.65）或百分数（如 65%）。\n'],
      [['target', 'set', '--month', '2026-12', '--vehicles', '-3'], 64, '错误: --vehicles 的值“-3”无效，应为不小于 0 的整数。\n'],
      [['target', 'set', '--vehicles', '3'], 64, '错误: 请用 --month YYYY-MM 指定目标月份。\n'],
    ];
    for (const [args, code, stderr] of cases) {
      const r = runCli(args, { env: { ...env(), RENEW_DB: fresh } });
      expect([args.join(' '), r.code, r.stderr, r.stdout]).toEqual([args.join(' '), code, stderr, '']);
    }
    expect(existsSync(fresh)).toBe(false);
  });

  it('lists targets', () => {
    const r = runCli(['target', 'list', '--month', '2026-10'], { env: env() });
    expect([r.code, r.stdout]).toEqual([0, '月份     对象  台数  保费（元）  续保率\n2026-10  全店     5   20,000.00   50.0%\n2026-10  张丽     4           —       —\n']);
  });
});
