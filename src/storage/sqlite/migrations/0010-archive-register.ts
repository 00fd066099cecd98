/**
 * Frozen: the policy archive (issue 15), step two: three append-only registers of a
 * vehicle, beside the follow-up register (`events`), because none of them is a
 * contact with the customer or belongs to one renewal case:
 * - `vehicle_changes`: each detail `renew edit` changed, with the old and new value
 *   and who changed it. Phones and ID numbers are stored masked here: in full they
 *   live only on the vehicle.
 * - `custody`: where the paper policy of each kind is (代管保单): received by the
 *   store, handed over, posted. A correction is a new row whose `supersedes_id`
 *   hides the earlier one.
 * - `deposits`: a loan customer's renewal deposit (续保押金): received, refunded,
 *   forfeited, in fen; `case_id` is the renewal it secures. Corrections likewise.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vehicle_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('vehicle_changes_vehicle').on('vehicle_changes').column('vehicle_id').execute();
  await db.schema
    .createTable('custody')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('recipient', 'text')
    .addColumn('tracking', 'text')
    .addColumn('supersedes_id', 'integer', (c) => c.references('custody.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('custody_vehicle').on('custody').column('vehicle_id').execute();
  await db.schema
    .createTable('deposits')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer')
    .addColumn('method', 'text')
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('supersedes_id', 'integer', (c) => c.references('deposits.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('deposits_vehicle').on('deposits').column('vehicle_id').execute();
}
