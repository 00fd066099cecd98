/**
 * Frozen: the PostgreSQL schema, equal to SQLite's after its migrations 0001-0005
 * (src/db/migrations), in one step. It is numbered 0005 so that a later change lands
 * under the same number on both engines (0006-... in each list).
 *
 * Same tables, columns, names, NOT NULL, defaults, CHECKs, foreign keys and unique
 * constraints as SQLite. Where the types differ, the values the code sees do not: the
 * connection's type parsers (../types.ts) turn each back into what SQLite returns.
 *
 * | SQLite (text/integer/real)       | PostgreSQL              | what the code reads and writes          |
 * |----------------------------------|-------------------------|-----------------------------------------|
 * | integer primary key (rowid)      | integer identity        | number (by default: explicit ids allowed)|
 * | 'YYYY-MM-DD' text                | date                    | 'YYYY-MM-DD' string (DATE parsed as is) |
 * | 'YYYY-MM-DD HH:mm:ss' text       | timestamptz             | 'YYYY-MM-DD HH:mm:ss' local string: the |
 * |   (a moment: created_at, at...)  |                         | session time zone is the process's zone |
 * | 'YYYY-MM-DD HH:mm' text          | timestamp(0), CHECK on  | 'YYYY-MM-DD HH:mm' string: a booked     |
 * |   (a booked callback)            | whole minutes           | callback is a wall-clock appointment    |
 * | integer fen                      | bigint                  | number (int8 parsed; above 2^53 throws) |
 * | integer 0/1 flag                 | boolean                 | 0 / 1 (parsed; '1'/'0' are valid input) |
 * | JSON text (settings, objections) | jsonb                   | JSON text, normalised by PostgreSQL     |
 * |                                  |                         | (spacing, key order): JSON.parse it     |
 * | real (target rate)               | double precision        | number                                  |
 *
 * Beyond values: a shared query must not compare a flag with a literal 1 (`reached = 1`
 * is an error on boolean; a bound parameter is fine) nor sum() it (count(*) filter
 * (where ...) or a cast); sum() of a bigint is numeric, parsed to number as well.
 *
 * Indexes: the SQLite ones by name. The covering indexes become B-trees keyed on what
 * the queries search by, with the rest of the columns they read as INCLUDE payload
 * (index-only scans), and events_case_report leaves out note and objections: a long
 * note would exceed PostgreSQL's index row limit (~2.7 kB) and fail the insert.
 */
import { type Kysely, sql } from 'kysely';

const MOMENT = 'timestamptz';
/** A booked callback: local wall-clock time in whole minutes. */
const APPOINTMENT = sql`timestamp(0)`;
const MONEY = 'bigint';
const FLAG = 'boolean';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vehicles')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('plate', 'text', (c) => c.notNull().unique())
    .addColumn('vin', 'text')
    .addColumn('engine_no', 'text')
    .addColumn('model', 'text')
    .addColumn('first_registration', 'date')
    .addColumn('owner', 'text')
    .addColumn('insured', 'text')
    .addColumn('phone', 'text')
    .addColumn('id_no', 'text')
    .addColumn('address', 'text')
    .addColumn('installment', FLAG, (c) => c.notNull().defaultTo(false))
    .addColumn('specialist', 'text')
    .addColumn('do_not_call_until', 'date')
    .addColumn('purged_at', MOMENT)
    .addColumn('created_at', MOMENT, (c) => c.notNull())
    .addColumn('updated_at', MOMENT, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('shape', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('started_at', MOMENT, (c) => c.notNull())
    .addColumn('finished_at', MOMENT, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('renewal_cases')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('compulsory_end', 'date')
    .addColumn('commercial_end', 'date')
    .addColumn('last_premium_cents', MONEY)
    .addColumn('last_insurer', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'renewed', 'lost')`))
    .addColumn('closed_at', MOMENT)
    .addColumn('closed_by', 'text')
    .addColumn('renewed_insurer', 'text')
    .addColumn('renewed_compulsory_cents', MONEY)
    .addColumn('renewed_commercial_cents', MONEY)
    .addColumn('renewed_premium_cents', MONEY)
    .addColumn('lost_reason', 'text')
    .addColumn('sms_sent_at', MOMENT)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unanswered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_contact_at', MOMENT)
    .addColumn('last_outcome', 'text')
    .addColumn('next_contact_at', APPOINTMENT, (c) => c.check(wholeMinutes('next_contact_at')))
    .addColumn('reached', FLAG, (c) => c.notNull().defaultTo(false))
    .addColumn('quoted', FLAG, (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', MOMENT, (c) => c.notNull())
    .addColumn('updated_at', MOMENT, (c) => c.notNull())
    // SQLite's 0004 copies of the vehicle's fields (src/core/case-copies.ts)
    .addColumn('plate', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('installment', FLAG, (c) => c.notNull().defaultTo(false))
    .addColumn('specialist', 'text')
    .addColumn('do_not_call_until', 'date')
    .addColumn('vehicle_next_contact_at', APPOINTMENT, (c) => c.check(wholeMinutes('vehicle_next_contact_at')))
    .execute();
  await db.schema.createIndex('renewal_cases_vehicle').on('renewal_cases').column('vehicle_id').execute();
  // The morning queue (open cases by due date) and the monthly report (a due-month cohort):
  // a range on (status, due_date), everything else they filter, score, group and sum on as payload.
  await sql`create index renewal_cases_queue on renewal_cases (status, due_date) include (
    specialist, renewed_insurer, lost_reason,
    vehicle_next_contact_at, next_contact_at, do_not_call_until, sms_sent_at, plate, vehicle_id,
    attempts, reached, installment, last_premium_cents,
    renewed_premium_cents, renewed_compulsory_cents, renewed_commercial_cents, closed_by, quoted)`.execute(db);
  // The callbacks group: a range of booked callbacks; cases without one are not in the index.
  await sql`create index renewal_cases_next_contact on renewal_cases (next_contact_at)
    include (vehicle_next_contact_at, do_not_call_until, specialist, plate, due_date, vehicle_id)
    where next_contact_at is not null`.execute(db);

  await db.schema
    .createTable('policies')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('renews_case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('compulsory', 'commercial')`))
    .addColumn('insurer', 'text')
    .addColumn('policy_no', 'text')
    .addColumn('natural_key', 'text', (c) => c.notNull().unique())
    .addColumn('premium_cents', MONEY)
    .addColumn('start_date', 'date')
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addColumn('coverages', 'text')
    .addColumn('row_hash', 'text')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('created_at', MOMENT, (c) => c.notNull())
    .addColumn('updated_at', MOMENT, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('policies_vehicle').on('policies').column('vehicle_id').execute();
  await db.schema.createIndex('policies_case').on('policies').column('case_id').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('renewal_cases.id'))
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('at', MOMENT, (c) => c.notNull())
    .addColumn('recorded_at', MOMENT, (c) => c.notNull())
    .addColumn('specialist', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('duration_s', 'integer')
    .addColumn('next_at', APPOINTMENT, (c) => c.check(wholeMinutes('next_at')))
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('objections', 'jsonb')
    .addColumn('insurer', 'text')
    .addColumn('kinds', 'text')
    .addColumn('compulsory_cents', MONEY)
    .addColumn('commercial_cents', MONEY)
    .addColumn('premium_cents', MONEY)
    .addColumn('start_date', 'date')
    .addColumn('until', 'date')
    .addColumn('policy_id', 'integer', (c) => c.references('policies.id'))
    .addColumn('supersedes_id', 'integer', (c) => c.references('events.id'))
    .execute();
  await db.schema.createIndex('events_case_at').on('events').columns(['case_id', 'at']).execute();
  await db.schema.createIndex('events_vehicle').on('events').column('vehicle_id').execute();
  await db.schema.createIndex('events_outcome_at').on('events').columns(['outcome', 'at']).execute();
  await db.schema.createIndex('events_case_report').on('events').columns(['case_id', 'supersedes_id', 'at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', MOMENT, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('targets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('specialist', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vehicles', 'integer')
    .addColumn('premium_cents', MONEY)
    .addColumn('rate', 'double precision')
    .addColumn('updated_at', MOMENT, (c) => c.notNull())
    .addUniqueConstraint('targets_month_specialist', ['month', 'specialist'])
    .execute();
}

/** A callback is booked to the minute; the type parser returns 'YYYY-MM-DD HH:mm' and must lose nothing. */
function wholeMinutes(column: string) {
  const c = sql.ref(column);
  return sql`${c} = date_trunc('minute', ${c})`;
}
