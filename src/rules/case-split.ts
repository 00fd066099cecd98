/**
 * How `renew assign --split` shares cases among people: evenly by count first (no
 * two people differ by more than one), then by premium. The cases go out in rounds,
 * largest premium first; in each round every person gets one, the largest going to
 * whoever holds the least premium so far. Whole rounds keep the counts within one;
 * the greedy pick within a round keeps the premium close.
 */

/** A thing to share out: a vehicle's open cases, with their last-year premium in fen. */
export interface SplitItem {
  id: number;
  premiumCents: number;
}

/**
 * Each person's share, in `people`'s order (every person present, maybe with none).
 * Deterministic: the same items and people give the same split.
 *
 *   splitEvenly([{id:1,premiumCents:900},{id:2,premiumCents:100},{id:3,premiumCents:500}], ['王丽','李强'])
 *   // 王丽: [1], 李强: [3, 2]
 */
export function splitEvenly<T extends SplitItem>(items: readonly T[], people: readonly string[]): Map<string, T[]> {
  const shares = new Map<string, T[]>(people.map((p) => [p, []]));
  if (people.length === 0) return shares;
  const totals = new Map<string, number>(people.map((p) => [p, 0]));
  const order = [...items].sort((a, b) => b.premiumCents - a.premiumCents || a.id - b.id);
  for (let start = 0; start < order.length; start += people.length) {
    const waiting = [...people];
    for (const item of order.slice(start, start + people.length)) {
      // The person of this round with the least premium so far (the first named on a tie).
      const who = waiting.reduce((best, p) => ((totals.get(p) as number) < (totals.get(best) as number) ? p : best));
      waiting.splice(waiting.indexOf(who), 1);
      shares.get(who)?.push(item);
      totals.set(who, (totals.get(who) as number) + item.premiumCents);
    }
  }
  return shares;
}
