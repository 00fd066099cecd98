/**
 * The month report's quote section: how many of the month's cases were quoted (a price
 * given on a call or a stored quote) and sent a proposal, and the price gap: per insurer
 * and competitor channel, how many cases named a cheaper price elsewhere and the median
 * gap between our cheapest quote and that price (positive: ours was dearer).
 */
import { sql } from 'kysely';
import type { Context } from '../context.js';
import type { CompetitorChannel } from '../../rules/domain.js';
import { effectiveEvents } from '../../rules/case-projection.js';
import { rowTotal } from '../../storage/queries/quotes.js';
import type { DueRange } from './cohort.js';

export interface PriceGap {
  /** Our cheapest quote's insurer (else the one named on the call); null when neither is known. */
  insurer: string | null;
  channel: CompetitorChannel;
  /** Cases that named a competitor's price. */
  count: number;
  /** Median of (our cheapest quote - their price), fen; null when no case had a quote of ours. */
  medianGapCents: number | null;
}

export interface QuoteSection {
  quoted: number;
  proposalSent: number;
  priceGaps: PriceGap[];
}

/** The section for cases due in `range`. */
export async function quoteSection(ctx: Pick<Context, 'db'>, range: DueRange, canonical: (name: string) => string): Promise<QuoteSection> {
  const inMonth = ctx.db
    .selectFrom('renewal_cases as c')
    .select('c.id')
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .$if(range.store !== undefined, (q) => q.where('c.store', '=', range.store as string));
  const quotedRow = await ctx.db
    .selectFrom('renewal_cases as c')
    .select(sql<number>`count(*)`.as('n'))
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .$if(range.store !== undefined, (q) => q.where('c.store', '=', range.store as string))
    .where((eb) => eb.or([eb('c.quoted', '=', 1), eb.exists(eb.selectFrom('quotes as q').select('q.id').whereRef('q.case_id', '=', 'c.id'))]))
    .executeTakeFirst();
  const events = await ctx.db
    .selectFrom('events as e')
    .select(['e.id', 'e.case_id', 'e.supersedes_id', 'e.outcome', 'e.insurer', 'e.competitor_cents', 'e.competitor_channel', 'e.at'])
    .where('e.case_id', 'in', inMonth)
    .where((eb) => eb.or([eb('e.outcome', '=', 'proposal_sent'), eb('e.competitor_cents', 'is not', null), eb('e.supersedes_id', 'is not', null)]))
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const inForce = effectiveEvents(events);
  const proposalSent = new Set(inForce.filter((e) => e.outcome === 'proposal_sent').map((e) => e.case_id)).size;
  // The latest price each case named.
  const named = new Map<number, (typeof inForce)[number]>();
  for (const e of inForce) if (e.competitor_cents !== null) named.set(e.case_id, e);
  const quotes = named.size === 0 ? [] : await ctx.db.selectFrom('quotes').select(['case_id', 'insurer', 'compulsory_cents', 'tax_cents', 'commercial_cents']).where('case_id', 'in', [...named.keys()]).execute();
  const groups = new Map<string, { insurer: string | null; channel: CompetitorChannel; count: number; gaps: number[] }>();
  for (const [caseId, e] of named) {
    const ours = quotes.filter((q) => q.case_id === caseId).sort((a, b) => rowTotal(a) - rowTotal(b))[0];
    const insurer = ours ? canonical(ours.insurer) : e.insurer ? canonical(e.insurer) : null;
    const channel = (e.competitor_channel ?? 'other') as CompetitorChannel;
    const key = `${insurer ?? ''}\u0000${channel}`;
    const g = groups.get(key) ?? { insurer, channel, count: 0, gaps: [] };
    g.count++;
    if (ours) g.gaps.push(rowTotal(ours) - (e.competitor_cents as number));
    groups.set(key, g);
  }
  const priceGaps = [...groups.values()]
    .map((g) => ({ insurer: g.insurer, channel: g.channel, count: g.count, medianGapCents: median(g.gaps) }))
    .sort((a, b) => b.count - a.count || (a.insurer ?? '\uffff').localeCompare(b.insurer ?? '\uffff') || a.channel.localeCompare(b.channel));
  return { quoted: Number(quotedRow?.n ?? 0), proposalSent, priceGaps };
}

/** The middle value (the mean of the two middle ones for an even count), whole fen; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : Math.round(((s[mid - 1] as number) + (s[mid] as number)) / 2);
}
