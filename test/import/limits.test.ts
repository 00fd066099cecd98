/**
 * Hostile files (issue 13.13, 13.14, 13.16): giant cells and lines are rejected as
 * rows, never held whole in memory; CR-only line ends are read; a file with no data
 * rows is an error; a file none of whose rows went in writes nothing at all.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CsvReader, MAX_LINE_CHARS } from '../../src/features/import/csv-reader.js';
import { exitCodeOf } from '../../src/features/import/summary.js';
import { MAX_CELL_CHARS } from '../../src/features/import/parse-rows.js';
import { makeTestContext, tempDir } from '../helpers/context.js';
import { csv, HEADER, policyRow } from '../reliability/csv-gen.js';
import { counts, csvFile, run } from './helpers.js';
import { join } from 'node:path';

const HEAD = HEADER.join(',');
const line = (i: number) => policyRow(i).join(',');

/** The records a reader emits from `chunks`: [line, cells or null]. */
function records(chunks: readonly string[]): [number, string[] | null][] {
  const out: [number, string[] | null][] = [];
  const r = new CsvReader(',');
  for (const c of chunks) r.push(c, (f, l) => out.push([l, f]));
  r.end((f, l) => out.push([l, f]));
  return out;
}

describe('cell and line limits (13.13)', () => {
  it('a cell over 4,096 characters rejects its row, naming line and column; the other rows go in', async () => {
    const ctx = await makeTestContext();
    const big = policyRow(1);
    big[1] = 'x'.repeat(MAX_CELL_CHARS + 1);
    const path = csvFile(`${HEAD}\n${line(0)}\n${big.join(',')}\n${line(2)}\n`);
    const s = await run(ctx, path);
    expect(counts(s)).toEqual({ rows: 3, imported: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(s.rejectExamples).toEqual([{ line: 3, problems: [{ field: '', reason: 'cellTooLong', shown: '车主, #2' }], headers: [''] }]);
    // The rejects file holds the cell cut to the limit, not the whole value.
    const rejects = readFileSync(s.rejects_file as string, 'utf8');
    expect(rejects.length).toBeLessThan(MAX_CELL_CHARS + 500);
    expect(rejects).toContain(`${'x'.repeat(MAX_CELL_CHARS)}…`);
    // A cell exactly at the limit is kept.
    const ok = policyRow(3);
    ok[1] = 'y'.repeat(MAX_CELL_CHARS);
    expect(counts(await run(ctx, csvFile(`${HEAD}\n${ok.join(',')}\n`)))).toMatchObject({ imported: 1, rejected: 0 });
  });

  it('a 20 MB line (unquoted and quoted) is rejected as one row, skipped without being read into one string', async () => {
    const dir = tempDir('renew-limits-');
    const path = join(dir, 'giant.csv');
    const out = createWriteStream(path);
    out.write(`${HEAD}\n${line(0)}\n粤B00001,`);
    const mb = 'z'.repeat(1 << 20);
    for (let i = 0; i < 10; i++) out.write(mb);
    out.write(`,x\n${line(2)}\n粤B00002,"`);
    // A quoted giant cell with a few line breaks and escaped quotes in it: still one row.
    for (let i = 0; i < 10; i++) out.write(`${mb}""\n`);
    out.write(`",x\n${line(4)}\n`);
    out.end();
    await once(out, 'close');
    const ctx = await makeTestContext();
    const before = process.memoryUsage().heapUsed;
    const s = await run(ctx, path);
    expect(counts(s)).toEqual({ rows: 5, imported: 3, updated: 0, unchanged: 0, rejected: 2 });
    expect(s.rejectExamples.map((e) => [e.line, e.problems[0]?.reason])).toEqual([[3, 'lineTooLong'], [5, 'lineTooLong']]);
    // Line numbers after the quoted giant (10 line breaks inside it) still name physical lines.
    const plates = await ctx.db.selectFrom('vehicles').select('plate').orderBy('id').execute();
    expect(plates.map((p) => p.plate)).toEqual([policyRow(0)[0], policyRow(2)[0], policyRow(4)[0]]);
    // Far below the 20 MB (40 MB as UTF-16) the whole line would take.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 << 20);
  });

  it('the reader names an over-long record with null and carries on with the right line numbers', () => {
    const long = 'a'.repeat(MAX_LINE_CHARS + 1);
    // Split across chunks at awkward places.
    const text = `h1,h2\n${long},b\nc,d\n"${long}\n\n",e\nf,g\n`;
    const chunks = [text.slice(0, 10), text.slice(10, 70_000), text.slice(70_000)];
    expect(records(chunks)).toEqual([[1, ['h1', 'h2']], [2, null], [3, ['c', 'd']], [4, null], [7, ['f', 'g']]]);
    expect(records([text])).toEqual(records(chunks));
  });

  it('an unclosed quote before a long tail still stops the file at its line, never swallowing the rows after it', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `r${i},${'v'.repeat(60)}`).join('\n');
    expect(() => records([`h1,h2\nx,"open\n${rows}\n`])).toThrow(expect.objectContaining({ name: 'UnclosedQuoteError', line: 2 }));
    expect(() => records([`h1,h2\nx,"open ${'w'.repeat(MAX_LINE_CHARS)}\n`])).toThrow(expect.objectContaining({ line: 2 }));
  });
});

describe('CR-only line ends (13.14)', () => {
  it('a file saved as "CSV (Macintosh)" (\\r line ends) imports row by row', async () => {
    const ctx = await makeTestContext();
    const text = csv([policyRow(0), policyRow(1), policyRow(2)]).replaceAll('\n', '\r');
    const s = await run(ctx, csvFile(text));
    expect(counts(s)).toEqual({ rows: 3, imported: 3, updated: 0, unchanged: 0, rejected: 0 });
  });

  it('CR-only, CRLF and LF files read the same, whatever the chunking', () => {
    const lf = 'a,b\n1,"x\ny"\n2,z\n';
    const want = [[1, ['a', 'b']], [2, ['1', 'x\ny']], [4, ['2', 'z']]];
    expect(records([lf])).toEqual(want);
    expect(records([lf.replaceAll('\n', '\r\n')])).toEqual([[1, ['a', 'b']], [2, ['1', 'x\r\ny']], [4, ['2', 'z']]]);
    const cr = lf.replaceAll('\n', '\r');
    expect(records([cr])).toEqual(want);
    expect(records([cr.slice(0, 4), cr.slice(4)])).toEqual(want); // the first line end at a chunk's last character
    expect(records(['a,b\r', '\n1,x\r\n'])).toEqual([[1, ['a', 'b']], [2, ['1', 'x']]]);
  });

  it('a file with a header and no data rows is an error, not a success with 0 rows', async () => {
    const ctx = await makeTestContext();
    await expect(run(ctx, csvFile(`${HEAD}\n\n,,\n`))).rejects.toMatchObject({ key: 'import.noRows' });
    expect(await ctx.db.selectFrom('imports').select('id').execute()).toEqual([]);
  });
});

describe('exit 1 writes nothing (13.16)', () => {
  it('a file whose every row is rejected leaves no import-log row; the rejects file still says why', async () => {
    const ctx = await makeTestContext();
    const bad = policyRow(0);
    bad[9] = '2027-02-30';
    const path = csvFile(csv([bad, bad]));
    const s = await run(ctx, path);
    expect(counts(s)).toEqual({ rows: 2, imported: 0, updated: 0, unchanged: 0, rejected: 2 });
    expect(exitCodeOf([{ file: path, summary: s }])).toBe(1);
    expect(await ctx.db.selectFrom('imports').select('id').execute()).toEqual([]);
    expect(await ctx.db.selectFrom('vehicles').select('id').execute()).toEqual([]);
    expect(readFileSync(s.rejects_file as string, 'utf8').split('\n').length).toBe(4);
  });
});
