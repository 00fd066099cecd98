/** Small helpers that put a vehicle, its policies and its renewal case in a test database. */
import type { Kysely } from 'kysely';
import type { Database, PolicyKind } from '../../src/storage/schema.js';
import { caseCopies } from '../helpers/case-copies.js';

export interface SeedPolicy {
  kind: PolicyKind;
  insurer?: string;
  /** Yuan. */
  premium?: number;
  start?: string;
  end: string;
  policyNo?: string;
}

export interface SeedVehicle {
  plate: string;
  owner?: string;
  insured?: string;
  phone?: string;
  idNo?: string;
  model?: string;
  vin?: string;
  firstRegistration?: string;
  address?: string;
  installment?: boolean;
  /** 第一受益人 of a loan vehicle. */
  beneficiary?: string;
  specialist?: string;
  policies?: SeedPolicy[];
}

const STAMP = '2026-01-01 00:00:00';

/** The usual test car: both kinds of cover ending 2026-12-15, last year with 中国人保. */
export const ZHANG: SeedVehicle = {
  plate: '粤A12345',
  owner: '张伟',
  insured: '张伟',
  phone: '13812341234',
  idNo: '440106199001011234',
  model: '丰田凯美瑞 2.0G',
  vin: 'LVGBE40K8GP123456',
  firstRegistration: '2021-12-10',
  address: '广州市天河区体育西路 1 号',
  specialist: '李娜',
  policies: [
    { kind: 'compulsory', insurer: '中国人保', premium: 950, start: '2025-12-16', end: '2026-12-15', policyNo: 'PDZA2025001' },
    { kind: 'commercial', insurer: '中国人保', premium: 3330, start: '2025-12-16', end: '2026-12-15', policyNo: 'PDAA2025001' },
  ],
};

/** Inserts the vehicle, its policies and one case holding them; returns the ids. */
export async function seedVehicle(db: Kysely<Database>, v: SeedVehicle): Promise<{ vehicleId: number; caseId: number }> {
  const vehicle = await db.insertInto('vehicles').values({
    plate: v.plate, owner: v.owner ?? null, insured: v.insured ?? null, phone: v.phone ?? null, id_no: v.idNo ?? null,
    model: v.model ?? null, vin: v.vin ?? null, first_registration: v.firstRegistration ?? null, address: v.address ?? null,
    installment: v.installment ? 1 : 0, beneficiary: v.beneficiary ?? null, specialist: v.specialist ?? null, engine_no: null, do_not_call_until: null, purged_at: null,
    created_at: STAMP, updated_at: STAMP,
  }).returning('id').executeTakeFirstOrThrow();
  const policies = v.policies ?? [];
  const ends = policies.map((p) => p.end).sort();
  const endOf = (kind: PolicyKind) => policies.filter((p) => p.kind === kind).map((p) => p.end).sort().pop() ?? null;
  const total = policies.reduce((s, p) => s + Math.round((p.premium ?? 0) * 100), 0);
  const c = await db.insertInto('renewal_cases').values({
    ...(await caseCopies(db, vehicle.id)), vehicle_id: vehicle.id, due_date: ends[0] ?? '2026-12-15', compulsory_end: endOf('compulsory'), commercial_end: endOf('commercial'),
    last_premium_cents: policies.length > 0 ? total : null,
    last_insurer: (policies.find((p) => p.kind === 'commercial') ?? policies[0])?.insurer ?? null,
    closed_at: null, closed_by: null, renewed_insurer: null, renewed_compulsory_cents: null, renewed_commercial_cents: null,
    renewed_premium_cents: null, lost_reason: null, sms_sent_at: null, last_contact_at: null, last_outcome: null, next_contact_at: null,
    created_at: STAMP, updated_at: STAMP,
  }).returning('id').executeTakeFirstOrThrow();
  for (const [i, p] of policies.entries()) {
    await db.insertInto('policies').values({
      vehicle_id: vehicle.id, case_id: c.id, renews_case_id: null, kind: p.kind, insurer: p.insurer ?? null, policy_no: p.policyNo ?? null,
      natural_key: p.policyNo ? `P|${v.plate}${p.policyNo}` : `K|${v.plate}|${p.kind}|${p.end}|${i}`, premium_cents: p.premium === undefined ? null : Math.round(p.premium * 100),
      start_date: p.start ?? null, end_date: p.end, coverages: null, row_hash: null, import_id: null, created_at: STAMP, updated_at: STAMP,
    }).execute();
  }
  return { vehicleId: vehicle.id, caseId: c.id };
}

/** Certified insurers for the store (otherwise those seen in policies count). */
/** The store's certified list, as `renew settings certified_insurers` sets it (upsert). */
export const USUAL_INSURERS = ['中国人保', '平安产险'];

export async function certify(db: Kysely<Database>, insurers: string[]): Promise<void> {
  const value = JSON.stringify(insurers);
  await db.insertInto('settings').values({ key: 'certified_insurers', value, updated_at: STAMP }).onConflict((oc) => oc.columns(['store', 'key']).doUpdateSet({ value })).execute();
}

export async function eventsOf(db: Kysely<Database>) {
  return db.selectFrom('events').selectAll().orderBy('id').execute();
}

export async function caseOf(db: Kysely<Database>, id: number) {
  return db.selectFrom('renewal_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
