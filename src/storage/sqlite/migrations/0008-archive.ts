/**
 * Frozen: the policy archive (issue 15), step one. A policy written by hand (a
 * renewal recorded on the phone) remembers the register event that wrote it, so a
 * correction of that event finds and corrects or removes it in the same
 * transaction. Imported policies leave it null. The index is partial: only
 * hand-written policies have an entry.
 *
 * A vehicle's business type (业务类型): 'new' (新保, a new car insured by this store
 * first), 'renewal' (续保), 'switch' (转保, cover moved here from elsewhere); null when
 * nobody said.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('policies').addColumn('event_id', 'integer').execute();
  await db.schema.alterTable('vehicles').addColumn('business', 'text').execute();
  await db.schema
    .createIndex('policies_event')
    .on('policies')
    .column('event_id')
    .where((eb) => eb('event_id', 'is not', null))
    .execute();
}
