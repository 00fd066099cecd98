/**
 * A small seeded PRNG (mulberry32) so sample data is the same for the same seed:
 * tests compare bytes, benchmarks compare like with like. Never Math.random.
 */

export class Rng {
  private state: number;

  constructor(seed: number, stream = 0) {
    // Mix seed and stream so two streams of one seed do not share a sequence.
    this.state = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
    for (let i = 0; i < 4; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max] (both included). */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }

  /** Picks by weight from a table made once with `weights()`. */
  weighted<T>(table: WeightTable<T>): T {
    const r = this.next() * table.total;
    const { cumulative, values } = table;
    let i = 0;
    while (i < cumulative.length - 1 && r >= (cumulative[i] as number)) i++;
    return values[i] as T;
  }

  /** `length` decimal digits as text (leading zeros allowed). */
  digits(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String(this.int(10));
    return s;
  }
}

/** Values with cumulative weights, built once so a weighted pick is a short scan. */
export interface WeightTable<T> {
  values: readonly T[];
  cumulative: readonly number[];
  total: number;
}

/** `weights([['a', 3], ['b', 1]])`: 'a' three times as likely as 'b'. */
export function weights<T>(list: readonly (readonly [T, number])[]): WeightTable<T> {
  let total = 0;
  const cumulative = list.map(([, w]) => (total += w));
  return { values: list.map(([v]) => v), cumulative, total };
}
