/**
 * No double dialling: while someone has a case open in `renew call` it is theirs
 * (storage/queries/claims.ts); a colleague gets one line naming them (exit 75, try
 * again later) unless `--force`. The claim is released when the call ends, also on
 * Ctrl-C or an error, and is free anyway after `claim_minutes` (a crashed PC).
 * The queue's "next" skips cases another person is on (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, behind Storage.lockCases).
 */
import { EXIT, RenewError } from '../../errors.js';
import { isoDateTime } from '../../rules/clock.js';
import { claimCase, type ClaimHolder, liveClaim, releaseClaim } from '../../storage/queries/claims.js';
import type { Context } from '../context.js';

type ClaimCtx = Pick<Context, 'db' | 'store' | 'now' | 'actor' | 'settings' | 't' | 'err'>;

/** Now, and the moment before which a claim has expired. */
async function claimClock(ctx: ClaimCtx): Promise<{ now: string; freeBefore: string }> {
  const { claim_minutes } = await ctx.settings();
  const now = ctx.now();
  return { now: isoDateTime(now), freeBefore: isoDateTime(new Date(now.getTime() - claim_minutes * 60_000)) };
}

/**
 * Runs `work` (the interactive call) holding the claim on the case; refuses when
 * someone else holds it, unless `force`. Nobody known at the keyboard: no claim.
 */
export async function withClaim<T>(ctx: ClaimCtx, target: { caseId: number; plate: string }, force: boolean, work: () => Promise<T>): Promise<T> {
  const actor = ctx.actor;
  if (actor === null) return work();
  const clock = await claimClock(ctx);
  const result = await ctx.store.write(async (tx) => {
    await ctx.store.lockCases(tx, [target.caseId], 'wait');
    return claimCase(tx, { caseId: target.caseId, actor, ...clock, force });
  });
  if ('refused' in result) throw claimedError(result.refused, target.plate);
  if (result.taken) ctx.err.write(ctx.t('team.call.tookOver', { name: result.taken.by, plate: target.plate }) + '\n');
  try {
    return await work();
  } finally {
    // Released whatever happened; a failed release leaves a claim that expires on its own.
    await ctx.store.write((tx) => releaseClaim(tx, target.caseId, actor)).catch(() => undefined);
  }
}

/** The one line a colleague gets: who is on the case, since when (exit 75: try again later). */
function claimedError(holder: ClaimHolder, plate: string): RenewError {
  return new RenewError('team.call.claimed', { name: holder.by, since: holder.at.slice(11, 16), plate }, EXIT.busy);
}

/** Refuses when someone else holds a live claim on the case; writes nothing. */
export async function refuseIfClaimed(ctx: ClaimCtx, target: { caseId: number; plate: string }): Promise<void> {
  const actor = ctx.actor;
  if (actor === null) return;
  const holder = await liveClaim(ctx.db, target.caseId, actor, (await claimClock(ctx)).freeBefore);
  if (holder) throw claimedError(holder, target.plate);
}

/**
 * The first of `caseIds` (in queue order) nobody else is on, claimed for the actor
 * in the same transaction; undefined when all are taken. Rows another transaction is
 * claiming right now are skipped, not waited for.
 */
export async function claimFirstFree(ctx: ClaimCtx, caseIds: readonly number[]): Promise<number | undefined> {
  const actor = ctx.actor;
  if (actor === null || caseIds.length === 0) return caseIds[0];
  const clock = await claimClock(ctx);
  return ctx.store.write(async (tx) => {
    const lockable = new Set(await ctx.store.lockCases(tx, caseIds, 'skip'));
    for (const caseId of caseIds) {
      if (!lockable.has(caseId) || (await liveClaim(tx, caseId, actor, clock.freeBefore))) continue;
      await claimCase(tx, { caseId, actor, ...clock, force: false });
      return caseId;
    }
    return undefined;
  });
}
