/**
 * `renew quote --due`: the morning list for the insurers' quoting desks. Today's calls and
 * callbacks (the queue of `renew today`) whose case has no quote valid on the day, with
 * what a desk needs to price the car: plate, VIN, model, first registration, last year's
 * insurer, cover and end dates. The owner is masked: the list leaves the store.
 */
import type { Context } from '../context.js';
import { maskName, shownPlate } from '../../rules/mask.js';
import { casesWithValidQuote } from '../../storage/queries/quotes.js';
import { csvDocument } from '../csv-write.js';
import { readStore } from '../stores/scope.js';
import { openToday } from '../today/groups.js';

export interface DueQuoteRow {
  case_id: number;
  group: 'callbacks' | 'calls';
  plate: string;
  vin: string | null;
  model: string | null;
  first_registration: string | null;
  owner: string;
  last_insurer: string | null;
  last_cover: string;
  compulsory_end: string | null;
  commercial_end: string | null;
}

/** The day's calls and callbacks still without a valid quote, in queue order. */
export async function dueForQuotes(ctx: Context, date: string): Promise<DueQuoteRow[]> {
  const store = await readStore(ctx);
  const settings = await ctx.settings(store);
  // The whole day's queue, calling hours aside: the list is made before the first call.
  const plan = await openToday(ctx.db, settings, { date, time: '00:00', store });
  const entries: { caseId: number; group: 'callbacks' | 'calls' }[] = [];
  for (const group of ['callbacks', 'calls'] as const) {
    for await (const e of plan.entries(group)) entries.push({ caseId: e.row.case_id, group });
  }
  const quoted = await casesWithValidQuote(ctx.db, entries.map((e) => e.caseId), date);
  const wanted = entries.filter((e) => !quoted.has(e.caseId));
  if (wanted.length === 0) return [];
  const ids = wanted.map((e) => e.caseId);
  const cases = await ctx.db
    .selectFrom('renewal_cases as c')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select(['c.id', 'v.plate', 'v.vin', 'v.model', 'v.first_registration', 'v.owner', 'c.last_insurer', 'c.compulsory_end', 'c.commercial_end'])
    .where('c.id', 'in', ids)
    .execute();
  const policies = await ctx.db.selectFrom('policies').select(['case_id', 'coverages']).where('case_id', 'in', ids).where('coverages', 'is not', null).execute();
  return wanted.map(({ caseId, group }) => {
    const c = cases.find((r) => r.id === caseId);
    const cover = [...new Set(policies.filter((p) => p.case_id === caseId).map((p) => (p.coverages as string).trim()).filter(Boolean))].join('; ');
    return {
      case_id: caseId, group, plate: shownPlate(c?.plate ?? '', ctx.reveal), vin: c?.vin ?? null, model: c?.model ?? null, first_registration: c?.first_registration ?? null,
      owner: maskName(c?.owner), last_insurer: c?.last_insurer ?? null, last_cover: cover, compulsory_end: c?.compulsory_end ?? null, commercial_end: c?.commercial_end ?? null,
    };
  });
}

/** The CSV the specialist sends to the insurers: headers in the user's language, formula-safe. */
export function dueCsv(ctx: Pick<Context, 't'>, rows: readonly DueQuoteRow[]): string {
  const t = ctx.t;
  const header = [t('quote.due.plate'), 'VIN', t('quote.due.model'), t('quote.due.firstRegistration'), t('quote.due.owner'), t('quote.due.lastInsurer'), t('quote.due.lastCover'), t('quote.due.compulsoryEnd'), t('quote.due.commercialEnd')];
  return csvDocument(header, rows.map((r) => [r.plate, r.vin, r.model, r.first_registration, r.owner, r.last_insurer, r.last_cover, r.compulsory_end, r.commercial_end]));
}
