/**
 * Frozen: the morning queue and the monthly report read renewal cases alone.
 *
 * `renew today` on a large store filters and orders tens of thousands of open
 * cases by fields of their vehicle (plate, loan, specialist, do-not-call); joining
 * one vehicle row per case, and probing the vehicle's other cases for a later
 * callback, made it five times slower than a bare query. Each case now carries a
 * copy of those four fields and the latest callback booked on any of its vehicle's
 * cases (kept in step wherever a case is written or a source changes: see
 * src/core/case-copies.ts), and one covering index serves both readers:
 *
 * - renewal_cases_queue: (status, due_date) then every column the queue filters,
 *   scores and sorts on, and every column the report sums. It starts like
 *   renewal_cases_status_due and holds all of renewal_cases_report's columns, so it
 *   replaces both: one index less to write on every case change.
 * - renewal_cases_next_contact covers the callbacks group the same way.
 *
 * The backfill is one correlated UPDATE (portable to PostgreSQL).
 */
import type { Kysely } from 'kysely';

const COPIED = ['plate', 'installment', 'specialist', 'do_not_call_until'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('renewal_cases').addColumn('plate', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('renewal_cases').addColumn('installment', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('renewal_cases').addColumn('specialist', 'text').execute();
  await db.schema.alterTable('renewal_cases').addColumn('do_not_call_until', 'text').execute();
  await db.schema.alterTable('renewal_cases').addColumn('vehicle_next_contact_at', 'text').execute();
  await db
    .updateTable('renewal_cases')
    .set((eb) => ({
      ...Object.fromEntries(COPIED.map((f) => [f, eb.selectFrom('vehicles as v').select(`v.${f}`).whereRef('v.id', '=', 'renewal_cases.vehicle_id')])),
      vehicle_next_contact_at: eb.selectFrom('renewal_cases as o').select((o) => o.fn.max('o.next_contact_at').as('latest')).whereRef('o.vehicle_id', '=', 'renewal_cases.vehicle_id'),
    }))
    .execute();

  await db.schema.dropIndex('renewal_cases_status_due').execute();
  await db.schema.dropIndex('renewal_cases_report').execute();
  await db.schema.dropIndex('renewal_cases_next_contact').execute();
  await db.schema
    .createIndex('renewal_cases_queue')
    .on('renewal_cases')
    .columns([
      'status', 'due_date',
      // the report's groups, in this order so that it groups in index order, without a sort
      'specialist', 'renewed_insurer', 'lost_reason',
      // the queue: filters, sort keys and score inputs (any order: status and due date are its ranges)
      'vehicle_next_contact_at', 'next_contact_at', 'do_not_call_until', 'sms_sent_at', 'plate', 'vehicle_id',
      'attempts', 'reached', 'installment', 'last_premium_cents',
      // the report's sums
      'renewed_premium_cents', 'renewed_compulsory_cents', 'renewed_commercial_cents', 'closed_by', 'quoted',
    ])
    .execute();
  await db.schema
    .createIndex('renewal_cases_next_contact')
    .on('renewal_cases')
    .columns(['next_contact_at', 'vehicle_next_contact_at', 'do_not_call_until', 'specialist', 'plate', 'due_date', 'vehicle_id'])
    .execute();
}
