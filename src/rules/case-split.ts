/**
 * How `renew assign --split` shares cases among people: evenly by count first (no
 * two people differ by more than one), then by premium. The cases go out in rounds,
 * largest premium first; in each round every person gets one, the largest going to
 * whoever holds the least premium so far; then single swaps between the richest
 * and the poorest share narrow the premium gap. Whole rounds keep the counts within
 * one (a swap keeps them); the greedy pick and the swaps keep the premium close.
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
  evenOut(shares, totals);
  return shares;
}

/** Swaps tried at most (each narrows the gap between the richest and the poorest share). */
const MAX_SWAPS = 200;

/**
 * The rounds can leave premium uneven (9,4,3 against 7,6,1): swap one case of the
 * richest share for a smaller one of the poorest while that narrows their gap. A swap
 * keeps both counts, so the even count stays.
 */
function evenOut<T extends SplitItem>(shares: Map<string, T[]>, totals: Map<string, number>): void {
  for (let n = 0; n < MAX_SWAPS; n++) {
    const people = [...totals.keys()];
    const rich = people.reduce((a, b) => ((totals.get(b) as number) > (totals.get(a) as number) ? b : a));
    const poor = people.reduce((a, b) => ((totals.get(b) as number) < (totals.get(a) as number) ? b : a));
    const gap = (totals.get(rich) as number) - (totals.get(poor) as number);
    if (gap === 0) return;
    // The best swap moves half the gap: x from rich, y from poor with x - y nearest gap / 2 (and 0 < x - y < gap).
    // The poorest share sorted once; for each x the two y nearest x - gap / 2 (binary search).
    const ys = [...(shares.get(poor) as T[])].sort((a, b) => a.premiumCents - b.premiumCents);
    let best: { x: T; y: T; left: number } | undefined;
    for (const x of shares.get(rich) as T[]) {
      const want = x.premiumCents - gap / 2;
      let lo = 0;
      let hi = ys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((ys[mid] as T).premiumCents < want) lo = mid + 1;
        else hi = mid;
      }
      for (const y of [ys[lo - 1], ys[lo]]) {
        if (y === undefined) continue;
        const d = x.premiumCents - y.premiumCents;
        if (d <= 0 || d >= gap) continue;
        const left = Math.abs(gap - 2 * d);
        if (!best || left < best.left) best = { x, y, left };
      }
    }
    if (!best) return;
    const richShare = shares.get(rich) as T[];
    const poorShare = shares.get(poor) as T[];
    richShare[richShare.indexOf(best.x)] = best.y;
    poorShare[poorShare.indexOf(best.y)] = best.x;
    const d = best.x.premiumCents - best.y.premiumCents;
    totals.set(rich, (totals.get(rich) as number) - d);
    totals.set(poor, (totals.get(poor) as number) + d);
  }
}
