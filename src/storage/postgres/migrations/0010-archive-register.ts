/**
 * Frozen: SQLite's 0010-archive-register in PostgreSQL types: the registers of a
 * vehicle's changed details (vehicle_changes), of its paper policies in the store's
 * custody (custody) and of a loan customer's renewal deposit (deposits, bigint fen).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vehicle_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('vehicle_changes_vehicle').on('vehicle_changes').column('vehicle_id').execute();
  await db.schema
    .createTable('custody')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('on_date', 'date', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('recipient', 'text')
    .addColumn('tracking', 'text')
    .addColumn('supersedes_id', 'integer', (c) => c.references('custody.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('custody_vehicle').on('custody').column('vehicle_id').execute();
  await db.schema
    .createTable('deposits')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint')
    .addColumn('method', 'text')
    .addColumn('on_date', 'date', (c) => c.notNull())
    .addColumn('supersedes_id', 'integer', (c) => c.references('deposits.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute();
  await db.schema.createIndex('deposits_vehicle').on('deposits').column('vehicle_id').execute();
}
