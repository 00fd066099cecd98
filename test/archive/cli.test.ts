/**
 * The archive from the built binary, as issue 15's "done when" says it: a renewal by
 * call writes the policies and next year's case, `today` lists it 45 days before the
 * new end with no import between, and a re-import of the insurer's export changes
 * nothing but the policy numbers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { RENEWED_EXPORT } from './exports.js';

const LAST_YEAR = [
  '车牌号,车主,联系电话,险种类型,保险公司,保费,起保日期,保险止期,保单号',
  '粤A12345,张伟,13812341234,交强险,中国人保,950,2025-12-16,2026-12-15,PDZA2025001',
  '粤A12345,张伟,13812341234,商业险,中国人保,3330,2025-12-16,2026-12-15,PDAA2025001',
].join('\n');
const THIS_YEAR = RENEWED_EXPORT;

describe('renewed by call, then the export (built binary)', () => {
  it('writes the policies and next year\'s case; today lists it at 45 days; the export only fills in the numbers', () => {
    const dir = tempDir('renew-archive-');
    const env = (today: string) => ({ RENEW_DB: join(dir, 'renew.db'), RENEW_TODAY: today, RENEW_LANG: 'zh-CN', NO_COLOR: '1' });
    writeFileSync(join(dir, 'last.csv'), LAST_YEAR);
    writeFileSync(join(dir, 'this.csv'), THIS_YEAR);
    expect(runCli(['import', join(dir, 'last.csv')], { env: env('2026-11-24') }).code).toBe(0);
    expect(runCli(['settings', 'certified_insurers', '["中国人保"]'], { env: env('2026-11-24') }).code).toBe(0);
    const call = runCli(['call', '粤A12345', '--outcome', 'renewed', '--insurer', '中国人保', '--compulsory-premium', '950', '--commercial-premium', '3200'], { env: env('2026-11-24 10:00') });
    expect([call.code, call.stderr]).toEqual([0, '已登记 #1：粤A12345 续保成功。\n']);

    const calls = (today: string) => (JSON.parse(runCli(['today', '--json'], { env: env(today) }).stdout) as { calls: { plate: string; end_date: string; days_left: number }[] }).calls;
    expect(calls('2027-10-30')).toEqual([]);
    expect(calls('2027-10-31').map((c) => [c.plate, c.end_date, c.days_left])).toEqual([['粤A12345', '2027-12-15', 45]]);

    const history = () => JSON.parse(runCli(['history', '粤A12345', '--json'], { env: env('2026-11-25') }).stdout) as {
      policies: { policy_no: string | null; end_date: string }[]; cases: { id: number; status: string }[]; events: unknown[];
    };
    const before = history();
    expect(before.policies.map((p) => [p.policy_no, p.end_date])).toEqual([
      ['PDAA2025001', '2026-12-15'], ['PDZA2025001', '2026-12-15'], [null, '2027-12-15'], [null, '2027-12-15'],
    ]);
    const imported = JSON.parse(runCli(['import', join(dir, 'this.csv'), '--json'], { env: env('2026-12-20') }).stdout) as Record<string, number>;
    expect([imported.imported, imported.updated, imported.rejected]).toEqual([0, 2, 0]);
    const after = history();
    expect(after.policies.map((p) => [p.policy_no, p.end_date])).toEqual([
      ['PDAA2025001', '2026-12-15'], ['PDZA2025001', '2026-12-15'], ['PDAA2026777', '2027-12-15'], ['PDZA2026777', '2027-12-15'],
    ]);
    expect(after.cases.map((c) => c.status)).toEqual(['renewed', 'open']);
    expect(after.events).toEqual(before.events);
  });
});
