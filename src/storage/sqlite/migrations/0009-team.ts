/**
 * Frozen: the team's foundation (issue 16). The register records who did each thing
 * (`events.actor`: the person at the keyboard) beside the vehicle's assigned
 * specialist, which is who should do it. `users` are the store's people and their
 * roles; `stores` the dealer group's stores. A vehicle sold or scrapped
 * (`vehicles.status`) leaves every queue and the base of customers; null: in use.
 * A database with no users keeps working as one person's file: the actor is then
 * the OS login or RENEW_USER, unchecked.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('actor', 'text').execute();
  await db.schema.alterTable('vehicles').addColumn('status', 'text').execute();
  await db.schema
    .createTable('stores')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('store', 'text', (c) => c.references('stores.code'))
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
