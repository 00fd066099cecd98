/**
 * The proposal 《车辆保险建议书》 as a view model: everything the document shows, already
 * masked, cleaned and formatted, so the HTML and the short text version render the same
 * facts and tests can read them without a browser. Pure: the caller passes the issue date.
 */
import { type Lang, translator } from '../../i18n/index.js';
import { RenewError } from '../../errors.js';
import { maskId } from '../../rules/mask.js';
import { formatYuan } from '../../rules/money.js';
import type { Coverage } from './coverages.js';
import { isNewEnergy } from './new-energy.js';
import type { ProposalTexts } from './proposal-texts.js';
import { type Quote, quoteTotal } from './types.js';

/** Plans side by side on one page. */
export const MAX_PLANS = 3;

export interface LastYearCover {
  insurer: string | null;
  compulsoryEnd: string | null;
  commercialEnd: string | null;
  /** Codes of last year's covers, with their sums insured where known. */
  lines: { code: string; sumInsured: number | null; seats?: number | null }[];
}

export interface ProposalInput {
  lang: Lang;
  /** YYYY-MM-DD, from the injected clock. */
  issuedOn: string;
  store: { name: string; address: string | null; phone: string | null };
  specialist: { name: string; phone: string | null };
  customer: { name: string; idNo: string | null };
  vehicle: { plate: string; model: string | null; vin: string | null; firstRegistration: string | null };
  lastYear: LastYearCover | null;
  /** 1 to MAX_PLANS quotes, in the order to show them. */
  quotes: readonly Quote[];
  catalogue: readonly Coverage[];
  texts: ProposalTexts;
}

export interface PlanView {
  /** '方案1' / 'Plan 1'. */
  label: string;
  insurer: string;
  plan: string;
  compulsory: string;
  tax: string;
  commercial: string;
  total: string;
  /** Total in fen, for ordering and the "lowest" mark. */
  totalFen: number;
  lowest: boolean;
  /** NCD and pricing factor as stated, e.g. ['无赔款优待 0.85', '自主定价 0.95']. */
  factors: string[];
  gifts: string[];
  note: string;
}

export interface CoverRowView {
  code: string;
  name: string;
  /** One cell per plan; null when the plan does not include the cover. */
  cells: ({ sum: string; premium: string } | null)[];
}

export interface ProposalView {
  lang: Lang;
  issuedOn: string;
  store: { name: string; address: string; phone: string };
  specialist: { name: string; phone: string };
  customer: { name: string; idMasked: string };
  vehicle: { plate: string; model: string; vinMasked: string; firstRegistration: string; newEnergy: boolean };
  lastYear: { insurer: string; compulsoryEnd: string; commercialEnd: string; covers: string[] } | null;
  plans: PlanView[];
  rows: CoverRowView[];
  /** The earliest valid-until among the plans: the whole document holds until then. */
  validUntil: string;
  claimService: string[];
  exclusions: string[];
}

/** Control characters (C0, C1), bidi overrides and zero-width marks that could garble or disguise a line. */
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Removes control characters (a newline becomes a space) and trims: 'A\nB\u202E' -> 'A B'. */
export function cleanText(value: string | null | undefined): string {
  return (value ?? '').replace(/[\r\n\t]+/g, ' ').replace(CONTROLS, '').replace(/ {2,}/g, ' ').trim();
}

/** A sum insured as people say it: 200万 / ¥2,000,000; whole yuan only. */
export function formatSum(fen: number, lang: Lang): string {
  const yuanWhole = Math.round(fen / 100);
  if (lang === 'zh-CN' && yuanWhole >= 10_000 && yuanWhole % 100 === 0) return `${yuanWhole / 10_000}万`;
  const grouped = String(yuanWhole).replace(/\B(?=(\d{3})+$)/g, ',');
  return lang === 'zh-CN' ? `${grouped}元` : `¥${grouped}`;
}

/** Builds the proposal's view; throws when there is no quote or more than fit side by side. */
export function buildProposalView(input: ProposalInput): ProposalView {
  const { lang, quotes, catalogue } = input;
  if (quotes.length === 0) throw new RenewError('proposal.noPlans');
  if (quotes.length > MAX_PLANS) throw new RenewError('proposal.tooManyPlans', { max: MAX_PLANS, count: quotes.length });
  const t = translator(lang);
  const byCode = new Map(catalogue.map((c) => [c.code, c]));
  const coverName = (code: string) => cleanText(byCode.get(code)?.name[lang] ?? code);
  const sumText = (code: string, sumInsured: number | null, seats: number | null | undefined): string => {
    if (sumInsured === null) return t('proposal.included');
    const sum = formatSum(sumInsured, lang);
    if (byCode.get(code)?.sumInsured !== 'per_seat') return sum;
    return seats ? t('proposal.perSeat', { sum, seats }) : t('proposal.perSeatOne', { sum });
  };

  const totals = quotes.map((q) => quoteTotal(q));
  const lowestTotal = Math.min(...totals);
  const plans: PlanView[] = quotes.map((q, i) => ({
    label: t('proposal.planNumber', { n: i + 1 }),
    insurer: cleanText(q.insurer),
    plan: cleanText(q.plan),
    compulsory: formatYuan(q.compulsory),
    tax: formatYuan(q.tax),
    commercial: formatYuan(q.commercial),
    total: formatYuan(totals[i]),
    totalFen: totals[i] as number,
    lowest: quotes.length > 1 && totals[i] === lowestTotal,
    factors: [
      ...(q.ncd !== null ? [t('proposal.ncd', { value: q.ncd.toFixed(2) })] : []),
      ...(q.pricingFactor !== null ? [t('proposal.pricingFactor', { value: q.pricingFactor.toFixed(2) })] : []),
    ],
    gifts: q.gifts.map(cleanText).filter(Boolean),
    note: cleanText(q.note),
  }));

  // Rows in catalogue order (the store's order), then any code the catalogue lacks.
  const codes = new Set(quotes.flatMap((q) => q.lines.map((l) => l.code)));
  const ordered = [...catalogue.map((c) => c.code).filter((c) => codes.has(c)), ...[...codes].filter((c) => !byCode.has(c))];
  const rows: CoverRowView[] = ordered.map((code) => ({
    code,
    name: coverName(code),
    cells: quotes.map((q) => {
      const line = q.lines.find((l) => l.code === code);
      if (!line) return null;
      return { sum: sumText(code, line.sumInsured, line.seats), premium: line.premium === null ? '' : formatYuan(line.premium) };
    }),
  }));

  const last = input.lastYear;
  return {
    lang,
    issuedOn: input.issuedOn,
    store: { name: cleanText(input.store.name), address: cleanText(input.store.address), phone: cleanText(input.store.phone) },
    specialist: { name: cleanText(input.specialist.name), phone: cleanText(input.specialist.phone) },
    customer: { name: cleanText(input.customer.name), idMasked: maskId(cleanText(input.customer.idNo)) },
    vehicle: {
      plate: cleanText(input.vehicle.plate),
      model: cleanText(input.vehicle.model),
      vinMasked: maskId(cleanText(input.vehicle.vin)),
      firstRegistration: cleanText(input.vehicle.firstRegistration),
      newEnergy: isNewEnergy(input.vehicle.plate, input.vehicle.model),
    },
    lastYear: last && {
      insurer: cleanText(last.insurer),
      compulsoryEnd: cleanText(last.compulsoryEnd),
      commercialEnd: cleanText(last.commercialEnd),
      covers: last.lines.map((l) => (l.sumInsured === null ? coverName(l.code) : `${coverName(l.code)} ${sumText(l.code, l.sumInsured, l.seats)}`)),
    },
    plans,
    rows,
    validUntil: quotes.map((q) => q.validUntil).sort()[0] as string,
    claimService: input.texts.claimService.map(cleanText),
    exclusions: input.texts.exclusions.map(cleanText),
  };
}
