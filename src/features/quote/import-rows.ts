/**
 * The rows of a quote file -> quotes, with no database: each row read on its own
 * (`readQuoteRow`), then the rows of one quote grouped (`groupQuoteRows`): same plate,
 * insurer and quote number (报价单号), or without one the same plan. A value the
 * quote has once (交强险, 商业险, validity...) may stand on any of its rows, and must
 * not differ on another. A problem anywhere in a quote rejects all its rows: a quote
 * is never stored in part.
 */
import type { MessageKey, MessageVars } from '../../i18n/index.js';
import { normalizePlate } from '../../rules/plate.js';
import { parseYuan } from '../../rules/money.js';
import { withoutControls } from '../../rules/safe-text.js';
import { headerKey } from '../../rules/columns.js';
import { parseDate } from '../../rules/values.js';
import { RenewError } from '../../errors.js';
import { canonicalInsurer, type InsurerAliases } from '../insurers.js';
import type { Coverage } from './coverages.js';
import type { QuoteLine } from './types.js';
import { parseCoverFlag, parseSumInsured } from './record.js';
import type { QuoteField, QuotePlan } from './import-columns.js';

/** One thing wrong on one row: the column, and a message with its values. */
export interface RowProblem {
  field: QuoteField | '';
  key: MessageKey;
  vars: MessageVars;
}

/** The values a quote has once; any of its rows may carry them. */
export interface QuoteValues {
  compulsory?: number;
  tax?: number;
  commercial?: number;
  validUntil?: string;
  ncd?: number;
  pricingFactor?: number;
  note?: string;
  gifts?: string[];
}
const ONCE: readonly (keyof QuoteValues)[] = ['compulsory', 'tax', 'commercial', 'validUntil', 'ncd', 'pricingFactor', 'note', 'gifts'];
const FIELD_OF: Record<keyof QuoteValues, QuoteField> = {
  compulsory: 'compulsory', tax: 'tax', commercial: 'commercial', validUntil: 'valid_until', ncd: 'ncd', pricingFactor: 'pricing_factor',
  note: 'note', gifts: 'gifts',
};

export interface QuoteRowIn {
  line: number;
  cells: string[];
  /** Normalised plate, canonical insurer. */
  plate: string;
  insurer: string;
  quoteNo: string | null;
  plan: string | null;
  values: QuoteValues;
  lines: QuoteLine[];
  problems: RowProblem[];
}

/** One quote's rows, in file order, and what they say together. */
export interface QuoteGroup {
  rows: QuoteRowIn[];
  plate: string;
  insurer: string;
  quoteNo: string | null;
  plan: string | null;
  values: QuoteValues;
  /** The line each value came from (for naming the row at fault). */
  from: Partial<Record<keyof QuoteValues, number>>;
  lines: QuoteLine[];
  /** The line each cover code came from. */
  lineOf: Map<string, number>;
}

/** Reads one data row; every problem found is kept on it. */
export function readQuoteRow(cells: string[], line: number, plan: QuotePlan, rules: { aliases: InsurerAliases; catalogue: readonly Coverage[] }): QuoteRowIn {
  const problems: RowProblem[] = [];
  const cell = (field: QuoteField): string => {
    const i = plan.index[field];
    return i < 0 ? '' : withoutControls(cells[i] ?? '').trim();
  };
  const problem = (field: QuoteField, key: MessageKey, vars: MessageVars = {}) => problems.push({ field, key, vars });
  const text = (field: QuoteField) => cell(field) || null;
  const money = (field: QuoteField): number | undefined => {
    const raw = cell(field);
    const cents = parseYuan(raw);
    if (cents === null) problem(field, 'quote.import.badAmount', { value: raw });
    return cents ?? undefined;
  };
  const number = (field: QuoteField): number | undefined => {
    const raw = cell(field);
    if (raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) problem(field, 'quote.import.badNumber', { value: raw });
    return Number.isFinite(n) ? n : undefined;
  };

  const plate = normalizePlate(cell('plate'));
  if (plate === '') problem('plate', 'import.reason.missing');
  const insurerText = cell('insurer');
  if (insurerText === '') problem('insurer', 'import.reason.missing');
  const values: QuoteValues = {};
  const set = <K extends keyof QuoteValues>(k: K, v: QuoteValues[K] | undefined) => {
    if (v !== undefined) values[k] = v;
  };
  set('compulsory', money('compulsory'));
  set('tax', money('tax'));
  set('commercial', money('commercial'));
  const until = cell('valid_until');
  if (until !== '') {
    const day = parseDate(until);
    if (day === null) problem('valid_until', 'quote.import.badDate', { value: until });
    else values.validUntil = day;
  }
  set('ncd', number('ncd'));
  set('pricingFactor', number('pricing_factor'));
  set('note', text('note') ?? undefined);
  const gifts = cell('gifts').split(/[;；\n]/).map((g) => g.trim()).filter(Boolean);
  if (gifts.length > 0) values.gifts = gifts;

  const lines: QuoteLine[] = [];
  for (const spec of cell('covers').split(/[;；\n]/).map((s) => s.trim()).filter(Boolean)) {
    const at = spec.indexOf('=');
    const code = at > 0 ? coverCode(spec.slice(0, at), rules.catalogue) : undefined;
    const parsed = code === undefined ? undefined : coverLine(`${code}=${spec.slice(at + 1)}`);
    if (parsed) lines.push(parsed);
    else problem('covers', 'quote.import.badCoverSpec', { value: spec });
  }
  const coverText = cell('cover');
  if (coverText !== '') {
    const code = coverCode(coverText, rules.catalogue);
    const sum = parseSumInsured(cell('sum_insured'));
    const seatsText = cell('seats');
    const seats = seatsText === '' ? null : Number(seatsText);
    const premium = money('premium');
    if (code === undefined) problem('cover', 'quote.import.unknownCover', { value: coverText });
    if (sum === null) problem('sum_insured', 'quote.import.badSum', { value: cell('sum_insured') });
    if (seats !== null && !Number.isInteger(seats)) problem('seats', 'quote.import.badNumber', { value: seatsText });
    if (code !== undefined && sum !== null) {
      const lineSeats = seats ?? sum.seats;
      const quoteLine: QuoteLine = { code, sumInsured: sum.sumInsured, premium: premium ?? null };
      lines.push(lineSeats === null ? quoteLine : { code, sumInsured: sum.sumInsured, seats: lineSeats, premium: premium ?? null });
    }
  } else if (plan.shape === 'line' && (cell('sum_insured') !== '' || cell('premium') !== '')) {
    problem('cover', 'import.reason.missing');
  }
  return {
    line, cells, plate, insurer: canonicalInsurer(insurerText, rules.aliases), quoteNo: text('quote_no'), plan: text('plan'), values, lines, problems,
  };
}

/** parseCoverFlag's reading of one cover, undefined when it is not one. */
function coverLine(spec: string): QuoteLine | undefined {
  try {
    return parseCoverFlag(spec);
  } catch (e) {
    if (e instanceof RenewError) return undefined;
    throw e;
  }
}

/** A cover as the file names it: its code, or its name in either language ('第三者责任保险', 'Third-party liability'). */
export function coverCode(name: string, catalogue: readonly Coverage[]): string | undefined {
  const key = headerKey(name);
  return catalogue.find((c) => c.code === key || headerKey(c.name['zh-CN']) === key || headerKey(c.name.en) === key)?.code;
}

/**
 * Groups rows into quotes, in the order each quote first appears. A value given twice
 * with two different amounts is a problem on the later row, naming the earlier one.
 */
export function groupQuoteRows(rows: readonly QuoteRowIn[]): QuoteGroup[] {
  const groups = new Map<string, QuoteGroup>();
  for (const row of rows) {
    const key = row.quoteNo !== null ? `${row.plate}|${row.insurer}|#${row.quoteNo}` : `${row.plate}|${row.insurer}|=${row.plan ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { rows: [], plate: row.plate, insurer: row.insurer, quoteNo: row.quoteNo, plan: row.plan, values: {}, from: {}, lines: [], lineOf: new Map() };
      groups.set(key, g);
    }
    g.rows.push(row);
    if (g.plan === null) g.plan = row.plan;
    else if (row.plan !== null && row.plan !== g.plan) row.problems.push(conflict('plan', g.rows[0] as QuoteRowIn, row.plan));
    for (const k of ONCE) {
      const v = row.values[k];
      if (v === undefined) continue;
      const before = g.values[k];
      if (before === undefined) {
        (g.values as Record<string, unknown>)[k] = v;
        g.from[k] = row.line;
      } else if (JSON.stringify(before) !== JSON.stringify(v)) {
        row.problems.push({ field: FIELD_OF[k], key: 'quote.import.conflict', vars: { line: g.from[k] as number, value: shownValue(k, v) } });
      }
    }
    for (const l of row.lines) {
      g.lines.push(l);
      if (!g.lineOf.has(l.code)) g.lineOf.set(l.code, row.line);
    }
  }
  return [...groups.values()];
}

function conflict(field: QuoteField, first: QuoteRowIn, value: string): RowProblem {
  return { field, key: 'quote.import.conflict', vars: { line: first.line, value } };
}

function shownValue(k: keyof QuoteValues, v: unknown): string {
  if (k === 'compulsory' || k === 'tax' || k === 'commercial') return ((v as number) / 100).toFixed(2);
  return Array.isArray(v) ? v.join('; ') : String(v);
}

/** The row and column a quote problem (validateQuote's field names) belongs to. */
export function placeProblem(g: QuoteGroup, field: string, shape: QuotePlan['shape']): { line: number; field: QuoteField } {
  const first = (g.rows[0] as QuoteRowIn).line;
  const cover = /^cover (\S+)(?: (sum|premium))?$/.exec(field);
  if (cover) {
    const line = g.lineOf.get(cover[1] as string) ?? first;
    if (shape === 'quote') return { line, field: 'covers' };
    return { line, field: cover[2] === 'sum' ? 'sum_insured' : cover[2] === 'premium' ? 'premium' : 'cover' };
  }
  const k = (Object.keys(FIELD_OF) as (keyof QuoteValues)[]).find((key) => FIELD_OF[key] === field);
  if (k) return { line: g.from[k] ?? first, field: FIELD_OF[k] };
  return { line: first, field: field === 'insurer' ? 'insurer' : 'plate' };
}
