/**
 * Frozen: quotes (报价单) as the insurers gave them, one row per quote, with the cover
 * lines as JSON; the register gains the quote a renewal came from, the proposal's
 * quotes, and a competitor's price named on a call (the price gap).
 */
import type { Kysely } from 'kysely';
import { withId } from './id-column.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('quotes'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('renewal_cases.id'))
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('insurer', 'text', (c) => c.notNull())
    .addColumn('plan', 'text')
    .addColumn('compulsory_cents', 'integer', (c) => c.notNull())
    .addColumn('tax_cents', 'integer', (c) => c.notNull())
    .addColumn('commercial_cents', 'integer', (c) => c.notNull())
    .addColumn('covers', 'text', (c) => c.notNull())
    .addColumn('ncd', 'real')
    .addColumn('pricing_factor', 'real')
    .addColumn('gifts', 'text')
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('natural_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('specialist', 'text')
    .execute();
  await db.schema.createIndex('quotes_case').on('quotes').columns(['case_id', 'valid_until']).execute();
  await db.schema.alterTable('events').addColumn('quote_id', 'integer', (c) => c.references('quotes.id')).execute();
  await db.schema.alterTable('events').addColumn('competitor_cents', 'integer').execute();
  await db.schema.alterTable('events').addColumn('competitor_channel', 'text').execute();
}
