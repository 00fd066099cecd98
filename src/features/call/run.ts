/**
 * `renew call <plate>`: find the case, then either record the outcome given as
 * flags or walk the specialist through the script, and write one event.
 */
import { cleanEntry } from '../entry-text.js';
import type { Context } from '../context.js';
import type { NewQuoteRow, RegisterEvent } from '../../storage/schema.js';
import { caseQuotes } from '../../storage/queries/quotes.js';
import { isoDateTime } from '../../rules/clock.js';
import { quoteRow } from '../quote/record.js';
import { EXIT, RenewError } from '../../errors.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { assertCaseOpen, loadCallFacts, loadScriptFor } from './facts.js';
import { type CallPaint, type CallSession, PLAIN_PAINT, runCallFlow } from './flow.js';
import { type OutcomeEntry, correctionTarget, recordCall, validateOutcome } from './outcome.js';
import { caseVars } from './placeholders.js';
import { entryFromQuote } from './from-quote.js';
import { refuseIfClaimed, withClaim } from './claim.js';
import { assertVehicleInStore } from '../stores/scope.js';

export interface CallOptions extends OutcomeEntry {
  /** EVENT_ID: record a correction superseding that event. */
  correct?: string;
  /** QUOTE_ID: a renewal takes its insurer and premiums from this quote. */
  quote?: string;
  /** How the interactive call screen marks its text (the command passes the terminal's colours). */
  paint?: CallPaint;
  /** Take the case over from a colleague who has it open (the claim of claim.ts). */
  force?: boolean;
}

export async function runCall(ctx: Context, plate: string, { paint = PLAIN_PAINT, ...options }: CallOptions): Promise<RegisterEvent> {
  const vehicle = await findVehicle(ctx.db, plate);
  await assertVehicleInStore(ctx, vehicle);
  const corrected = options.correct !== undefined ? await correctionTarget(ctx, vehicle, options.correct) : undefined;
  if (corrected && options.outcome === undefined) throw new RenewError('call.correctNeedsOutcome', { id: corrected.id }, EXIT.usage);
  const facts = await loadCallFacts(ctx, vehicle, corrected?.case_id);
  if (!corrected) await assertCaseOpen(ctx, vehicle, facts.case, facts.reasons);
  // A case in the pool (nobody assigned) becomes the caller's with this call, on a store with users.
  const me = vehicle.specialist === null ? await ctx.member() : null;
  const takeFor = me?.name;
  const specialist = options.specialist?.trim() || vehicle.specialist || takeFor;
  const rules = { now: ctx.now(), today: ctx.today, insurers: facts.insurers, aliases: facts.aliases, reasons: facts.reasons, case: facts.case };
  const { correct: _correct, force, quote, ...rest } = options;

  const finish = async (entry: OutcomeEntry, quoteId: number | null, startedAt?: Date, newQuote?: NewQuoteRow): Promise<RegisterEvent> => {
    // A note typed or pasted with control characters (escapes, BEL) is kept without them, with a warning.
    const note = entry.note === undefined ? undefined : cleanEntry(ctx, '--note', entry.note);
    const outcome = { ...validateOutcome({ ...entry, note, specialist: specialist ?? undefined }, rules), quoteId, newQuote };
    const event = await recordCall(ctx, { vehicle, case: facts.case }, outcome, startedAt, takeFor);
    if (takeFor !== undefined) ctx.err.write(ctx.t('team.call.taken', { plate: vehicle.plate }) + '\n');
    ctx.err.write(ctx.t(corrected ? 'call.corrected' : 'call.recorded', { id: event.id, plate: vehicle.plate, outcome: ctx.t(`call.outcome.${outcome.outcome as 'renewed'}`), old: corrected?.id ?? '' }) + '\n');
    return event;
  };

  if (quote !== undefined) {
    const { entry, quoteId } = await entryFromQuote(ctx, facts.case, { ...rest, quote });
    return finish({ ...entry, supersedesId: corrected?.id }, quoteId);
  }
  if (options.outcome !== undefined) return finish({ ...rest, supersedesId: corrected?.id }, null);
  const target = { caseId: facts.case.id, plate: vehicle.plate };
  if (!ctx.stdinIsTTY) {
    // That a colleague is on the line with the customer is the more useful news (read only: nothing is claimed).
    if (!force) await refuseIfClaimed(ctx, target);
    throw new RenewError('errors.noTty', { alternative: ctx.t('call.noTtyAlternative') }, EXIT.usage);
  }
  // The script runs while the case is claimed: a colleague opening it meanwhile is told who is on it.
  return withClaim(ctx, target, Boolean(force), async () => {
    const script = loadScriptFor(ctx, facts.reasons);
    const startedAt = ctx.now();
    const storedQuotes = (await caseQuotes(ctx.db, facts.case.id)).filter((q) => q.valid_until >= ctx.today);
    const session: CallSession = { paint, today: ctx.today, facts, script, vars: caseVars(ctx, facts, specialist ?? null), objections: [], storedQuotes };
    const flowEntry = await runCallFlow(ctx, session);
    let entry: OutcomeEntry = { ...flowEntry, durationS: Math.max(0, Math.round((ctx.now().getTime() - startedAt.getTime()) / 1000)) };
    let quoteId: number | null = null;
    // A stored quote picked on the call: a renewal takes insurer and premiums from it, as --quote does.
    const picked = session.quote?.storedId;
    if (picked !== undefined && entry.outcome === 'renewed') ({ entry, quoteId } = await entryFromQuote(ctx, facts.case, { ...entry, quote: String(picked) }));
    // A new quote entered on the call is stored with the call's event, in its transaction.
    const entered = session.quote?.entered;
    const newQuote = entered
      ? quoteRow(entered, { caseId: facts.case.id, vehicleId: vehicle.id, createdAt: isoDateTime(ctx.now()), specialist: specialist ?? null, source: 'entry', naturalKey: null })
      : undefined;
    return finish(entry, quoteId, startedAt, newQuote);
  });
}
