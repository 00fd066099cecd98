/**
 * `renew report --group` (issue 16): one row per store and the group's total, with
 * attainment against each store's own targets and its top loss reasons, in every
 * format and both languages (golden files under fixtures/report/, rewritten only with
 * RENEW_UPDATE_GOLDEN=1), and end to end through the built binary.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/index.js';
import { buildGroupReport } from '../../src/features/report/group.js';
import { addStore } from '../../src/features/stores/run.js';
import { groupReportJson, renderGroupReport } from '../../src/ui/report/group.js';
import type { Context } from '../../src/features/context.js';
import { runCli } from '../helpers/cli.js';
import { makeTestContext, onPostgres, tempDir } from '../helpers/context.js';
import { expectGolden } from '../helpers/golden.js';
import { addCase, record } from './seed.js';

const golden = (name: string, actual: string) => expectGolden(new URL(`../../fixtures/report/${name}`, import.meta.url).pathname, actual);

/**
 * October 2026 in two stores. GZ01: 4 due, 2 renewed (4150 + 4000 yuan), 2 lost (price,
 * price), target 3 vehicles and 10,000 yuan. SZ02: 2 due, 1 renewed (3000), 1 lost
 * (telesales), no target. The group: no target of its own.
 */
async function seedGroup(ctx: Pick<Context, 'db' | 'store' | 'now'>): Promise<void> {
  await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
  await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
  const cases: [string, string, Parameters<typeof record>[2] | null][] = [
    ['粤A10001', 'GZ01', { at: '2026-09-01 10:00:00', outcome: 'renewed', specialist: '张丽', insurer: '中国人保', compulsoryCents: 95_000, commercialCents: 320_000 }],
    ['粤A10002', 'GZ01', { at: '2026-09-02 10:00:00', outcome: 'renewed', specialist: '张丽', insurer: '平安产险', premiumCents: 400_000 }],
    ['粤A10003', 'GZ01', { at: '2026-09-03 10:00:00', outcome: 'lost', specialist: '张丽', reason: 'price' }],
    ['粤A10004', 'GZ01', { at: '2026-09-04 10:00:00', outcome: 'lost', specialist: '张丽', reason: 'price' }],
    ['粤B20001', 'SZ02', { at: '2026-09-05 10:00:00', outcome: 'renewed', specialist: '王强', insurer: '中国人保', premiumCents: 300_000 }],
    ['粤B20002', 'SZ02', { at: '2026-09-06 10:00:00', outcome: 'lost', specialist: '王强', reason: 'telesales' }],
  ];
  for (const [plate, store, entry] of cases) {
    const c = await addCase(ctx, plate, entry?.specialist ?? null, '2026-10-15');
    await ctx.db.updateTable('vehicles').set({ store }).where('id', '=', c.vehicleId).execute();
    await ctx.db.updateTable('renewal_cases').set({ store }).where('id', '=', c.caseId).execute();
    if (entry) await record(ctx, c, entry);
  }
  await ctx.db.insertInto('targets').values({ store: 'GZ01', month: '2026-10', specialist: '', vehicles: 3, premium_cents: 1_000_000, rate: null, updated_at: '2026-10-01 09:00:00' }).execute();
}

async function october(lang: Lang, isTTY = false) {
  const ctx = await makeTestContext({ now: '2026-11-01 09:00', lang, isTTY });
  await seedGroup(ctx);
  return { ctx, report: await buildGroupReport(ctx, '2026-10') };
}

describe('the group report', () => {
  it('one row per store and the total: due, renewed, rate, premium, attainment against each store\'s target, top loss reasons', async () => {
    const { report } = await october('en');
    const json = groupReportJson(report);
    expect(json.stores.map((s) => [s.code, s.due, s.renewed, s.renewal_rate, s.renewed_premium, s.attainment, s.top_loss_reasons.map((r) => [r.reason, r.count])])).toEqual([
      ['GZ01', 4, 2, 0.5, 8150, { vehicles: 0.6667, premium: 0.815, rate: null }, [['price', 2]]],
      ['SZ02', 2, 1, 0.5, 3000, null, [['telesales', 1]]],
    ]);
    // No group target of its own: the stores' targets added up (a rate does not add up).
    expect(json.total).toMatchObject({ due: 6, renewed: 3, renewal_rate: 0.5, renewed_premium: 11150, targets: { vehicles: 3, premium: 10000, rate: null }, attainment: { vehicles: 1, premium: 1.115, rate: null } });
    expect(json.total.top_loss_reasons.map((r) => [r.reason, r.count])).toEqual([['price', 2], ['telesales', 1]]);
  });

  it('against the group\'s own target when it has one; cases of vehicles without a store get their own row', async () => {
    const { ctx } = await october('zh-CN');
    await ctx.db.insertInto('targets').values({ store: '', month: '2026-10', specialist: '', vehicles: 6, premium_cents: null, rate: 0.6, updated_at: '2026-10-01 09:00:00' }).execute();
    await addCase(ctx, '粤C30001', null, '2026-10-20');
    const json = groupReportJson(await buildGroupReport(ctx, '2026-10'));
    expect(json.stores.map((s) => [s.code, s.name, s.due])).toEqual([['GZ01', '广州天河店', 4], ['SZ02', '深圳南山店', 2], [null, '未归属门店', 1]]);
    expect(json.total).toMatchObject({ due: 7, targets: { vehicles: 6, premium: null, rate: 0.6 }, attainment: { vehicles: 0.5, premium: null, rate: 0.7143 } });
  });

  it('golden: terminal (piped), Markdown and CSV in both languages, JSON', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const { ctx, report } = await october(lang);
      golden(`group.${lang}.txt`, await renderGroupReport(ctx, report, 'tty'));
      golden(`group.${lang}.md`, await renderGroupReport(ctx, report, 'md'));
      golden(`group.${lang}.csv`, await renderGroupReport(ctx, report, 'csv'));
    }
    const { ctx, report } = await october('en');
    golden('group.json', await renderGroupReport(ctx, report, 'json'));
  });

  it.skipIf(onPostgres)('end to end: renew report --group prints the table and --json; store list; an unknown --store is a usage error', async () => {
    const dir = tempDir();
    const db = join(dir, 'group.db');
    const env = { RENEW_TODAY: '2026-11-24' };
    expect(runCli(['demo', '--vehicles', '60', '--db', db], { env }).code).toBe(0);
    expect(runCli(['store', 'add', 'GZ01', '广州天河店', '--db', db], { env })).toMatchObject({ code: 0, stderr: expect.stringContaining('GZ01') });
    const shown = runCli(['report', '--group', '--month', '2026-10', '--db', db, '--lang', 'en'], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('GZ01 广州天河店');
    expect(shown.stdout).toContain('Group total');
    const json = runCli(['report', '--group', '--month', '2026-10', '--json', '--db', db], { env });
    const doc = JSON.parse(json.stdout) as { stores: { code: string; due: number }[]; total: { due: number } };
    expect(doc.stores.map((s) => s.code)).toEqual(['GZ01']);
    expect(doc.stores[0]?.due).toBe(doc.total.due);
    expect(doc.total.due).toBeGreaterThan(0);
    const list = runCli(['store', 'list', '--json', '--db', db], { env });
    expect(JSON.parse(list.stdout)).toEqual([{ code: 'GZ01', name: '广州天河店', vehicles: 60, open_cases: expect.any(Number) }]);
    expect(runCli(['report', '--month', '2026-10', '--store', 'XX01', '--db', db], { env })).toMatchObject({ code: 64, stderr: expect.stringContaining('XX01') });
  });
});
