/**
 * `renew quote import`: the insurers' quote files, one row per quote or one row per cover
 * line, checked as `renew quote` checks its flags, idempotent by natural key, bad rows
 * named by line and column in the rejects file. Runs on both engines (vitest.config.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importQuotes, quoteImportExit } from '../../src/features/quote/import.js';
import { RenewError } from '../../src/errors.js';
import { makeTestContext, tempDir, type TestContext } from '../helpers/context.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from '../call/seed.js';

async function setup(now = '2026-11-24 10:00') {
  const ctx = await makeTestContext({ now, lang: 'en' });
  const ids = await seedVehicle(ctx.db, ZHANG);
  await seedVehicle(ctx.db, { ...ZHANG, plate: '粤B88888', phone: '13912341234', vin: 'LVGBE40K8GP654321' });
  await certify(ctx.db, [...USUAL_INSURERS, '太平洋产险']);
  return { ctx, ...ids };
}

function csv(text: string, name = 'quotes.csv'): string {
  const path = join(tempDir('renew-quote-import-'), name);
  writeFileSync(path, text);
  return path;
}

async function quotes(ctx: TestContext) {
  return ctx.db.selectFrom('quotes').selectAll().orderBy('id').execute();
}

const BY_LINE = [
  '车牌号,保险公司,方案,交强险,车船税,商业险,有效期至,险别,保额,保费',
  '粤A12345,平安,经济型,950,360,2466.30,2026-12-01,机动车损失保险,128000,1520.40',
  '粤A12345,平安,经济型,,,,,third_party,100万,845.90',
  '粤A12345,平安,经济型,,,,,driver,1万,30',
  '粤A12345,平安,经济型,,,,,passenger,1万x4,70',
  '粤B88888,人保,推荐型,950,360,3000,,damage,100000,3000',
].join('\n');

describe('renew quote import', () => {
  it('groups the rows of one quote: values from any row, covers in order, the insurer by its canonical name', async () => {
    const { ctx, caseId } = await setup();
    const s = await importQuotes(ctx, csv(BY_LINE));
    expect([s.shape, s.rows, s.quotes, s.imported, s.updated, s.unchanged, s.rejected, s.rejects_file]).toEqual(['line', 5, 2, 2, 0, 0, 0, null]);
    expect(quoteImportExit(s)).toBe(0);
    const [pingan, picc] = await quotes(ctx);
    expect(pingan).toMatchObject({
      case_id: caseId, insurer: '平安产险', plan: '经济型', compulsory_cents: 95000, tax_cents: 36000, commercial_cents: 246630,
      valid_until: '2026-12-01', source: 'import', specialist: '李娜', natural_key: `Q|${caseId}|平安产险|=经济型`,
    });
    expect(JSON.parse(pingan?.covers as string)).toEqual([
      { code: 'damage', sumInsured: 12800000, premium: 152040 },
      { code: 'third_party', sumInsured: 100000000, premium: 84590 },
      { code: 'driver', sumInsured: 1000000, premium: 3000 },
      { code: 'passenger', sumInsured: 1000000, seats: 4, premium: 7000 },
    ]);
    // No validity in the file: today plus the quote_valid_days setting (7).
    expect([picc?.insurer, picc?.valid_until]).toEqual(['中国人保', '2026-12-01']);
  });

  it('reads one row per quote with English headers, covers in one cell by code or name, and a quote number', async () => {
    const { ctx, caseId } = await setup();
    const file = csv([
      'plate,insurer,quote_no,plan,compulsory_premium,vehicle_tax,commercial_premium,valid until,NCD,pricing factor,gift,remark,cover_lines',
      '粤A12345,太平洋,TP-001,全面型,950,360,"3,890.00",2026/12/05,0.85,0.95,免费洗车 4 次；道路救援,客户要求加划痕,"damage=128000:2000; 第三者责任保险=200万:1300; scratch=5000:590"',
    ].join('\r\n'));
    const s = await importQuotes(ctx, file);
    expect([s.shape, s.imported, s.rejected]).toEqual(['quote', 1, 0]);
    const [q] = await quotes(ctx);
    expect(q).toMatchObject({
      insurer: '太平洋产险', plan: '全面型', commercial_cents: 389000, valid_until: '2026-12-05', ncd: 0.85, pricing_factor: 0.95,
      note: '客户要求加划痕', natural_key: `Q|${caseId}|太平洋产险|#TP-001`,
    });
    expect(JSON.parse(q?.gifts as string)).toEqual(['免费洗车 4 次', '道路救援']);
    expect(JSON.parse(q?.covers as string).map((l: { code: string }) => l.code)).toEqual(['damage', 'third_party', 'scratch']);
  });

  it('changes nothing when the same file comes again, even days later without a validity; a changed price updates the same quote', async () => {
    const { ctx } = await setup();
    const file = csv(BY_LINE);
    await importQuotes(ctx, file);
    const before = await quotes(ctx);

    const later = await makeLaterContext(ctx, '2026-11-27 09:00');
    const again = await importQuotes(later, file);
    expect([again.imported, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    expect(await quotes(ctx)).toEqual(before);

    writeFileSync(file, BY_LINE.replace('950,360,3000,,damage,100000,3000', '950,360,2900,,damage,100000,2900'));
    const changed = await importQuotes(later, file);
    expect([changed.imported, changed.updated, changed.unchanged]).toEqual([0, 1, 1]);
    const after = await quotes(ctx);
    expect(after.map((q) => q.id)).toEqual(before.map((q) => q.id));
    expect([after[1]?.commercial_cents, after[1]?.valid_until]).toEqual([290000, '2026-12-01']);
  });

  it('rejects bad rows naming line and column, keeps the good quotes, and rejects every row of a quote with one bad row', async () => {
    const { ctx } = await setup();
    const file = csv([
      BY_LINE,
      '粤C00000,人保,推荐型,950,360,3000,,,,',
      '粤B88888,安盛天平,全面型,950,360,3000,,,,',
      '粤B88888,平安,全面型,950,360,abc,,,,',
      '粤B88888,太平洋,经济型,950,360,2000,,damage,100000,1500',
      '粤B88888,太平洋,经济型,,,,,third_party,100万,400',
      '粤B88888,人保,基本型,950,360,2000,,damage,100000,1500',
      '粤B88888,人保,基本型,990,,,,third_party,100万,500',
      '粤A12345,人保,经济型,950,360,2000,,wheel,5000,2000',
      '粤A12345,人保,超值型,950,360,2000,,,,',
      '粤A12345,人保,超值型,,,,,warp_drive,1万,10',
    ].join('\n'));
    const s = await importQuotes(ctx, file);
    expect([s.rows, s.quotes, s.imported, s.rejected, s.rejected_quotes]).toEqual([15, 9, 3, 9, 6]);
    expect(quoteImportExit(s)).toBe(2);
    expect(s.rejectedRows.map((r) => [r.line, r.fields.join('/'), r.reasons.join('; ')])).toEqual([
      [7, '车牌号', 'No vehicle with plate 粤C00000.'],
      [8, '保险公司', expect.stringContaining('"安盛天平" is not one of the store\'s certified insurers')],
      [9, '商业险', 'abc is not an amount (yuan, at most two decimals)'],
      [10, '商业险', 'The cover lines add up to 1900 yuan, not the commercial total of 2000 yuan.'],
      [11, '', 'another row of the same quote is wrong (line 10); the whole quote was left out'],
      [12, '', 'another row of the same quote is wrong (line 13); the whole quote was left out'],
      [13, '交强险', '990.00 differs from line 12 of the same quote'],
      [15, '', 'another row of the same quote is wrong (line 16); the whole quote was left out'],
      [16, '险别', expect.stringContaining('"warp_drive" is not in the cover catalogue')],
    ]);
    expect((await quotes(ctx)).map((q) => [q.insurer, q.plan])).toEqual([['平安产险', '经济型'], ['中国人保', '推荐型'], ['中国人保', '经济型']]);
    const rejects = readFileSync(s.rejects_file as string, 'utf8');
    expect(rejects.split('\r\n')[0]).toBe('\uFEFFline,field,reason,车牌号,保险公司,方案,交强险,车船税,商业险,有效期至,险别,保额,保费');
    expect(rejects).toContain('9,商业险,"abc is not an amount (yuan, at most two decimals)",粤B88888,平安,全面型,950,360,abc,,,,');
  });

  it('masks a phone number typed into a wrong column in every message', async () => {
    const { ctx } = await setup();
    const s = await importQuotes(ctx, csv(`${BY_LINE}\n粤B88888,人保,全面型,950,360,3000,13812345678,,,`));
    const reasons = s.rejectedRows.map((r) => r.reasons.join(' ')).join(' ');
    expect(reasons).toContain('138****5678');
    expect(reasons).not.toContain('13812345678');
    expect(readFileSync(s.rejects_file as string, 'utf8')).toMatch(/138\*\*\*\*5678.*,3000,13812345678,/);
  });

  it('writes nothing on a dry run, and no rejects file', async () => {
    const { ctx } = await setup();
    const file = csv(`${BY_LINE}\n粤C00000,人保,推荐型,950,360,3000,,,,`);
    const s = await importQuotes(ctx, file, { dryRun: true });
    expect([s.imported, s.rejected, s.rejects_file, s.dry_run]).toEqual([2, 1, null, true]);
    expect(await quotes(ctx)).toEqual([]);
    expect(existsSync(`${file}.rejects.csv`)).toBe(false);
  });

  it('refuses the whole file, writing nothing, while no insurer is certified or a required column is missing', async () => {
    const ctx = await makeTestContext({ lang: 'en' });
    await seedVehicle(ctx.db, ZHANG);
    const e = await importQuotes(ctx, csv(BY_LINE)).catch((err: unknown) => err);
    expect((e as RenewError).key).toBe('call.noInsurers');
    await certify(ctx.db, USUAL_INSURERS);
    const noCommercial = await importQuotes(ctx, csv('车牌号,保险公司,交强险\n粤A12345,平安,950', 'x.csv')).catch((err: unknown) => err);
    expect(ctx.t((noCommercial as RenewError).key, (noCommercial as RenewError).vars)).toMatch(/x\.csv has no commercial column \(headers that work: 商业险\/商业险保费/);
    expect(await quotes(ctx)).toEqual([]);
  });
});

/** The same database seen on a later day (a new clock; the store is shared). */
async function makeLaterContext(ctx: TestContext, now: string): Promise<TestContext> {
  const { parseNow } = await import('../helpers/context.js');
  const { isoDate } = await import('../../src/rules/clock.js');
  const at = parseNow(now);
  return { ...ctx, now: () => at, today: isoDate(at) };
}
