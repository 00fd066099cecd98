/**
 * Frozen: the first beneficiary (第一受益人) of a loan vehicle, usually the lending
 * bank, as the dealer's export names it. The close screen's read-back names it so
 * the customer hears the lender is on the new policy.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vehicles').addColumn('beneficiary', 'text').execute();
}
