/**
 * Each renewal case carries what the morning queue and the monthly report need to
 * know about its vehicle (migration 0004), so both read cases alone from one
 * covering index instead of a vehicle row (and the vehicle's other cases) per case:
 * - copies of five vehicle fields: plate, installment, specialist, do_not_call_until,
 *   and store (migration 0012: the store's queue and reports read it from the index);
 * - vehicle_next_contact_at: the latest callback booked on any of the vehicle's
 *   cases (a vehicle with a callback booked for a later day is in no group).
 * They are written wherever a case is created and refreshed wherever a source changes:
 * - import (src/storage/sqlite/import/policy-writer.ts): new cases get the vehicle's values; a changed
 *   loan flag or specialist is copied to the vehicle's cases; renewals.ts refreshes
 *   the callback when a renewal closes a case that had one;
 * - the import on PostgreSQL (src/storage/postgres/import/merge-chunk.ts and renewals.ts), the same way;
 * - the register (src/storage/queries/register.ts): after every event;
 * - a renewal recorded on a call (src/storage/queries/policy-archive.ts): next year's case;
 * - the demo generator (src/features/demo/db-sink.ts through a DemoSink);
 * - `renew edit` (src/features/archive/edit.ts): a changed loan flag or specialist, and
 *   the plate an unplated car gets (the only time a vehicle's key changes, besides an
 *   import adopting an unplated car).
 */
import { type Kysely, sql } from 'kysely';
import type { Database, RenewalCase } from '../schema.js';

export const COPIED_FIELDS = ['plate', 'installment', 'specialist', 'do_not_call_until', 'store', 'vehicle_next_contact_at'] as const;
export type CaseCopies = Pick<RenewalCase, (typeof COPIED_FIELDS)[number]>;

/** The latest callback booked on any case of a vehicle, as a subquery; `vehicleId` names the outer query's column. */
export function latestCallback(db: Kysely<Database>, vehicleId: string) {
  return db.selectFrom('renewal_cases as o').select((o) => o.fn.max('o.next_contact_at').as('latest')).where('o.vehicle_id', '=', sql.ref<number>(vehicleId));
}

/** Bound parameters per statement stay well under SQLite's limit. */
const CHUNK = 500;

/** Brings what these vehicles' cases know about their vehicle up to date. */
export async function refreshCaseCopies(db: Kysely<Database>, vehicleIds: readonly number[]): Promise<void> {
  for (let i = 0; i < vehicleIds.length; i += CHUNK) {
    await db
      .updateTable('renewal_cases')
      .set((eb) => {
        const fromVehicle = <F extends 'plate' | 'installment' | 'specialist' | 'do_not_call_until' | 'store'>(f: F) =>
          eb.selectFrom('vehicles as v').select(`v.${f}`).whereRef('v.id', '=', 'renewal_cases.vehicle_id');
        return {
          plate: fromVehicle('plate'),
          installment: fromVehicle('installment'),
          specialist: fromVehicle('specialist'),
          do_not_call_until: fromVehicle('do_not_call_until'),
          store: fromVehicle('store'),
          vehicle_next_contact_at: latestCallback(db, 'renewal_cases.vehicle_id'),
        };
      })
      .where('vehicle_id', 'in', vehicleIds.slice(i, i + CHUNK))
      .execute();
  }
}

/** The cases out of step with their vehicle (none unless a writer above missed one). */
function staleCases(db: Kysely<Database>) {
  return db
    .selectFrom('renewal_cases as c')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .where((eb) =>
      eb.or([
        eb('c.plate', '<>', eb.ref('v.plate')),
        eb('c.installment', '<>', eb.ref('v.installment')),
        eb('c.specialist', 'is distinct from', eb.ref('v.specialist')),
        eb('c.do_not_call_until', 'is distinct from', eb.ref('v.do_not_call_until')),
        eb('c.store', 'is distinct from', eb.ref('v.store')),
        eb('c.vehicle_next_contact_at', 'is distinct from', latestCallback(db, 'c.vehicle_id')),
      ]),
    );
}

/** How many cases are out of step with their vehicle: `renew doctor` checks it. */
export async function staleCaseCopies(db: Kysely<Database>): Promise<number> {
  const row = await staleCases(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Brings every out-of-step case back in step (`renew doctor --repair`); run it in a write transaction. */
export async function repairCaseCopies(db: Kysely<Database>): Promise<number> {
  const vehicles = (await staleCases(db).select('c.vehicle_id').distinct().execute()).map((r) => r.vehicle_id);
  await refreshCaseCopies(db, vehicles);
  return vehicles.length;
}
