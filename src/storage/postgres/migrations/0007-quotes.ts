/**
 * Frozen: SQLite's 0007-quotes in PostgreSQL types: quotes (报价单) with the cover lines
 * as jsonb, money in bigint fen; the register gains quote_id and the competitor's price.
 */
import type { Kysely } from 'kysely';

const MONEY = 'bigint';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('renewal_cases.id'))
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
    .addColumn('insurer', 'text', (c) => c.notNull())
    .addColumn('plan', 'text')
    .addColumn('compulsory_cents', MONEY, (c) => c.notNull())
    .addColumn('tax_cents', MONEY, (c) => c.notNull())
    .addColumn('commercial_cents', MONEY, (c) => c.notNull())
    .addColumn('covers', 'jsonb', (c) => c.notNull())
    .addColumn('ncd', 'double precision')
    .addColumn('pricing_factor', 'double precision')
    .addColumn('gifts', 'jsonb')
    .addColumn('valid_until', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('natural_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('specialist', 'text')
    .execute();
  await db.schema.createIndex('quotes_case').on('quotes').columns(['case_id', 'valid_until']).execute();
  await db.schema.alterTable('events').addColumn('quote_id', 'integer', (c) => c.references('quotes.id')).execute();
  await db.schema.alterTable('events').addColumn('competitor_cents', MONEY).execute();
  await db.schema.alterTable('events').addColumn('competitor_channel', 'text').execute();
}
