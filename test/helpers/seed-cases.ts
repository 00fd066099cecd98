/**
 * Small builders for queue tests: a vehicle with its policies and renewal case,
 * and register events through the real `recordEvent` (so projections are real).
 */
import { testWrite } from './context.js';
import type { Kysely } from 'kysely';
import type { Database, Outcome } from '../../src/storage/schema.js';
import { recordEvent } from '../../src/storage/queries/register.js';
import { caseCopies } from './case-copies.js';

export interface SeedCase {
  plate: string;
  owner?: string;
  phone?: string | null;
  idNo?: string | null;
  installment?: boolean;
  specialist?: string | null;
  /** Both kinds end on this day unless compulsoryEnd/commercialEnd say otherwise. */
  end?: string;
  compulsoryEnd?: string | null;
  commercialEnd?: string | null;
  premiumCents?: number;
  insurer?: string;
}

export interface Seeded {
  vehicleId: number;
  caseId: number;
}

const STAMP = '2026-01-01 00:00:00';

/** Inserts (or reuses) the vehicle, its policies and one open case. */
export async function seedCase(db: Kysely<Database>, s: SeedCase): Promise<Seeded> {
  const compulsory = s.compulsoryEnd !== undefined ? s.compulsoryEnd : (s.end ?? null);
  const commercial = s.commercialEnd !== undefined ? s.commercialEnd : (s.end ?? null);
  const ends = [compulsory, commercial].filter((d): d is string => d !== null).sort();
  if (ends.length === 0) throw new Error('seedCase needs an end date');
  const existing = await db.selectFrom('vehicles').select('id').where('plate', '=', s.plate).executeTakeFirst();
  const vehicleId = existing?.id ?? ((await db.insertInto('vehicles').values({
    plate: s.plate,
    owner: s.owner ?? '张三',
    phone: s.phone === undefined ? '13800138000' : s.phone,
    id_no: s.idNo === undefined ? '440106199001011234' : s.idNo,
    installment: s.installment ? 1 : 0,
    specialist: s.specialist === undefined ? '小王' : s.specialist,
    vin: null, engine_no: null, model: null, first_registration: null, insured: null, address: null,
    do_not_call_until: null, purged_at: null, created_at: STAMP, updated_at: STAMP,
  }).returning('id').executeTakeFirstOrThrow()).id);
  const premium = s.premiumCents ?? 400_000;
  const insurer = s.insurer ?? '平安产险';
  const caseId = ((await db.insertInto('renewal_cases').values({
    ...(await caseCopies(db, vehicleId)), vehicle_id: vehicleId, due_date: ends[0] as string, compulsory_end: compulsory, commercial_end: commercial,
    last_premium_cents: premium, last_insurer: insurer, closed_at: null, closed_by: null, renewed_insurer: null,
    renewed_compulsory_cents: null, renewed_commercial_cents: null, renewed_premium_cents: null, lost_reason: null,
    sms_sent_at: null, last_contact_at: null, last_outcome: null, next_contact_at: null, created_at: STAMP, updated_at: STAMP,
  }).returning('id').executeTakeFirstOrThrow()).id);
  for (const [kind, end] of [['compulsory', compulsory], ['commercial', commercial]] as const) {
    if (end === null) continue;
    await db.insertInto('policies').values({
      vehicle_id: vehicleId, case_id: caseId, renews_case_id: null, kind, insurer, policy_no: null,
      natural_key: `K|${s.plate}|${kind}|${end}`, premium_cents: kind === 'compulsory' ? 95_000 : premium - 95_000,
      start_date: null, end_date: end, coverages: null, row_hash: null, import_id: null, created_at: STAMP, updated_at: STAMP,
    }).execute();
  }
  return { vehicleId, caseId };
}

export interface SeedEvent {
  at: string;
  outcome: Outcome;
  nextAt?: string;
  until?: string;
  reason?: string;
}

/** Appends register events to a case through recordEvent (channel: phone, sms for sms_sent). */
export async function seedEvents(db: Kysely<Database>, c: Seeded, events: readonly SeedEvent[]): Promise<void> {
  await testWrite(db, async (tx) => {
    for (const e of events) {
      await recordEvent(tx, {
        caseId: c.caseId, vehicleId: c.vehicleId, at: e.at, outcome: e.outcome,
        channel: e.outcome === 'sms_sent' ? 'sms' : 'phone', nextAt: e.nextAt ?? null, until: e.until ?? null, reason: e.reason ?? null,
      }, e.at);
    }
  });
}
