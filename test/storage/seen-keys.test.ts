/**
 * The set of plates and policy keys a PostgreSQL import has met (src/storage/postgres/
 * import/seen-keys.ts): what was added is there after the table grows many times over,
 * what was not is not (at these sizes a 53-bit hash collision would be a bug).
 */
import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../src/storage/postgres/import/seen-keys.js';

describe('SeenKeys', () => {
  it('holds every key added, through growth, and nothing else', () => {
    const seen = new SeenKeys();
    const keys = Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? `P|PDAA2026${String(i).padStart(12, '0')}` : `粤B${String(i).padStart(5, '0')}`));
    for (const k of keys) seen.add(k);
    for (const k of keys) seen.add(k); // twice: still one entry each
    expect(keys.every((k) => seen.has(k))).toBe(true);
    const others = Array.from({ length: 200_000 }, (_, i) => `K|粤C${i}|compulsory|2027-01-01`);
    expect(others.filter((k) => seen.has(k))).toEqual([]);
    expect(seen.has('')).toBe(false);
    seen.add('');
    expect(seen.has('')).toBe(true);
  });

  it('clear forgets everything', () => {
    const seen = new SeenKeys();
    seen.add('粤A12345');
    seen.clear();
    expect(seen.has('粤A12345')).toBe(false);
  });
});
