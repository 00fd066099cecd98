/**
 * A quote (报价单) as the insurer gave it: renew records and compares prices, it never
 * computes them. Money is integer fen, like everywhere else (src/rules/money.ts).
 */
import type { MessageKey, MessageVars } from '../../i18n/index.js';
import { addDays } from '../../rules/clock.js';
import type { Coverage } from './coverages.js';

/** One commercial cover line: the cover's catalogue code, its sum insured and its premium. */
export interface QuoteLine {
  code: string;
  /** 保额 in fen; per seat for a per-seat cover; null when the cover has none. */
  sumInsured: number | null;
  /** Seats covered, for a per-seat cover (乘客 x4). */
  seats?: number | null;
  /** The line's premium in fen; null when the insurer gave only the commercial total. */
  premium: number | null;
}

export interface Quote {
  /** The certified insurer's canonical name (aliases are resolved before this). */
  insurer: string;
  /** 经济型 / 推荐型 / 全面型 or the store's own name. */
  plan: string | null;
  /** 交强险, fen. */
  compulsory: number;
  /** 车船税 collected with the compulsory cover, fen (0 for most new-energy vehicles). */
  tax: number;
  /** 商业险 total, fen. */
  commercial: number;
  lines: QuoteLine[];
  /** 无赔款优待系数 (NCD) as the insurer stated it, e.g. 0.85. */
  ncd: number | null;
  /** 自主定价系数 as the insurer stated it, e.g. 0.95. */
  pricingFactor: number | null;
  /** Gifts or services promised with the quote ("免费洗车 4 次"). */
  gifts: string[];
  /** The last day the price holds, YYYY-MM-DD. */
  validUntil: string;
  note: string | null;
}

/** What the customer pays: 交强险 + 车船税 + 商业险. */
export function quoteTotal(q: Pick<Quote, 'compulsory' | 'tax' | 'commercial'>): number {
  return q.compulsory + q.tax + q.commercial;
}

/**
 * Upper bounds past which a value is a typing slip (an extra zero, fen typed as yuan),
 * in fen. Generous on purpose: a heavy truck's compulsory cover or a supercar's damage
 * premium must pass.
 */
export const QUOTE_LIMITS = {
  compulsory: 20_000_00,
  tax: 20_000_00,
  commercial: 500_000_00,
  sumInsured: 50_000_000_00,
  seats: 60,
  /** NCD runs 0.5-2.0 under the 2020 reform (a few regions go to 0.4). */
  ncd: [0.4, 2.0],
  /** The insurer's own pricing factor: 0.5-1.5 at the widest band allowed. */
  pricingFactor: [0.5, 1.5],
} as const;

/** One thing wrong with a quote: the field as the command line names it, and a message. */
export interface QuoteProblem {
  field: string;
  key: MessageKey;
  vars: MessageVars;
}

/**
 * Every problem with a quote, empty when it is sound: amounts are whole fen, not
 * negative and not absurd; line premiums add up to the commercial total; factors are in
 * their legal bands; valid-until is a real date; with a catalogue, each line's code is
 * known, listed once, and has a sum insured exactly when its cover has one.
 *   validateQuote(q, catalogue) // [] or [{ field: 'commercial', key: 'quoteCheck.linesSum', ... }]
 */
export function validateQuote(q: Quote, catalogue?: readonly Coverage[]): QuoteProblem[] {
  const problems: QuoteProblem[] = [];
  const add = (field: string, key: MessageKey, vars: MessageVars = {}) => problems.push({ field, key, vars: { field, ...vars } });
  const money = (field: string, value: unknown, max: number): boolean => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) add(field, 'quoteCheck.notMoney', { value: String(value) });
    else if (value < 0) add(field, 'quoteCheck.negative', { value: value / 100 });
    else if (value > max) add(field, 'quoteCheck.tooLarge', { value: value / 100, max: max / 100 });
    else return true;
    return false;
  };

  if (typeof q.insurer !== 'string' || q.insurer.trim() === '') add('insurer', 'quoteCheck.insurerMissing');
  money('compulsory', q.compulsory, QUOTE_LIMITS.compulsory);
  money('tax', q.tax, QUOTE_LIMITS.tax);
  const commercialOk = money('commercial', q.commercial, QUOTE_LIMITS.commercial);
  factor(add, 'ncd', q.ncd, QUOTE_LIMITS.ncd);
  factor(add, 'pricing_factor', q.pricingFactor, QUOTE_LIMITS.pricingFactor);
  if (!isRealDate(q.validUntil)) add('valid_until', 'quoteCheck.badDate', { value: String(q.validUntil) });

  const byCode = new Map((catalogue ?? []).map((c) => [c.code, c]));
  const seen = new Set<string>();
  let priced = 0;
  let pricedLines = 0;
  let linesOk = true;
  for (const line of q.lines) {
    const field = `cover ${line.code}`;
    if (seen.has(line.code)) add(field, 'quoteCheck.duplicateCover', { code: line.code });
    seen.add(line.code);
    const cover = byCode.get(line.code);
    if (catalogue && !cover) add(field, 'quoteCheck.unknownCover', { code: line.code });
    if (line.sumInsured !== null) money(`${field} sum`, line.sumInsured, QUOTE_LIMITS.sumInsured);
    if (cover && cover.sumInsured !== 'none' && line.sumInsured === null) add(field, 'quoteCheck.sumMissing', { code: line.code });
    if (cover && cover.sumInsured === 'none' && line.sumInsured !== null) add(field, 'quoteCheck.sumNotAllowed', { code: line.code });
    if (line.seats !== undefined && line.seats !== null && (!Number.isInteger(line.seats) || line.seats < 1 || line.seats > QUOTE_LIMITS.seats)) {
      add(field, 'quoteCheck.badSeats', { value: String(line.seats), max: QUOTE_LIMITS.seats });
    }
    if (line.premium !== null) {
      if (money(`${field} premium`, line.premium, QUOTE_LIMITS.commercial)) {
        priced += line.premium;
        pricedLines++;
      } else linesOk = false;
    }
  }
  if (commercialOk && linesOk && pricedLines > 0) {
    // Every line priced: they must add up exactly. Some priced: they must at least fit.
    if (pricedLines === q.lines.length && priced !== q.commercial) {
      add('commercial', 'quoteCheck.linesSum', { sum: priced / 100, commercial: q.commercial / 100 });
    } else if (priced > q.commercial) {
      add('commercial', 'quoteCheck.linesExceed', { sum: priced / 100, commercial: q.commercial / 100 });
    }
  }
  return problems;
}

function factor(add: (field: string, key: MessageKey, vars?: MessageVars) => void, field: string, value: number | null, [min, max]: readonly [number, number]): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    add(field, 'quoteCheck.badFactor', { value: String(value), min, max });
  }
}

/** '2026-12-31' -> true; '2026-02-30', '2026-1-5', '' -> false (the same test as parseDateArg). */
export function isRealDate(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
}
