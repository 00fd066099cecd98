/**
 * `renew proposal <plate>`: the 《车辆保险建议书》 from up to three of the case's quotes (the
 * valid ones, cheapest first, unless chosen by id), as a view for the HTML and text
 * renderers; `--sent` records in the register that it went out, with the quotes shown.
 */
import type { Context } from '../context.js';
import type { Policy, QuoteRow, RegisterEvent, RenewalCase, Vehicle } from '../../storage/schema.js';
import { PROPOSAL_CHANNELS } from '../../rules/domain.js';
import { EXIT, RenewError } from '../../errors.js';
import { isoDateTime } from '../../rules/clock.js';
import { recordEvent } from '../../storage/queries/register.js';
import { caseQuotes, quotesById } from '../../storage/queries/quotes.js';
import { loadCoverages } from './coverages.js';
import { loadProposalTexts } from './proposal-texts.js';
import { buildProposalView, type LastYearCover, MAX_PLANS, type ProposalView } from './proposal-view.js';
import { openCaseOf, rowToQuote } from './record.js';

export type ProposalChannel = (typeof PROPOSAL_CHANNELS)[number];

export interface ProposalOptions {
  /** Quote ids as typed (--quote, repeatable). */
  quote?: readonly string[];
  specialist?: string;
}

export interface Proposal {
  view: ProposalView;
  quotes: QuoteRow[];
  vehicle: Vehicle;
  case: RenewalCase;
  specialist: string;
}

/** Builds the proposal for the vehicle's open case (reads only). */
export async function makeProposal(ctx: Context, plate: string, options: ProposalOptions): Promise<Proposal> {
  const { vehicle, case: c } = await openCaseOf(ctx, plate);
  const quotes = await pickQuotes(ctx, c, options.quote ?? []);
  // Signed with the vehicle's store's name, phone and specialists' phones.
  const settings = await ctx.settings(vehicle.store ?? undefined);
  const specialist = options.specialist?.trim() || vehicle.specialist || '';
  const policies = await ctx.db.selectFrom('policies').selectAll().where('case_id', '=', c.id).orderBy('kind').execute();
  const view = buildProposalView({
    lang: ctx.lang,
    issuedOn: ctx.today,
    store: { name: settings.store_name, address: null, phone: settings.store_phone || null },
    specialist: { name: specialist, phone: settings.specialist_phones[specialist] ?? (settings.store_phone || null) },
    customer: { name: vehicle.insured ?? vehicle.owner ?? '', idNo: vehicle.id_no },
    vehicle: { plate: vehicle.plate, model: vehicle.model, vin: vehicle.vin, firstRegistration: vehicle.first_registration },
    lastYear: lastYearCover(c, policies),
    quotes: quotes.map(rowToQuote),
    catalogue: loadCoverages(ctx.dataDirs),
    texts: loadProposalTexts(ctx.dataDirs, ctx.lang),
  });
  return { view, quotes, vehicle, case: c, specialist };
}

/** Records that the proposal went out (outcome proposal_sent: not a call, so not an attempt). */
export async function recordProposalSent(ctx: Context, p: Proposal, channel: ProposalChannel): Promise<RegisterEvent> {
  const at = isoDateTime(ctx.now());
  const cheapest = Math.min(...p.view.plans.map((plan) => plan.totalFen));
  return ctx.store.write((tx) =>
    recordEvent(tx, {
      caseId: p.case.id, vehicleId: p.vehicle.id, at, outcome: 'proposal_sent', channel, specialist: p.specialist || null, actor: ctx.actor,
      insurer: p.quotes[0]?.insurer ?? null, premiumCents: cheapest, quoteId: p.quotes[0]?.id ?? null,
      // The register keeps one quote id per event; the note names every quote the document showed.
      note: p.quotes.map((q) => `#${q.id}`).join(' '),
    }, at),
  );
}

/** The chosen quotes (each must be this case's), else the valid ones, cheapest first, at most MAX_PLANS. */
async function pickQuotes(ctx: Context, c: RenewalCase, raw: readonly string[]): Promise<QuoteRow[]> {
  if (raw.length === 0) {
    const valid = (await caseQuotes(ctx.db, c.id)).filter((q) => q.valid_until >= ctx.today);
    if (valid.length === 0) throw new RenewError('quote.noValidQuotes', { plate: c.plate }, EXIT.failure, 'quote.noValidQuotesHint');
    return valid.slice(0, MAX_PLANS);
  }
  if (raw.length > MAX_PLANS) throw new RenewError('proposal.tooManyPlans', { max: MAX_PLANS, count: raw.length }, EXIT.usage);
  const ids = raw.map((r) => {
    const id = Number(r);
    if (!Number.isSafeInteger(id) || id <= 0) throw new RenewError('quote.badId', { value: r }, EXIT.usage);
    return id;
  });
  const rows = await quotesById(ctx.db, ids);
  for (const id of ids) {
    const row = rows.find((q) => q.id === id);
    if (!row || row.case_id !== c.id) throw new RenewError('quote.notThisCase', { id, plate: c.plate }, EXIT.failure);
  }
  return rows;
}

export function parseChannel(raw: string): ProposalChannel {
  if (!(PROPOSAL_CHANNELS as readonly string[]).includes(raw)) throw new RenewError('quote.badChannel', { value: raw, channels: PROPOSAL_CHANNELS.join(', ') }, EXIT.usage);
  return raw as ProposalChannel;
}

/** Last year's insurer, each kind's end, and the covers as the export named them. */
function lastYearCover(c: RenewalCase, policies: readonly Policy[]): LastYearCover {
  const names = policies.flatMap((p) => (p.coverages ?? '').split(/[,，、;；\n]+/)).map((s) => s.trim()).filter(Boolean);
  return {
    insurer: c.last_insurer,
    compulsoryEnd: c.compulsory_end,
    commercialEnd: c.commercial_end,
    lines: [...new Set(names)].map((code) => ({ code, sumInsured: null })),
  };
}
