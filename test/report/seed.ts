/**
 * Hand-built cohorts for the report tests: vehicles, renewal cases and register
 * entries written directly (cases) or through recordEvent (events), so every
 * figure in the expected output can be worked out by hand.
 */
import { testWrite } from '../helpers/context.js';
import type { Context } from '../../src/features/context.js';
import { type EventInput, recordEvent } from '../../src/storage/queries/register.js';
import type { RegisterEvent } from '../../src/storage/schema.js';
import { caseCopies } from '../helpers/case-copies.js';

const STAMP = '2026-08-01 09:00:00';

export async function addVehicle(ctx: Pick<Context, 'db'>, plate: string, specialist: string | null): Promise<number> {
  const row = await ctx.db
    .insertInto('vehicles')
    .values({ plate, specialist, owner: '车主', phone: '13800000000', created_at: STAMP, updated_at: STAMP })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SeededCase {
  caseId: number;
  vehicleId: number;
}

/** A vehicle and one renewal case due on `due`. */
export async function addCase(ctx: Pick<Context, 'db'>, plate: string, specialist: string | null, due: string): Promise<SeededCase> {
  const vehicleId = await addVehicle(ctx, plate, specialist);
  const row = await ctx.db
    .insertInto('renewal_cases')
    .values({ ...(await caseCopies(ctx.db, vehicleId)), vehicle_id: vehicleId, due_date: due, compulsory_end: due, commercial_end: due, last_premium_cents: 400_000, last_insurer: '中国人保', created_at: STAMP, updated_at: STAMP })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { caseId: row.id, vehicleId };
}

export type Entry = Omit<EventInput, 'caseId' | 'vehicleId' | 'channel'> & { channel?: EventInput['channel'] };

/** Appends register entries to a case through recordEvent (so the case projection is rebuilt as in production). */
export async function record(ctx: Pick<Context, 'db'>, c: SeededCase, ...entries: Entry[]): Promise<RegisterEvent[]> {
  return testWrite(ctx.db, async (tx) => {
    const out: RegisterEvent[] = [];
    for (const e of entries) out.push(await recordEvent(tx, { channel: 'phone', ...e, caseId: c.caseId, vehicleId: c.vehicleId }, e.at));
    return out;
  });
}

export async function addTarget(
  ctx: Pick<Context, 'db'>,
  month: string,
  specialist: string,
  t: { vehicles?: number | null; premiumCents?: number | null; rate?: number | null },
): Promise<void> {
  await ctx.db
    .insertInto('targets')
    .values({ month, specialist, vehicles: t.vehicles ?? null, premium_cents: t.premiumCents ?? null, rate: t.rate ?? null, updated_at: STAMP })
    .execute();
}

/**
 * October 2026 (the cohort the report tests check), plus cases in August,
 * September and November for the trend and the month boundaries.
 *
 * October: 9 due. 张丽 A(renewed by call 950+3200 人保), B(renewed by import 950+2800 平安),
 * D(lost: price), H(open); 王强 C(renewed by call, total 4000 only, 人保), E(lost: price, phone in
 * note), F(lost: telesales after a correction), I(lost, no reason); unassigned G(open, no answer).
 */
export async function seedOctober(ctx: Pick<Context, 'db'>): Promise<void> {
  const a = await addCase(ctx, '粤A10001', '张丽', '2026-10-03');
  await record(ctx, a,
    { at: '2026-08-05 10:00:00', outcome: 'sms_sent', channel: 'sms', specialist: '张丽' },
    { at: '2026-09-01 10:00:00', outcome: 'renewed', specialist: '张丽', insurer: '中国人保', compulsoryCents: 95_000, commercialCents: 320_000 });

  const b = await addCase(ctx, '粤A10002', '张丽', '2026-10-10');
  await record(ctx, b,
    { at: '2026-08-12 10:00:00', outcome: 'sms_sent', channel: 'sms', specialist: '张丽' },
    { at: '2026-10-09 00:00:00', outcome: 'renewed', channel: 'import', insurer: '平安产险', kinds: ['compulsory'], premiumCents: 95_000 },
    { at: '2026-10-09 00:00:00', outcome: 'renewed', channel: 'import', insurer: '平安产险', kinds: ['commercial'], premiumCents: 280_000 });

  const c = await addCase(ctx, '粤A10003', '王强', '2026-10-15');
  await record(ctx, c, { at: '2026-09-20 15:00:00', outcome: 'renewed', specialist: '王强', insurer: '中国人保', premiumCents: 400_000 });

  const d = await addCase(ctx, '粤A10004', '张丽', '2026-10-20');
  await record(ctx, d,
    { at: '2026-08-20 10:00:00', outcome: 'sms_sent', channel: 'sms', specialist: '张丽' },
    { at: '2026-09-10 11:00:00', outcome: 'callback', specialist: '张丽', nextAt: '2026-09-15 10:00', premiumCents: 380_000, objections: ['too_expensive'], note: '报价3800，客户说贵' },
    { at: '2026-09-15 10:30:00', outcome: 'lost', specialist: '张丽', reason: 'price', objections: ['loyal_discount'], note: '老客户要再便宜，最终去电销' });

  const e = await addCase(ctx, '粤A10005', '王强', '2026-10-25');
  await record(ctx, e, { at: '2026-09-25 16:00:00', outcome: 'lost', specialist: '王强', reason: 'price', objections: ['too_expensive'], note: '嫌贵，让联系他爱人13812345678' });

  const f = await addCase(ctx, '粤A10006', '王强', '2026-10-28');
  const [wrong] = await record(ctx, f, { at: '2026-09-26 09:00:00', outcome: 'lost', specialist: '王强', reason: 'other', objections: ['gift'], note: '登记错了' });
  await record(ctx, f, { at: '2026-09-26 09:00:00', outcome: 'lost', specialist: '王强', reason: 'telesales', objections: ['telesales'], note: '电销便宜200元', supersedesId: wrong?.id });

  const g = await addCase(ctx, '粤A10007', null, '2026-10-30');
  await record(ctx, g,
    { at: '2026-08-30 10:00:00', outcome: 'sms_sent', channel: 'sms' },
    { at: '2026-09-30 10:00:00', outcome: 'no_answer', specialist: '张丽' });

  await addCase(ctx, '粤A10008', '张丽', '2026-10-31');

  const i = await addCase(ctx, '粤A10009', '王强', '2026-10-01');
  await record(ctx, i, { at: '2026-09-02 10:00:00', outcome: 'lost', specialist: '王强' });

  // Around October: in the trend, never in the cohort.
  const s1 = await addCase(ctx, '粤A20001', '张丽', '2026-09-30');
  await record(ctx, s1, { at: '2026-09-01 10:00:00', outcome: 'renewed', specialist: '张丽', insurer: '中国人保', premiumCents: 300_000 });
  await addCase(ctx, '粤A20002', '王强', '2026-09-01');
  const aug = await addCase(ctx, '粤A20003', '王强', '2026-08-15');
  await record(ctx, aug, { at: '2026-08-01 10:00:00', outcome: 'lost', specialist: '王强', reason: 'sold' });
  const nov = await addCase(ctx, '粤A30001', '张丽', '2026-11-01');
  await record(ctx, nov, { at: '2026-10-20 10:00:00', outcome: 'renewed', specialist: '张丽', insurer: '中国人保', premiumCents: 500_000 });
}
