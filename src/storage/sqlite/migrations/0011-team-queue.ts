/**
 * Frozen: the team's queue (issue 16). `case_moves` keeps every change of a
 * vehicle's assigned specialist (split, hand-over, recycle to the pool, taken from
 * the pool): from, to, who did it, why and when; append-only, shown by `renew
 * history`. `renewal_cases.claimed_by`/`claimed_at`: the person on the phone with
 * the case now (`renew call`), so a colleague does not dial the same customer; a
 * claim older than the `claim_minutes` setting is free again.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('renewal_cases').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('renewal_cases').addColumn('claimed_at', 'text').execute();
  await db.schema
    .createTable('case_moves')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('from_specialist', 'text')
    .addColumn('to_specialist', 'text')
    .addColumn('actor', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_moves_vehicle').on('case_moves').columns(['vehicle_id', 'id']).execute();
}
