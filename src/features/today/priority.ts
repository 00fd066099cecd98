/**
 * Priority, explained (taskwarrior's urgency is the model): a score is the sum of
 * a few factors, each `value x weight = points`, with the weights in the
 * `priority_weights` setting. `renew today --explain <plate>` prints the list.
 *
 * One formula, two forms: FACTORS below gives each factor's value both as a JS
 * function (for --explain and the printed score) and as an SQL expression (so the
 * calls group is ordered by score in the database and its top N is exact at any
 * size). Both forms do the same arithmetic in the same order, so the score SQL
 * sorts by is the score JS prints.
 */
import { type RawBuilder, sql } from 'kysely';
import { addDays, daysBetween } from '../../rules/clock.js';
import { DEFAULT_SETTINGS, type PriorityWeights } from '../../rules/settings.js';

export type FactorName = 'days_left' | 'attempts' | 'reached' | 'loan' | 'premium';

export interface Factor {
  factor: FactorName;
  /** The input the factor reads (days, calls, 0/1, thousands of yuan). */
  value: number;
  weight: number;
  points: number;
}

export interface Priority {
  /** Rounded to one decimal for people. */
  score: number;
  /** The exact sum in tenths (value x 10 x weight), what the calls group is ordered by in SQL. */
  raw: number;
  factors: Factor[];
}

/** What the score reads from a case (a DueRow has all of it). */
export interface PriorityInput {
  attempts: number;
  reached: number;
  installment: number;
  last_premium_cents: number | null;
}

/** Stored weights over the defaults (a stored value may predate a newer weight). */
export function effectiveWeights(stored: Partial<PriorityWeights>): Required<PriorityWeights> {
  return { ...(DEFAULT_SETTINGS.priority_weights as Required<PriorityWeights>), ...stored } as Required<PriorityWeights>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The SQL side of a factor's value: the case is `c` (with its vehicle's copied fields). */
interface SqlScope {
  /** Call-lead minus days left, for a case whose end date lies in the scored range. */
  closeness: RawBuilder<number>;
}

interface FactorDef {
  factor: FactorName;
  weight: keyof PriorityWeights;
  /** The value in tenths (an integer: values have at most one decimal). */
  js: (input: PriorityInput, closeness: number) => number;
  sql: (scope: SqlScope) => RawBuilder<number>;
}

// The bare column is a truth value on both engines (SQLite: 0/1 integers; PostgreSQL: boolean).
const flag = (column: string) => sql<number>`(CASE WHEN ${sql.ref(column)} THEN 10 ELSE 0 END)`;

/**
 * The factors, in order, each valued in tenths so that with whole-number weights
 * the score (in tenths) is an exact integer in SQL and in JS alike: no rounding
 * noise can reorder two cases. Premium is last year's premium in thousands of
 * yuan, rounded half up to one decimal: (fen + 5,000) / 10,000 tenths with integer
 * division (the same in SQLite and PostgreSQL).
 */
export const FACTORS: readonly FactorDef[] = [
  { factor: 'days_left', weight: 'days_left', js: (_i, closeness) => closeness * 10, sql: (s) => sql<number>`(${s.closeness} * 10)` },
  { factor: 'attempts', weight: 'attempts', js: (i) => i.attempts * 10, sql: () => sql<number>`(c.attempts * 10)` },
  { factor: 'reached', weight: 'reached', js: (i) => (i.reached ? 10 : 0), sql: () => flag('c.reached') },
  { factor: 'loan', weight: 'loan', js: (i) => (i.installment ? 10 : 0), sql: () => flag('c.installment') },
  {
    factor: 'premium',
    weight: 'premium_per_1000',
    js: (i) => Math.trunc(((i.last_premium_cents ?? 0) + 5000) / 10000),
    sql: () => sql<number>`((COALESCE(c.last_premium_cents, 0) + 5000) / 10000)`,
  },
];

/**
 * Scores one case. Days count as "closeness": call-lead minus days left, so a case
 * ending today gets call-lead x weight and a lapsed one more still.
 * Example: 10 days left, lead 45, weight 2 -> days_left factor 35 x 2 = 70 points.
 */
export function scorePriority(input: PriorityInput, daysLeft: number, weights: Required<PriorityWeights>, callLeadDays: number): Priority {
  const closeness = callLeadDays - daysLeft;
  const parts = FACTORS.map((f) => ({ f, tenths: f.js(input, closeness), weight: weights[f.weight] ?? 0 }));
  const raw = parts.reduce((sum, p) => sum + p.tenths * p.weight, 0);
  return {
    score: round1(raw / 10),
    raw,
    factors: parts.map(({ f, tenths, weight }) => ({ factor: f.factor, value: tenths / 10, weight, points: round1((tenths * weight) / 10) })),
  };
}

/**
 * `call_lead - days left` for `c.due_date` in [first, last], as portable SQL (no
 * date functions): a balanced CASE on the date text, about log2(days) comparisons
 * per row. Dates are parameters; the day counts are integers we computed.
 */
function closenessSql(first: string, last: string, today: string, callLeadDays: number): RawBuilder<number> {
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  const tree = (lo: number, hi: number): RawBuilder<number> => {
    if (lo === hi) return sql<number>`${sql.lit(callLeadDays - daysBetween(today, days[lo] as string))}`;
    const mid = (lo + hi + 1) >> 1;
    return sql<number>`CASE WHEN c.due_date < ${days[mid]} THEN ${tree(lo, mid - 1)} ELSE ${tree(mid, hi)} END`;
  };
  return days.length === 0 ? sql<number>`0` : tree(0, days.length - 1);
}

/**
 * The score in tenths (Priority.raw) as an SQL expression over `renewal_cases c`
 * alone, for cases ending in [first, last]; weights are bound as
 * parameters. Same terms, same order as scorePriority.
 */
export function prioritySql(weights: Required<PriorityWeights>, window: { first: string; last: string; today: string; callLeadDays: number }): RawBuilder<number> {
  const scope: SqlScope = { closeness: closenessSql(window.first, window.last, window.today, window.callLeadDays) };
  const terms = FACTORS.map((f) => sql<number>`${f.sql(scope)} * CAST(${weights[f.weight] ?? 0} AS DOUBLE PRECISION)`);
  return sql<number>`(${sql.join(terms, sql` + `)})`;
}
