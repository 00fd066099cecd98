/**
 * The vehicles whose cases assignment moves: in use (not sold or scrapped), with at
 * least one open case; each with its open cases' premium (the split balances it),
 * the earliest open case (recorded with the move) and who has it now.
 */
import type { Kysely } from 'kysely';
import type { SplitItem } from '../../rules/case-split.js';
import type { Database } from '../../storage/schema.js';

export interface OpenVehicle extends SplitItem {
  /** The vehicle's id. */
  id: number;
  plate: string;
  specialist: string | null;
  caseId: number;
  /** The earliest open case's due date. */
  dueDate: string;
  /** Last call on any of its open cases ('YYYY-MM-DD HH:mm:ss'), or null. */
  lastContactAt: string | null;
  /** A callback booked on any of its open cases, or null. */
  nextContactAt: string | null;
  createdAt: string;
}

export interface OpenFilter {
  /** Only vehicles with an open case due in [dueFrom, dueTo]. */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Only the pool (nobody assigned). */
  unassigned?: boolean | undefined;
  /** Only this person's. */
  specialist?: string | undefined;
  /** Only this store's vehicles (a code; stores/scope.ts readStore); undefined: every store. */
  store?: string | undefined;
}

export async function openVehicles(db: Kysely<Database>, f: OpenFilter = {}): Promise<OpenVehicle[]> {
  let q = db
    .selectFrom('renewal_cases as c')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select(['c.id', 'c.vehicle_id', 'c.due_date', 'c.last_premium_cents', 'c.last_contact_at', 'c.next_contact_at', 'c.created_at', 'v.plate', 'v.specialist'])
    .where('c.status', '=', 'open')
    .where('v.status', 'is', null);
  if (f.unassigned) q = q.where('v.specialist', 'is', null);
  if (f.specialist !== undefined) q = q.where('v.specialist', '=', f.specialist);
  if (f.store !== undefined) q = q.where('v.store', '=', f.store);
  const rows = await q.orderBy('c.vehicle_id').orderBy('c.due_date').orderBy('c.id').execute();
  const inRange = (d: string) => (f.dueFrom === undefined || d >= f.dueFrom) && (f.dueTo === undefined || d <= f.dueTo);
  const byVehicle = new Map<number, OpenVehicle & { matches: boolean }>();
  for (const r of rows) {
    const v = byVehicle.get(r.vehicle_id);
    if (!v) {
      byVehicle.set(r.vehicle_id, {
        id: r.vehicle_id, plate: r.plate, specialist: r.specialist, caseId: r.id, dueDate: r.due_date, premiumCents: r.last_premium_cents ?? 0,
        lastContactAt: r.last_contact_at, nextContactAt: r.next_contact_at, createdAt: r.created_at, matches: inRange(r.due_date),
      });
      continue;
    }
    v.premiumCents += r.last_premium_cents ?? 0;
    v.matches ||= inRange(r.due_date);
    if (r.last_contact_at !== null && (v.lastContactAt === null || r.last_contact_at > v.lastContactAt)) v.lastContactAt = r.last_contact_at;
    if (r.next_contact_at !== null && (v.nextContactAt === null || r.next_contact_at > v.nextContactAt)) v.nextContactAt = r.next_contact_at;
  }
  return [...byVehicle.values()].filter((v) => v.matches).map(({ matches: _m, ...v }) => v);
}
