/** Frozen: vehicles, policies, renewal cases, the follow-up register, imports, settings. */
import { type Kysely, sql } from 'kysely';
import { withId } from './id-column.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('vehicles'))
    .addColumn('plate', 'text', (c) => c.notNull().unique())
    .addColumn('vin', 'text')
    .addColumn('engine_no', 'text')
    .addColumn('model', 'text')
    .addColumn('first_registration', 'text')
    .addColumn('owner', 'text')
    .addColumn('insured', 'text')
    .addColumn('phone', 'text')
    .addColumn('id_no', 'text')
    .addColumn('address', 'text')
    .addColumn('installment', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('specialist', 'text')
    .addColumn('do_not_call_until', 'text')
    .addColumn('purged_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('imports'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('shape', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('renewal_cases'))
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('compulsory_end', 'text')
    .addColumn('commercial_end', 'text')
    .addColumn('last_premium_cents', 'integer')
    .addColumn('last_insurer', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sqlIn('status', ['open', 'renewed', 'lost'])))
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('renewed_insurer', 'text')
    .addColumn('renewed_compulsory_cents', 'integer')
    .addColumn('renewed_commercial_cents', 'integer')
    .addColumn('renewed_premium_cents', 'integer')
    .addColumn('lost_reason', 'text')
    .addColumn('sms_sent_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unanswered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_contact_at', 'text')
    .addColumn('last_outcome', 'text')
    .addColumn('next_contact_at', 'text')
    .addColumn('reached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quoted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The morning queue reads open cases by due date; the index turns a scan into a range read.
  await db.schema.createIndex('renewal_cases_status_due').on('renewal_cases').columns(['status', 'due_date']).execute();
  await db.schema.createIndex('renewal_cases_vehicle').on('renewal_cases').column('vehicle_id').execute();
  await db.schema.createIndex('renewal_cases_next_contact').on('renewal_cases').column('next_contact_at').execute();

  await withId(db, db.schema.createTable('policies'))
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('renews_case_id', 'integer', (c) => c.references('renewal_cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['compulsory', 'commercial'])))
    .addColumn('insurer', 'text')
    .addColumn('policy_no', 'text')
    .addColumn('natural_key', 'text', (c) => c.notNull().unique())
    .addColumn('premium_cents', 'integer')
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('coverages', 'text')
    .addColumn('row_hash', 'text')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('policies_vehicle').on('policies').column('vehicle_id').execute();
  await db.schema.createIndex('policies_case').on('policies').column('case_id').execute();
  await db.schema.createIndex('policies_end_date').on('policies').column('end_date').execute();

  await withId(db, db.schema.createTable('events'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('renewal_cases.id'))
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('specialist', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('duration_s', 'integer')
    .addColumn('next_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('objections', 'text')
    .addColumn('insurer', 'text')
    .addColumn('kinds', 'text')
    .addColumn('compulsory_cents', 'integer')
    .addColumn('commercial_cents', 'integer')
    .addColumn('premium_cents', 'integer')
    .addColumn('start_date', 'text')
    .addColumn('until', 'text')
    .addColumn('policy_id', 'integer', (c) => c.references('policies.id'))
    .addColumn('supersedes_id', 'integer', (c) => c.references('events.id'))
    .execute();
  await db.schema.createIndex('events_case_at').on('events').columns(['case_id', 'at']).execute();
  await db.schema.createIndex('events_vehicle').on('events').column('vehicle_id').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** A portable CHECK (column IN (...)) expression. */
function sqlIn(column: string, values: string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}
