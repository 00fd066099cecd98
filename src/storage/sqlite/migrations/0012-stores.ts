/**
 * Frozen: the dealer group's stores (issue 16). Every vehicle belongs to one store
 * (`vehicles.store`, a store's code; null while the database has no stores), and each
 * case carries a copy of it (src/storage/queries/case-copies.ts) so the morning queue
 * and the report filter by store from their covering indexes alone:
 *
 * - renewal_cases_queue gains `store` right after the report's groups (specialist,
 *   renewed_insurer, lost_reason): the month report still groups in index order, the
 *   group report groups by store in it too, and a store's queue is a payload filter
 *   on the same (status, due_date) range, never a table row.
 * - renewal_cases_next_contact (the callbacks group) gains it as well.
 *
 * A quote records who typed it in (`quotes.actor`), for the report's activity per person.
 *
 * Settings and targets become per store: `store` '' is the group-wide value a store's
 * own overrides. SQLite cannot change a primary key or a unique constraint in place,
 * so both tables are rebuilt (create the new one, copy, drop, rename) inside this
 * migration's transaction; their rows become the group-wide ones.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vehicles').addColumn('store', 'text', (c) => c.references('stores.code')).execute();
  await db.schema.alterTable('renewal_cases').addColumn('store', 'text').execute();
  // Who typed a quote in: the month report's activity counts quotes by the person, as it counts calls.
  await db.schema.alterTable('quotes').addColumn('actor', 'text').execute();

  await db.schema.dropIndex('renewal_cases_queue').execute();
  await db.schema
    .createIndex('renewal_cases_queue')
    .on('renewal_cases')
    .columns([
      'status', 'due_date',
      // the reports' groups, in this order so that both group in index order, without a sort
      'specialist', 'renewed_insurer', 'lost_reason', 'store',
      // the queue: filters, sort keys and score inputs (any order: status and due date are its ranges)
      'vehicle_next_contact_at', 'next_contact_at', 'do_not_call_until', 'sms_sent_at', 'plate', 'vehicle_id',
      'attempts', 'reached', 'installment', 'last_premium_cents',
      // the report's sums
      'renewed_premium_cents', 'renewed_compulsory_cents', 'renewed_commercial_cents', 'closed_by', 'quoted',
    ])
    .execute();
  await db.schema.dropIndex('renewal_cases_next_contact').execute();
  await db.schema
    .createIndex('renewal_cases_next_contact')
    .on('renewal_cases')
    .columns(['next_contact_at', 'vehicle_next_contact_at', 'do_not_call_until', 'specialist', 'store', 'plate', 'due_date', 'vehicle_id'])
    .where((eb) => eb('next_contact_at', 'is not', null))
    .execute();

  await db.schema
    .createTable('settings_new')
    .addColumn('store', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('settings_pkey', ['store', 'key'])
    .execute();
  await sql`insert into settings_new (store, key, value, updated_at) select '', key, value, updated_at from settings`.execute(db);
  await db.schema.dropTable('settings').execute();
  await db.schema.alterTable('settings_new').renameTo('settings').execute();

  await db.schema
    .createTable('targets_new')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('store', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('specialist', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vehicles', 'integer')
    .addColumn('premium_cents', 'integer')
    .addColumn('rate', 'real')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('targets_store_month_specialist', ['store', 'month', 'specialist'])
    .execute();
  await sql`insert into targets_new (id, store, month, specialist, vehicles, premium_cents, rate, updated_at)
    select id, '', month, specialist, vehicles, premium_cents, rate, updated_at from targets`.execute(db);
  await db.schema.dropTable('targets').execute();
  await db.schema.alterTable('targets_new').renameTo('targets').execute();
}
