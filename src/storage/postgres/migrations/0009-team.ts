/**
 * Frozen: SQLite's 0009-team in PostgreSQL types: `events.actor` (who did it), the
 * store's `users` with their roles, the group's `stores`, and `vehicles.status`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('actor', 'text').execute();
  await db.schema.alterTable('vehicles').addColumn('status', 'text').execute();
  await db.schema
    .createTable('stores')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('store', 'text', (c) => c.references('stores.code'))
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
