/**
 * Frozen: the two covering indexes of the morning queue carry the case's id.
 *
 * SQLite's indexes hold the rowid (= id) of every entry, so its queue reads the index
 * alone. PostgreSQL's hold only the columns named: `today` selects `c.id` to join the
 * chosen cases back, so without it every candidate case was fetched from the table
 * (a bitmap heap scan: on a 100k-policy demo 1,043 heap pages for one specialist's
 * calls group, 50-86 ms; with the id, an index-only scan with 0 heap fetches, 11 ms).
 * It rebuilds 0012's indexes (which added `store`) with the id at the end.
 * The indexes keep their names (the engines share index names). PostgreSQL only:
 * SQLite's schema already has what this adds, so its list has no 0013.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index renewal_cases_queue`.execute(db);
  await sql`create index renewal_cases_queue on renewal_cases (status, due_date) include (
    specialist, renewed_insurer, lost_reason, store,
    vehicle_next_contact_at, next_contact_at, do_not_call_until, sms_sent_at, plate, vehicle_id,
    attempts, reached, installment, last_premium_cents,
    renewed_premium_cents, renewed_compulsory_cents, renewed_commercial_cents, closed_by, quoted, id)`.execute(db);
  await sql`drop index renewal_cases_next_contact`.execute(db);
  await sql`create index renewal_cases_next_contact on renewal_cases (next_contact_at)
    include (vehicle_next_contact_at, do_not_call_until, specialist, store, plate, due_date, vehicle_id, id)
    where next_contact_at is not null`.execute(db);
}
