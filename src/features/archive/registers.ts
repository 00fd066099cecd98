/**
 * A vehicle's archive registers for `renew history`: its changed details, where its
 * paper policies are, its renewal deposit. Superseded entries are kept and marked,
 * as in the follow-up register (history is the audit trail).
 */
import type { Kysely } from 'kysely';
import type { CustodyEntry, Database, DepositEntry, VehicleChange } from '../../storage/schema.js';
import { depositHeld } from '../../rules/custody-deposit.js';
import { yuan } from '../../rules/money.js';
import { custodyJson } from './custody.js';
import { depositJson } from './deposit.js';
import { shownChange } from './edit.js';

export interface VehicleRegisters {
  changes: VehicleChange[];
  custody: CustodyEntry[];
  deposits: DepositEntry[];
  /** Entry id -> the id of the entry that superseded it, per register. */
  custodySupersededBy: Map<number, number>;
  depositSupersededBy: Map<number, number>;
  /** Fen of the deposit still held. */
  depositHeld: number;
}

const supersededBy = (entries: readonly { id: number; supersedes_id: number | null }[]) =>
  new Map(entries.filter((e) => e.supersedes_id !== null).map((e) => [e.supersedes_id as number, e.id]));

export async function loadRegisters(db: Kysely<Database>, vehicleId: number): Promise<VehicleRegisters> {
  const changes = await db.selectFrom('vehicle_changes').selectAll().where('vehicle_id', '=', vehicleId).orderBy('id').execute();
  const custody = await db.selectFrom('custody').selectAll().where('vehicle_id', '=', vehicleId).orderBy('on_date').orderBy('id').execute();
  const deposits = await db.selectFrom('deposits').selectAll().where('vehicle_id', '=', vehicleId).orderBy('on_date').orderBy('id').execute();
  return { changes, custody, deposits, custodySupersededBy: supersededBy(custody), depositSupersededBy: supersededBy(deposits), depositHeld: depositHeld(deposits) };
}

/** The registers as `history --json` prints them: values masked as everywhere unless --reveal. */
export function registersJson(r: VehicleRegisters, reveal: boolean) {
  return {
    changes: r.changes.map((c) => shownChange({ id: c.id, field: c.field, old: c.old_value, new: c.new_value, recorded_at: c.recorded_at, actor: c.actor }, reveal)),
    custody: r.custody.map((e) => custodyJson(e, r.custodySupersededBy.get(e.id))),
    deposits: r.deposits.map((e) => depositJson(e, r.depositSupersededBy.get(e.id))),
    deposit_held: yuan(r.depositHeld),
  };
}
