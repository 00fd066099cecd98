/** What a new renewal case knows about its vehicle (see src/core/case-copies.ts), for seeds that insert cases directly. */
import type { Kysely } from 'kysely';
import { type CaseCopies, latestCallback } from '../../src/storage/queries/case-copies.js';
import type { Database } from '../../src/storage/schema.js';

export async function caseCopies(db: Kysely<Database>, vehicleId: number): Promise<CaseCopies> {
  return db
    .selectFrom('vehicles as v')
    .select(['v.plate', 'v.installment', 'v.specialist', 'v.do_not_call_until', 'v.store'])
    .select(latestCallback(db, 'v.id').as('vehicle_next_contact_at'))
    .where('v.id', '=', vehicleId)
    .executeTakeFirstOrThrow();
}
