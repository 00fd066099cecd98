/**
 * `renew history <plate>`: one vehicle's details, its policies, its cases and the
 * whole register for it, superseded events included and marked (the register is
 * the audit trail; hiding corrections would defeat it). src/ui/history.ts renders it.
 */
import type { Context } from '../context.js';
import type { CaseMove, Policy, RegisterEvent, RenewalCase, Vehicle } from '../../storage/schema.js';
import { movesOf } from '../../storage/queries/case-moves.js';
import { maskId, maskPhone, maskVin, shownFreeText, shownPlate } from '../../rules/mask.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { eventJson } from './outcome.js';
import { loadRegisters, registersJson, type VehicleRegisters } from '../archive/registers.js';
import { assertVehicleInStore } from '../stores/scope.js';

export interface VehicleHistory {
  vehicle: Vehicle;
  policies: Policy[];
  cases: RenewalCase[];
  events: RegisterEvent[];
  /** Event id -> the id of the event that superseded it. */
  supersededBy: Map<number, number>;
  /** Changed details, policies in custody, the renewal deposit (migration 0010). */
  registers: VehicleRegisters;
  /** Every change of the vehicle's specialist, oldest first (migration 0011). */
  moves: CaseMove[];
}

/** The vehicle's whole history; a vehicle of another store than the one read is refused (stores/scope.ts). */
export async function loadHistory(ctx: Pick<Context, 'db' | 'actor' | 'storeOption'>, plate: string): Promise<VehicleHistory> {
  const vehicle = await findVehicle(ctx.db, plate);
  await assertVehicleInStore(ctx, vehicle);
  const policies = await ctx.db.selectFrom('policies').selectAll().where('vehicle_id', '=', vehicle.id).orderBy('end_date').orderBy('kind').orderBy('id').execute();
  const cases = await ctx.db.selectFrom('renewal_cases').selectAll().where('vehicle_id', '=', vehicle.id).orderBy('due_date').orderBy('id').execute();
  const events = await ctx.db.selectFrom('events').selectAll().where('vehicle_id', '=', vehicle.id).orderBy('at').orderBy('id').execute();
  const supersededBy = new Map<number, number>();
  for (const e of events) if (e.supersedes_id !== null) supersededBy.set(e.supersedes_id, e.id);
  return { vehicle, policies, cases, events, supersededBy, registers: await loadRegisters(ctx.db, vehicle.id), moves: await movesOf(ctx.db, vehicle.id) };
}

/** The vehicle's personal fields (phone, ID, VIN; numbers in the address) masked unless `reveal`. */
export function vehicleView(v: Vehicle, reveal: boolean) {
  return {
    plate: shownPlate(v.plate, reveal),
    model: v.model,
    vin: reveal ? v.vin : maskVin(v.vin) || null,
    engine_no: v.engine_no,
    first_registration: v.first_registration,
    owner: v.owner,
    insured: v.insured,
    phone: reveal ? v.phone : maskPhone(v.phone) || null,
    id_no: reveal ? v.id_no : maskId(v.id_no) || null,
    address: shownFreeText(v.address, reveal),
    installment: Boolean(v.installment),
    specialist: v.specialist,
    do_not_call_until: v.do_not_call_until,
    status: v.status,
  };
}

export function historyJson(h: VehicleHistory, reveal: boolean) {
  const yuan = (c: number | null) => (c === null ? null : c / 100);
  return {
    vehicle: vehicleView(h.vehicle, reveal),
    policies: h.policies.map((p) => ({
      id: p.id, case_id: p.case_id, kind: p.kind, insurer: p.insurer, policy_no: p.policy_no,
      start_date: p.start_date, end_date: p.end_date, premium: yuan(p.premium_cents), renews_case_id: p.renews_case_id,
    })),
    cases: h.cases.map((c) => ({
      id: c.id, due_date: c.due_date, status: c.status, closed_at: c.closed_at, closed_by: c.closed_by,
      renewed_insurer: c.renewed_insurer, renewed_premium: yuan(c.renewed_premium_cents), lost_reason: c.lost_reason,
      attempts: c.attempts, next_contact_at: c.next_contact_at,
    })),
    events: h.events.map((e) => ({ ...eventJson(e, h.supersededBy.get(e.id)), note: shownFreeText(e.note, reveal) })),
    ...registersJson(h.registers, reveal),
    moves: h.moves.map((m) => ({ at: m.at, case_id: m.case_id, from: m.from_specialist, to: m.to_specialist, by: m.actor, why: m.reason })),
  };
}
