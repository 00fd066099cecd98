/**
 * Frozen: SQLite's 0006 on PostgreSQL, the first beneficiary (第一受益人) of a loan
 * vehicle, usually the lending bank, as the dealer's export names it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vehicles').addColumn('beneficiary', 'text').execute();
}
