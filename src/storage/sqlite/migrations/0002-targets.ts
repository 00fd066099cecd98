/** Frozen: monthly targets for the store ('' specialist) and per specialist. */
import type { Kysely } from 'kysely';
import { withId } from './id-column.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('targets'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('specialist', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vehicles', 'integer')
    .addColumn('premium_cents', 'integer')
    .addColumn('rate', 'real')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('targets_month_specialist', ['month', 'specialist'])
    .execute();
  // Monthly reports read a cohort by due month and then group by outcome.
  await db.schema.createIndex('events_outcome_at').on('events').columns(['outcome', 'at']).execute();
}
