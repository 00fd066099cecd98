/**
 * Priority, explained (taskwarrior's urgency is the model): a score is the sum of
 * a few factors, each `value x weight = points`, with the weights in the
 * `priority_weights` setting. `renew today --explain <plate>` prints the list.
 */
import { DEFAULT_SETTINGS, type PriorityWeights } from '../settings.js';

export type FactorName = 'days_left' | 'attempts' | 'reached' | 'loan' | 'premium';

export interface Factor {
  factor: FactorName;
  /** The input the factor reads (days, calls, 0/1, thousands of yuan). */
  value: number;
  weight: number;
  points: number;
}

export interface Priority {
  score: number;
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

/**
 * Scores one case. Days count as "closeness": call-lead minus days left, so a case
 * ending today gets call-lead x weight and a lapsed one more still.
 * Example: 10 days left, lead 45, weight 2 -> days_left factor 35 x 2 = 70 points.
 */
export function scorePriority(input: PriorityInput, daysLeft: number, weights: Required<PriorityWeights>, callLeadDays: number): Priority {
  const premiumThousands = round1((input.last_premium_cents ?? 0) / 100_000);
  const parts: [FactorName, number, number][] = [
    ['days_left', callLeadDays - daysLeft, weights.days_left],
    ['attempts', input.attempts, weights.attempts],
    ['reached', input.reached ? 1 : 0, weights.reached],
    ['loan', input.installment ? 1 : 0, weights.loan],
    ['premium', premiumThousands, weights.premium_per_1000],
  ];
  const factors = parts.map(([factor, value, weight]) => ({ factor, value, weight, points: round1(value * weight) }));
  return { score: round1(factors.reduce((s, f) => s + f.points, 0)), factors };
}
