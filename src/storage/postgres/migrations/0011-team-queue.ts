/**
 * Frozen: SQLite's 0011-team-queue in PostgreSQL types: `case_moves` (every change
 * of a vehicle's specialist, append-only) and the call claim on `renewal_cases`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('renewal_cases').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('renewal_cases').addColumn('claimed_at', 'timestamptz').execute();
  await db.schema
    .createTable('case_moves')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('from_specialist', 'text')
    .addColumn('to_specialist', 'text')
    .addColumn('actor', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_moves_vehicle').on('case_moves').columns(['vehicle_id', 'id']).execute();
}
