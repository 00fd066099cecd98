/**
 * Frozen: covering indexes for the monthly report (`renew report`).
 *
 * renewal_cases_report: the report reads a month's cohort by (status, due_date)
 * and sums a handful of columns per case. With those columns in the index the
 * month's figures and the six-month trend are read from a few contiguous stretches
 * of the index instead of ~37,000 scattered table rows on a large store
 * (bench/report.mjs). It starts like renewal_cases_status_due, so a query that
 * uses that one can use this too.
 *
 * events_case_report: the lost cases' register entries (corrections, objections,
 * whether there is a note, and when) without reading the events table; only the
 * few quoted notes are read from it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('renewal_cases_report')
    .on('renewal_cases')
    .columns([
      'status',
      'due_date',
      'renewed_premium_cents',
      'renewed_compulsory_cents',
      'renewed_commercial_cents',
      'vehicle_id',
      'closed_by',
      'renewed_insurer',
      'lost_reason',
      'sms_sent_at',
      'reached',
      'quoted',
    ])
    .execute();
  await db.schema
    .createIndex('events_case_report')
    .on('events')
    .columns(['case_id', 'supersedes_id', 'at', 'objections', 'note'])
    .execute();
}
