/**
 * `renew quote <plate> --insurer ... --compulsory ... --commercial ...`: one quote for the
 * vehicle's open case, checked in full (certified insurer, the catalogue, lines adding up,
 * absurd values) before anything is written. Also reads a case's quotes for `--list`.
 */
import type { Context } from '../context.js';
import type { QuoteRow, RenewalCase, Vehicle } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import { addDays, isoDateTime, parseDateArg } from '../../rules/clock.js';
import { parseYuan } from '../../rules/money.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { caseQuotes, insertQuote, rowTotal } from '../../storage/queries/quotes.js';
import { loadLossReasons } from '../loss-reasons.js';
import { canonicalInsurer, type InsurerAliases, loadInsurerAliases } from '../insurers.js';
import { certifiedInsurers } from '../insurers.js';
import type { Settings } from '../../rules/settings.js';
import { assertCertifiedListSet, checkInsurer } from '../call/outcome.js';
import { assertCaseOpen, loadCallFacts } from '../call/facts.js';
import { type Coverage, loadCoverages } from './coverages.js';
import { type Quote, type QuoteLine, validateQuote } from './types.js';
import { askQuoteEntry } from './ask.js';
import { assertVehicleInStore } from '../stores/scope.js';

/** The flags as typed. */
export interface QuoteEntry {
  insurer?: string;
  compulsory?: string;
  commercial?: string;
  tax?: string;
  cover?: readonly string[];
  plan?: string;
  validUntil?: string;
  note?: string;
  specialist?: string;
}

/** The vehicle and its current case, which must be open. */
export async function openCaseOf(ctx: Context, plate: string): Promise<{ vehicle: Vehicle; case: RenewalCase }> {
  const vehicle = await findVehicle(ctx.db, plate);
  await assertVehicleInStore(ctx, vehicle);
  const facts = await loadCallFacts(ctx, vehicle);
  await assertCaseOpen(ctx, vehicle, facts.case, loadLossReasons(ctx.dataDirs));
  return { vehicle, case: facts.case };
}

/** Records one quote from flags (or, on a terminal with none given, from answers); nothing is written when any check fails. */
export async function recordQuote(ctx: Context, plate: string, given: QuoteEntry): Promise<QuoteRow> {
  const { vehicle, case: c } = await openCaseOf(ctx, plate);
  // The vehicle's store's certified insurers.
  const settings = await ctx.settings(vehicle.store ?? undefined);
  const aliases = loadInsurerAliases(ctx.dataDirs);
  const catalogue = loadCoverages(ctx.dataDirs);
  let entry = given;
  const noValues = [given.insurer, given.compulsory, given.commercial, given.tax, given.cover].every((v) => v === undefined);
  if (noValues && ctx.stdinIsTTY) {
    const insurers = certifiedInsurers(settings, aliases);
    assertCertifiedListSet(insurers); // refused before the first question, not after the last
    const policies = await ctx.db.selectFrom('policies').selectAll().where('case_id', '=', c.id).execute();
    const lastInsurer = c.last_insurer === null ? null : canonicalInsurer(c.last_insurer, aliases);
    const validUntil = addDays(ctx.today, settings.quote_valid_days);
    entry = { ...given, ...(await askQuoteEntry(ctx, { insurers, lastInsurer, policies, validUntil })) };
  }
  const quote = checkedQuote(ctx, entry, { settings, aliases, catalogue });
  const specialist = entry.specialist?.trim() || vehicle.specialist;
  const row = await ctx.store.write((tx) => insertQuote(tx, quoteRow(quote, { caseId: c.id, vehicleId: vehicle.id, createdAt: isoDateTime(ctx.now()), specialist, source: 'entry', naturalKey: null, actor: ctx.actor })));
  return row as QuoteRow;
}

/** The flags (or answers) as a quote that passed every check `renew quote` makes; throws the first refusal. */
export function checkedQuote(
  ctx: Pick<Context, 't' | 'today'>, entry: QuoteEntry, rules: { settings: Settings; aliases: InsurerAliases; catalogue: readonly Coverage[] },
): Quote {
  const quote = parseQuoteEntry(entry, { today: ctx.today, validDays: rules.settings.quote_valid_days, catalogue: rules.catalogue });
  quote.insurer = canonicalInsurer(quote.insurer, rules.aliases);
  checkInsurer(quote.insurer, certifiedInsurers(rules.settings, rules.aliases));
  assertSound(ctx, quote, rules.catalogue);
  return quote;
}

/** Throws one message listing every problem validateQuote found. */
export function assertSound(ctx: Pick<Context, 't'>, quote: Quote, catalogue: readonly Coverage[]): void {
  const problems = validateQuote(quote, catalogue);
  if (problems.length > 0) throw new RenewError('quote.invalid', { problems: problems.map((p) => ctx.t(p.key, p.vars)).join(' ') }, EXIT.usage);
}

/** Flags -> a quote (insurer as typed); amounts in yuan, covers as CODE=SUM[:PREMIUM]. */
export function parseQuoteEntry(entry: QuoteEntry, rules: { today: string; validDays: number; catalogue: readonly Coverage[] }): Quote {
  const insurer = entry.insurer?.trim();
  if (!insurer) throw new RenewError('quote.flagMissing', { flag: '--insurer' }, EXIT.usage);
  return {
    insurer,
    plan: blankToNull(entry.plan),
    compulsory: amount(entry.compulsory, '--compulsory', true),
    tax: entry.tax === undefined ? 0 : amount(entry.tax, '--tax', false),
    commercial: amount(entry.commercial, '--commercial', true),
    lines: (entry.cover ?? []).map((c) => parseCoverFlag(c)),
    ncd: null,
    pricingFactor: null,
    gifts: [],
    validUntil: entry.validUntil !== undefined ? parseDateArg(entry.validUntil, '--valid-until') : addDays(rules.today, rules.validDays),
    note: blankToNull(entry.note),
  };
}

function amount(raw: string | undefined, flag: string, required: boolean): number {
  if (raw === undefined) {
    if (required) throw new RenewError('quote.flagMissing', { flag }, EXIT.usage);
    return 0;
  }
  const cents = parseYuan(raw);
  if (cents === null || cents === undefined) throw new RenewError('quote.badAmount', { flag, value: raw }, EXIT.usage);
  return cents;
}

/**
 * One --cover value: 'third_party=200万:1096.6', 'damage=128000:1498', 'passenger=2万x4:136',
 * 'roadside=:150' (no sum insured), 'wheel=5000' (premium not given).
 */
export function parseCoverFlag(raw: string): QuoteLine {
  const m = /^\s*([a-z][a-z0-9_]*)\s*=\s*([^:]*?)\s*(?::\s*(.*?)\s*)?$/.exec(raw);
  if (!m) throw new RenewError('quote.badCover', { value: raw }, EXIT.usage);
  const [, code, sumText = '', premiumText] = m;
  const sum = parseSumInsured(sumText);
  if (!sum) throw new RenewError('quote.badCover', { value: raw }, EXIT.usage);
  const { sumInsured, seats } = sum;
  let premium: number | null = null;
  if (premiumText !== undefined && premiumText !== '') {
    const p = parseYuan(premiumText);
    if (p === null || p === undefined) throw new RenewError('quote.badCover', { value: raw }, EXIT.usage);
    premium = p;
  }
  return seats === null ? { code: code as string, sumInsured, premium } : { code: code as string, sumInsured, seats, premium };
}

/**
 * A sum insured as written: '128000', '100万', '2万x4' (per seat, 4 seats); '' or '-' for
 * none. Null when it is not one.
 */
export function parseSumInsured(text: string): { sumInsured: number | null; seats: number | null } | null {
  if (text === '' || text === '-') return { sumInsured: null, seats: null };
  const s = /^([\d.,]+)(万)?(?:[x×*](\d+))?$/i.exec(text);
  const base = s ? parseYuan(s[1] as string) : null;
  if (!s || base === null || base === undefined) return null;
  return { sumInsured: s[2] ? base * 10_000 : base, seats: s[3] === undefined ? null : Number(s[3]) };
}

/** A checked quote as the row to store. */
export function quoteRow(
  q: Quote,
  meta: { caseId: number; vehicleId: number; createdAt: string; specialist: string | null; source: 'entry' | 'import'; naturalKey: string | null; actor?: string | null },
) {
  return {
    case_id: meta.caseId,
    vehicle_id: meta.vehicleId,
    insurer: q.insurer,
    plan: q.plan,
    compulsory_cents: q.compulsory,
    tax_cents: q.tax,
    commercial_cents: q.commercial,
    covers: JSON.stringify(q.lines),
    ncd: q.ncd,
    pricing_factor: q.pricingFactor,
    gifts: q.gifts.length > 0 ? JSON.stringify(q.gifts) : null,
    valid_until: q.validUntil,
    note: q.note,
    source: meta.source,
    natural_key: meta.naturalKey,
    created_at: meta.createdAt,
    specialist: meta.specialist,
    actor: meta.actor ?? null,
  };
}

/** A stored row back as a quote. */
export function rowToQuote(row: QuoteRow): Quote {
  return {
    insurer: row.insurer,
    plan: row.plan,
    compulsory: row.compulsory_cents,
    tax: row.tax_cents,
    commercial: row.commercial_cents,
    lines: JSON.parse(row.covers) as QuoteLine[],
    ncd: row.ncd,
    pricingFactor: row.pricing_factor,
    gifts: row.gifts ? (JSON.parse(row.gifts) as string[]) : [],
    validUntil: row.valid_until,
    note: row.note,
  };
}

/** The quote as `--json` and `--list --json` print it: money in yuan. */
export function quoteJson(row: QuoteRow, today: string) {
  const yuan = (c: number | null) => (c === null ? null : c / 100);
  const q = rowToQuote(row);
  return {
    id: row.id,
    insurer: row.insurer,
    plan: row.plan,
    compulsory: yuan(row.compulsory_cents),
    tax: yuan(row.tax_cents),
    commercial: yuan(row.commercial_cents),
    total: yuan(rowTotal(row)),
    valid_until: row.valid_until,
    expired: row.valid_until < today,
    covers: q.lines.map((l) => ({ code: l.code, sum_insured: yuan(l.sumInsured), ...(l.seats ? { seats: l.seats } : {}), premium: yuan(l.premium) })),
    note: row.note,
    source: row.source,
    created_at: row.created_at,
  };
}

/** The vehicle's current case's quotes, cheapest first. */
export async function listQuotes(ctx: Context, plate: string): Promise<{ vehicle: Vehicle; quotes: QuoteRow[] }> {
  const vehicle = await findVehicle(ctx.db, plate);
  await assertVehicleInStore(ctx, vehicle);
  const facts = await loadCallFacts(ctx, vehicle);
  return { vehicle, quotes: await caseQuotes(ctx.db, facts.case.id) };
}

const blankToNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());
