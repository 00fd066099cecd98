/**
 * The call claim (migration 0011): `renew call` marks the case as being dialled by
 * someone (`claimed_by`, `claimed_at`) so a colleague is refused instead of calling
 * the same customer; the claim is released when the call ends and counts for nothing
 * once older than `claim_minutes`. Run inside a write transaction whose row lock on
 * the case was taken first (Storage.lockCases: FOR UPDATE on PostgreSQL; SQLite's
 * BEGIN IMMEDIATE already serialises writers), so two people cannot both win.
 */
import type { Kysely } from 'kysely';
import { assertWriting, type Tx } from '../ports.js';
import type { Database } from '../schema.js';

export interface ClaimHolder {
  by: string;
  /** 'YYYY-MM-DD HH:mm:ss'. */
  at: string;
}

export interface ClaimRequest {
  caseId: number;
  actor: string;
  /** 'YYYY-MM-DD HH:mm:ss': now. */
  now: string;
  /** Claims taken before this moment have expired. */
  freeBefore: string;
  /** Take the case over from a live claim. */
  force: boolean;
}

/** Someone else's live claim on the case, if any (`actor`'s own claim does not count); reads only. */
export async function liveClaim(tx: Kysely<Database>, caseId: number, actor: string, freeBefore: string): Promise<ClaimHolder | undefined> {
  const row = await tx.selectFrom('renewal_cases').select(['claimed_by', 'claimed_at']).where('id', '=', caseId).executeTakeFirst();
  if (!row?.claimed_by || !row.claimed_at || row.claimed_by === actor || row.claimed_at < freeBefore) return undefined;
  return { by: row.claimed_by, at: row.claimed_at };
}

/**
 * Claims the case for `actor`. Returns the holder that refused it (nothing was
 * written), or `{ taken }`: the claim is ours, `taken` naming whoever held it live
 * and was overridden by `force`.
 */
export async function claimCase(tx: Tx, r: ClaimRequest): Promise<{ refused: ClaimHolder } | { taken: ClaimHolder | undefined }> {
  assertWriting(tx);
  const holder = await liveClaim(tx, r.caseId, r.actor, r.freeBefore);
  if (holder && !r.force) return { refused: holder };
  await tx.updateTable('renewal_cases').set({ claimed_by: r.actor, claimed_at: r.now }).where('id', '=', r.caseId).execute();
  return { taken: holder };
}

/** Releases `actor`'s claim on the case (someone who took it over keeps theirs). */
export async function releaseClaim(tx: Tx, caseId: number, actor: string): Promise<void> {
  assertWriting(tx);
  await tx.updateTable('renewal_cases').set({ claimed_by: null, claimed_at: null }).where('id', '=', caseId).where('claimed_by', '=', actor).execute();
}
