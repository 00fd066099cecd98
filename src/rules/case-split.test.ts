import { describe, expect, it } from 'vitest';
import { splitEvenly, type SplitItem } from './case-split.js';
import { Rng } from '../features/demo/random.js';

/** The demo's seeded generator (mulberry32): the same "random" cases on every run. */
const seeded = (seed: number) => {
  const rng = new Rng(seed);
  return () => rng.next();
};

const counts = (m: Map<string, SplitItem[]>) => [...m.values()].map((s) => s.length);
const premiums = (m: Map<string, SplitItem[]>) => [...m.values()].map((s) => s.reduce((n, i) => n + i.premiumCents, 0));

describe('splitEvenly', () => {
  it('gives every case to exactly one person, counts within one, premium balanced', () => {
    const items = [900, 100, 500, 300, 700, 200, 800].map((p, i) => ({ id: i + 1, premiumCents: p * 100 }));
    const split = splitEvenly(items, ['王丽', '李强', '张敏']);
    expect(counts(split)).toEqual([3, 2, 2]);
    expect([...split.values()].flat().map((i) => i.id).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Rounds: (900,800,700) one each; then 500 to 张敏 (700), 300 to 李强 (800), 200 to 王丽; 100 to 王丽 (first of the two at 1100).
    expect(premiums(split)).toEqual([120000, 110000, 120000]);
  });

  it('names every person, also one who gets nothing, and is the same every time', () => {
    const items = [{ id: 7, premiumCents: 5 }];
    expect([...splitEvenly(items, ['a', 'b']).entries()]).toEqual([['a', [items[0]]], ['b', []]]);
    expect(splitEvenly(items, [])).toEqual(new Map());
    const many = Array.from({ length: 50 }, (_, i) => ({ id: i, premiumCents: (i * 37) % 11 }));
    expect(splitEvenly(many, ['x', 'y', 'z'])).toEqual(splitEvenly([...many].reverse(), ['x', 'y', 'z']));
  });

  it('property: max - min count <= 1 and nothing lost, over random inputs (fixed seed)', () => {
    const random = seeded(20261124);
    for (let run = 0; run < 500; run++) {
      const n = Math.floor(random() * 60);
      const people = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => `p${i}`);
      const items = Array.from({ length: n }, (_, id) => ({ id, premiumCents: Math.floor(random() * 2_000_000) }));
      const split = splitEvenly(items, people);
      const c = counts(split);
      expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      expect(c.reduce((a, b) => a + b, 0)).toBe(n);
      expect(new Set([...split.values()].flat().map((i) => i.id)).size).toBe(n);
      // Premium balanced: no one is further from the mean than the largest single case.
      const p = premiums(split);
      const largest = Math.max(0, ...items.map((i) => i.premiumCents));
      expect(Math.max(...p) - Math.min(...p)).toBeLessThanOrEqual(largest);
    }
  });
});

describe('splitEvenly, premium', () => {
  it('a swap narrows what the rounds leave uneven: 8,5,4 against 7,6,1 (a gap of 3) becomes a gap of 1', () => {
    const items = [8, 7, 6, 5, 4, 1].map((p, i) => ({ id: i + 1, premiumCents: p * 100_000 }));
    const p = premiums(splitEvenly(items, ['a', 'b']));
    expect(Math.abs((p[0] as number) - (p[1] as number))).toBe(100_000);
  });

  it('30,000 cases among four people in well under a second', () => {
    const random = seeded(7);
    const items = Array.from({ length: 30_000 }, (_, id) => ({ id, premiumCents: Math.floor(random() * 2_000_000) }));
    const started = performance.now();
    const split = splitEvenly(items, ['a', 'b', 'c', 'd']);
    expect(performance.now() - started).toBeLessThan(1000);
    const p = premiums(split);
    expect(Math.max(...p) - Math.min(...p)).toBeLessThan(2_000_000);
  });
});
