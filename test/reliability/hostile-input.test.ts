/**
 * Issue 13's hostile inputs, against the built binary: a giant cell, a CR-only file,
 * a flood of rows of one plate and a 300-character plate. Each must end with a clear
 * outcome and the right exit code, never an out-of-memory crash or a long stall.
 * (Speed is measured by bench/one-plate.mjs and bench/plate-lookup.mjs, not here.)
 * Run: npm run build && npx vitest run test/reliability/hostile-input.test.ts
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/context.js';
import { csv, HEADER, policyRow } from './csv-gen.js';
import { startCli } from './harness.js';

const count = (db: string, table: string) => {
  const sqlite = new Sqlite(db, { readonly: true });
  const n = (sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
  sqlite.close();
  return n;
};

describe('reliability: hostile input', () => {
  it('a 60 MB cell: its row is rejected naming the line, the others go in, the heap stays small', async () => {
    const dir = tempDir('renew-hostile-');
    const file = join(dir, 'giant.csv');
    const out = createWriteStream(file);
    out.write(`${HEADER.join(',')}\n${policyRow(0).join(',')}\n粤B00001,`);
    const mb = 'z'.repeat(1 << 20);
    for (let i = 0; i < 60; i++) out.write(mb);
    out.write(`,x\n${policyRow(2).join(',')}\n`);
    out.end();
    await once(out, 'close');
    const db = join(dir, 'r.db');
    // A 64 MB heap: reading the 60 MB line into one string (120 MB as UTF-16) would not fit.
    const run = await startCli(['import', file, '--json'], { RENEW_DB: db, NODE_OPTIONS: '--max-old-space-size=64' }).done;
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 3, imported: 2, rejected: 1 });
    expect(run.stderr).toContain('line 3');
    expect(count(db, 'policies')).toBe(2);
  }, 120_000);

  it('a CR-only file (Excel for Mac) imports row by row; a header with no rows is exit 1 and writes nothing', async () => {
    const dir = tempDir('renew-hostile-');
    const db = join(dir, 'r.db');
    const mac = join(dir, 'mac.csv');
    writeFileSync(mac, csv([policyRow(0), policyRow(1)]).replaceAll('\n', '\r'));
    const run = await startCli(['import', mac, '--json'], { RENEW_DB: db }).done;
    expect([run.code, JSON.parse(run.stdout)]).toEqual([0, { rows: 2, imported: 2, updated: 0, unchanged: 0, rejected: 0, rejects_file: null, warnings: 0, warnings_file: null }]);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, `${HEADER.join(',')}\r\n`);
    const none = await startCli(['import', empty], { RENEW_DB: db }).done;
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no data rows');
    expect(count(db, 'imports')).toBe(1);
  }, 60_000);

  it('20,000 rows of one plate import whole (the quadratic case of 13.17)', async () => {
    const dir = tempDir('renew-hostile-');
    const file = join(dir, 'one-plate.csv');
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      const r = policyRow(i);
      r[0] = '粤A00001';
      return r;
    });
    writeFileSync(file, csv(rows));
    const db = join(dir, 'r.db');
    const run = await startCli(['import', file, '--json'], { RENEW_DB: db }).done;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 20_000, imported: 20_000 });
    expect([count(db, 'vehicles'), count(db, 'policies')]).toEqual([1, 20_000]);
  }, 120_000);

  it('a 300-character plate is refused at once with a translated message (exit 64)', async () => {
    const dir = tempDir('renew-hostile-');
    const db = join(dir, 'r.db');
    const file = join(dir, 'p.csv');
    writeFileSync(file, csv([policyRow(0)]));
    expect((await startCli(['import', file], { RENEW_DB: db }).done).code).toBe(0);
    const plate = `粤A${'1'.repeat(300)}`;
    const en = await startCli(['history', plate], { RENEW_DB: db }).done;
    expect([en.code, en.stderr]).toEqual([64, 'error: "粤A11111111…" is not a plate: a plate has at most 10 characters.\n']);
    const zh = await startCli(['--lang', 'zh-CN', 'call', plate], { RENEW_DB: db }).done;
    expect(zh.code).toBe(64);
    expect(zh.stderr).toContain('不是车牌');
  }, 60_000);
});
