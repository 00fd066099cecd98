/**
 * Moving vehicles between specialists (`renew assign`, `renew recycle`, a case
 * taken from the pool by a call, `renew edit --specialist`): the vehicle's `specialist`, its cases' copies
 * (case-copies.ts) and one `case_moves` row per vehicle (from, to, who, why, when),
 * all in the caller's write transaction. `case_moves` is append-only: nothing here
 * updates or deletes it.
 */
import type { Kysely } from 'kysely';
import { assertWriting, type Tx } from '../ports.js';
import type { CaseMove, Database, MoveReason } from '../schema.js';
import { refreshCaseCopies } from './case-copies.js';

export interface VehicleMove {
  vehicleId: number;
  /** The vehicle's open case that moved (its earliest), for the record. */
  caseId: number | null;
  from: string | null;
  /** null: back to the pool. */
  to: string | null;
}

export interface MoveStamp {
  actor: string | null;
  reason: MoveReason;
  /** 'YYYY-MM-DD HH:mm:ss'. */
  at: string;
}

/** Bound parameters per statement stay well under SQLite's limit. */
const CHUNK = 500;

/** Moves each vehicle to its new specialist and records the move; a vehicle already there is left alone. */
export async function moveVehicles(tx: Tx, moves: readonly VehicleMove[], stamp: MoveStamp): Promise<number> {
  assertWriting(tx);
  const real = moves.filter((m) => m.from !== m.to);
  const byTarget = new Map<string | null, number[]>();
  for (const m of real) byTarget.set(m.to, [...(byTarget.get(m.to) ?? []), m.vehicleId]);
  for (const [to, ids] of byTarget) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      await tx.updateTable('vehicles').set({ specialist: to, updated_at: stamp.at }).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    }
  }
  await refreshCaseCopies(tx, real.map((m) => m.vehicleId));
  await recordMoves(tx, real, stamp);
  return real.length;
}

/**
 * Keeps moves already made (the vehicles' specialist and their cases' copies written by
 * the caller, as `renew edit` does with its other fields): one `case_moves` row each.
 */
export async function recordMoves(tx: Tx, moves: readonly VehicleMove[], stamp: MoveStamp): Promise<void> {
  assertWriting(tx);
  for (let i = 0; i < moves.length; i += CHUNK) {
    const rows = moves.slice(i, i + CHUNK).map((m) => ({
      vehicle_id: m.vehicleId, case_id: m.caseId, from_specialist: m.from, to_specialist: m.to, actor: stamp.actor, reason: stamp.reason, at: stamp.at,
    }));
    if (rows.length > 0) await tx.insertInto('case_moves').values(rows).execute();
  }
}

/** A vehicle's moves, oldest first (`renew history`). */
export async function movesOf(db: Kysely<Database>, vehicleId: number): Promise<CaseMove[]> {
  return db.selectFrom('case_moves').selectAll().where('vehicle_id', '=', vehicleId).orderBy('id').execute();
}
