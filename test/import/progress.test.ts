import { appendFileSync, copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCsv } from '../../src/features/demo/csv-sink.js';
import { makeTestContext, tempDir } from '../helpers/context.js';
import { run } from './helpers.js';

/** A demo export of about 3.5 MB: four 1 MB chunks, so the bar moves several times. */
let file: string;
beforeAll(() => {
  file = join(tempDir('renew-progress-'), 'policies.csv');
  writeDemoCsv(file, { vehicles: 7000, seed: 7, today: '2026-11-24' });
});

/** The bar's frames, each drawn over the last with a carriage return. */
function frames(stderr: string): { bar: string; pct: number }[] {
  return stderr
    .split('\r')
    .filter((f) => f.startsWith('policies.csv ['))
    .map((f) => {
      const m = /^policies\.csv \[([#.]{20})\] (\d+)%$/.exec(f);
      if (!m) throw new Error(`not a progress frame: ${JSON.stringify(f)}`);
      return { bar: m[1] as string, pct: Number(m[2]) };
    });
}

describe('the import progress bar (stderr)', () => {
  it('moves forward with the bytes read, ends at 100% and is wiped before the summary', async () => {
    expect(statSync(file).size).toBeGreaterThan(3 << 20);
    const ctx = await makeTestContext();
    await run(ctx, file, { progress: true });
    const shown = frames(ctx.stderr.text);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    const pcts = shown.map((f) => f.pct);
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
    expect(new Set(pcts).size).toBe(pcts.length); // drawn only when the figure changes
    expect(pcts.at(-1)).toBe(100);
    for (const f of shown) expect(f.bar.replace(/\./g, '')).toBe('#'.repeat(Math.round(f.pct / 5)));
    expect(ctx.stderr.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('is not drawn unless asked for', async () => {
    const ctx = await makeTestContext();
    await run(ctx, file);
    expect(ctx.stderr.text).not.toContain('\r');
  });

  it('is wiped when the import fails part-way', async () => {
    const broken = join(tempDir('renew-progress-'), 'policies.csv');
    copyFileSync(file, broken);
    appendFileSync(broken, '粤A12345,"never closed\n');
    const ctx = await makeTestContext();
    await expect(run(ctx, broken, { progress: true })).rejects.toMatchObject({ key: 'import.unclosedQuote' });
    expect(frames(ctx.stderr.text).length).toBeGreaterThanOrEqual(3);
    expect(ctx.stderr.text.endsWith('\r\x1b[K')).toBe(true);
  });
});
