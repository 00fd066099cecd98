/**
 * Frozen: SQLite's 0012-stores in PostgreSQL: the vehicle's store and the case's copy
 * of it, both covering indexes carrying it, and settings and targets per store ('' the
 * group-wide value). PostgreSQL changes the keys in place; SQLite rebuilds the tables.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vehicles').addColumn('store', 'text', (c) => c.references('stores.code')).execute();
  await db.schema.alterTable('renewal_cases').addColumn('store', 'text').execute();
  // Who typed a quote in: the month report's activity counts quotes by the person, as it counts calls.
  await db.schema.alterTable('quotes').addColumn('actor', 'text').execute();

  await db.schema.dropIndex('renewal_cases_queue').execute();
  await sql`create index renewal_cases_queue on renewal_cases (status, due_date) include (
    specialist, renewed_insurer, lost_reason, store,
    vehicle_next_contact_at, next_contact_at, do_not_call_until, sms_sent_at, plate, vehicle_id,
    attempts, reached, installment, last_premium_cents,
    renewed_premium_cents, renewed_compulsory_cents, renewed_commercial_cents, closed_by, quoted)`.execute(db);
  await db.schema.dropIndex('renewal_cases_next_contact').execute();
  await sql`create index renewal_cases_next_contact on renewal_cases (next_contact_at)
    include (vehicle_next_contact_at, do_not_call_until, specialist, store, plate, due_date, vehicle_id)
    where next_contact_at is not null`.execute(db);

  await db.schema.alterTable('settings').addColumn('store', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`alter table settings drop constraint settings_pkey`.execute(db);
  await sql`alter table settings add constraint settings_pkey primary key (store, key)`.execute(db);

  await db.schema.alterTable('targets').addColumn('store', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('targets').dropConstraint('targets_month_specialist').execute();
  await db.schema.alterTable('targets').addUniqueConstraint('targets_store_month_specialist', ['store', 'month', 'specialist']).execute();
}
