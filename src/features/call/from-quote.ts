/**
 * `renew call --outcome renewed --quote ID`: the renewal's insurer and premiums are the
 * quote's, so what was quoted and what was renewed cannot drift apart. The quote must
 * belong to the case and still be valid.
 */
import type { Context } from '../context.js';
import type { PolicyKind, QuoteRow, RenewalCase } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import { quotesById } from '../../storage/queries/quotes.js';
import { FLAG, type OutcomeEntry } from './outcome.js';

/** The entry with insurer, kinds and premiums filled from the quote; throws when it cannot be used. */
export async function entryFromQuote(ctx: Pick<Context, 'db' | 'today'>, c: RenewalCase, entry: OutcomeEntry & { quote: string }): Promise<{ entry: OutcomeEntry; quoteId: number }> {
  const id = Number(entry.quote);
  if (!Number.isSafeInteger(id) || id <= 0) throw new RenewError('quote.badId', { value: entry.quote }, EXIT.usage);
  for (const field of ['insurer', 'premium', 'compulsoryPremium', 'commercialPremium', 'kind'] as const) {
    if (entry[field] !== undefined) throw new RenewError('quote.fromQuoteConflicts', { flag: FLAG[field] }, EXIT.usage);
  }
  if (entry.outcome !== 'renewed') throw new RenewError('call.flagNotForOutcome', { flag: '--quote', outcome: entry.outcome ?? '' }, EXIT.usage);
  const [q] = await quotesById(ctx.db, [id]);
  if (!q || q.case_id !== c.id) throw new RenewError('quote.notThisCase', { id, plate: c.plate }, EXIT.failure);
  if (q.valid_until < ctx.today) throw new RenewError('quote.quoteExpired', { id, date: q.valid_until }, EXIT.failure);
  const yuan = (cents: number) => (cents / 100).toFixed(2);
  const kinds = quotedKinds(q);
  const filled: OutcomeEntry = {
    ...entry,
    insurer: q.insurer,
    kind: kinds.length === 2 ? 'both' : (kinds[0] ?? 'both'),
    ...(q.compulsory_cents > 0 ? { compulsoryPremium: yuan(q.compulsory_cents) } : {}),
    ...(q.commercial_cents > 0 ? { commercialPremium: yuan(q.commercial_cents) } : {}),
  };
  return { entry: filled, quoteId: id };
}

/**
 * The kinds of cover a stored quote prices: those with a premium. The vehicle tax is
 * collected with the compulsory cover but is not premium: the register keeps premiums only.
 */
export function quotedKinds(q: Pick<QuoteRow, 'compulsory_cents' | 'commercial_cents'>): PolicyKind[] {
  const kinds: PolicyKind[] = [];
  if (q.compulsory_cents > 0) kinds.push('compulsory');
  if (q.commercial_cents > 0) kinds.push('commercial');
  return kinds;
}
