/**
 * Frozen: two indexes that cost every write more than they give.
 *
 * - policies_end_date: no query filters or sorts policies by end date across
 *   vehicles (cases carry the due dates; a vehicle's policies are read through
 *   policies_vehicle). It only cost a random-order insert per policy, and on a
 *   million-row import a 1.2 s rebuild.
 * - renewal_cases_next_contact becomes partial: only cases with a booked callback.
 *   Its one reader, the morning screen's callbacks group, asks for a range of
 *   next_contact_at, which implies the column is not null, so SQLite (and
 *   PostgreSQL) still use it. A new case no longer writes an entry, and a million
 *   policies no longer sort half a million empty keys (1.4 s of a bulk import).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('policies_end_date').execute();
  await db.schema.dropIndex('renewal_cases_next_contact').execute();
  await db.schema
    .createIndex('renewal_cases_next_contact')
    .on('renewal_cases')
    .columns(['next_contact_at', 'vehicle_next_contact_at', 'do_not_call_until', 'specialist', 'plate', 'due_date', 'vehicle_id'])
    .where((eb) => eb('next_contact_at', 'is not', null))
    .execute();
}
