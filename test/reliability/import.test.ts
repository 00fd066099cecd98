/**
 * Reliability figures that involve `renew import`: 1 (SIGKILL at a random point of
 * a 100k-row import), 4 (an outcome recorded while another process imports),
 * 8 (a fuzzed set of malformed CSVs) and 11 (hostile premiums and Excel-damaged
 * details). Run: npx vitest run test/reliability
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { RenewError } from '../../src/errors.js';
import { importFile } from '../../src/features/import/import-file.js';
import { makeTestContext, tempDir } from '../helpers/context.js';
import { csv, HEADER, policyCsv, policyRow } from './csv-gen.js';
import { copyDb } from './fixtures.js';
import { figure, integrity, rng, sleep, startCli, totalCpuTicks, untilCpuTicks } from './harness.js';

const BUSY = 'error: The database is busy (another renew is writing); nothing was recorded, try again.\n';
const ROWS = 100_000;

describe('reliability: import', () => {
  let dir: string;
  let big: string;
  let base: string;
  /** One complete import of the big file: its wall time and the CPU time it used (measured in beforeAll). */
  let fullMs = 0;
  let fullTicks = 0;

  beforeAll(async () => {
    dir = tempDir('renew-rel-import-');
    big = join(dir, 'big.csv');
    writeFileSync(big, policyCsv(ROWS));
    writeFileSync(join(dir, 'small.csv'), policyCsv(10, 500_000));
    base = join(dir, 'base.db');
    const seeded = await startCli(['import', join(dir, 'small.csv')], { RENEW_DB: base }).done;
    expect(seeded.code).toBe(0);
    const run = startCli(['import', big, '--json'], { RENEW_DB: copyDb(base, join(dir, 'full.db')) });
    fullTicks = await totalCpuTicks(run);
    const full = await run.done;
    expect(full.code, full.stderr).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ rows: ROWS, imported: ROWS, rejected: 0 });
    fullMs = full.ms;
  }, 300_000);

  it('1. SIGKILL at a random point of a 100k-row import, 20 trials: 0 partial imports, integrity ok 20/20', async () => {
    const random = rng(1);
    const outcomes = { none: 0, all: 0, partial: 0 };
    let integrityOk = 0;
    const killAt: number[] = [];
    const started = Date.now();
    // Kill points are uniform over the import's CPU time (so they land at the same place in the work
    // however loaded the machine is; wall time off Linux), two trials at a time for the two cores.
    const byCpu = fullTicks > 0;
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        [0, 1].map(async (k) => {
          const db = copyDb(base, join(dir, `kill-${round}-${k}.db`));
          const run = startCli(['import', big], { RENEW_DB: db });
          const fraction = random();
          killAt.push(Math.round(fraction * 100));
          if (byCpu) await untilCpuTicks(run, Math.max(1, Math.floor(fraction * fullTicks)));
          else await sleep(Math.floor(50 + fraction * fullMs));
          run.child.kill('SIGKILL');
          await run.done;
          const sqlite = new Sqlite(db);
          if (integrity(sqlite) === 'ok') integrityOk++;
          const policies = (sqlite.prepare('select count(*) n from policies').get() as { n: number }).n;
          const cases = (sqlite.prepare('select count(*) n from renewal_cases').get() as { n: number }).n;
          const imports = (sqlite.prepare('select count(*) n from imports').get() as { n: number }).n;
          sqlite.close();
          if (policies === 10 && cases === 10 && imports === 1) outcomes.none++;
          else if (policies === 10 + ROWS && cases === 10 + ROWS && imports === 2) outcomes.all++;
          else outcomes.partial++;
        }),
      );
    }
    figure(`1. SIGKILL during a ${ROWS}-row import (one complete import: ${fullMs} ms, ${fullTicks} CPU ticks): 20 trials in ${Date.now() - started} ms, kill points at ${Math.min(...killAt)}-${Math.max(...killAt)}% of the import's ${byCpu ? 'CPU' : 'wall'} time; nothing imported ${outcomes.none}, all imported ${outcomes.all}, partial ${outcomes.partial}, integrity ok ${integrityOk}/20`);
    expect({ partial: outcomes.partial, integrityOk }).toEqual({ partial: 0, integrityOk: 20 });
    expect(outcomes.none + outcomes.all).toBe(20);
    // Bounded: no kill point lies past one import's work, so the test costs about 11 imports of the file
    // (the timeout only guards against a hung child on a machine shared with other work).
  }, 600_000);

  it('4. an outcome recorded while another process imports: succeeds, or fails within the timeout with the busy message and nothing written', async () => {
    const db = copyDb(base, join(dir, 'busy.db'));
    const plate = policyRow(500_003)[0] as string;
    const importing = startCli(['import', big], { RENEW_DB: db });
    // Start the call only once the import holds the write lock, so the two really overlap.
    const probe = new Sqlite(db);
    probe.pragma('busy_timeout = 0');
    let locked = false;
    for (const until = Date.now() + fullMs * 3; !locked && Date.now() < until; await sleep(20)) {
      try {
        probe.exec('begin immediate');
        probe.exec('rollback');
      } catch {
        locked = true;
      }
    }
    probe.close();
    const call = await startCli(['call', plate, '--outcome', 'no_answer', '--json'], { RENEW_DB: db }).done;
    const imported = await importing.done;
    const sqlite = new Sqlite(db, { readonly: true });
    const events = (sqlite.prepare('select count(*) n from events e join vehicles v on v.id = e.vehicle_id where v.plate = ?').get(plate) as { n: number }).n;
    sqlite.close();
    figure(`4. outcome during an import (started while the import held the write lock: ${locked}): call exit ${call.code} after ${call.ms} ms (${call.code === 0 ? 'recorded' : 'busy'}), events for the vehicle ${events}, import exit ${imported.code}`);
    expect(imported.code).toBe(0);
    expect(locked).toBe(true);
    if (call.code === 0) {
      expect(events).toBe(1);
    } else {
      expect({ code: call.code, stderr: call.stderr, stdout: call.stdout, events }).toEqual({ code: 75, stderr: BUSY, stdout: '', events: 0 });
      expect(call.ms).toBeLessThan(5_000 + 3_000);
      expect(call.ms).toBeGreaterThanOrEqual(4_900);
    }
  }, 120_000);

  it('8. 1,000+ malformed CSVs: 0 crashes, 0 uncaught exceptions, 0 partial imports, every rejected row reported with its line', async () => {
    const fuzzDir = tempDir('renew-rel8-');
    const cases = fuzzCases(rng(8));
    const tally = { cases: cases.length, refused: 0, imported: 0, partialRejects: 0, crashes: 0, uncaught: 0, partialImports: 0, rejectedRows: 0, rejectedWithLine: 0, silentDuplicateHeaders: 0, formulaCellsLeaked: 0 };
    const onUncaught = () => tally.uncaught++;
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const crashes: string[] = [];
    try {
      for (const [i, c] of cases.entries()) {
        const path = join(fuzzDir, `case-${i}.csv`);
        writeFileSync(path, c.bytes);
        const ctx = await makeTestContext();
        let summary: Awaited<ReturnType<typeof importFile>> | undefined;
        try {
          summary = await importFile(ctx, path, c.forceUtf8 ? { encoding: 'utf8' } : {});
        } catch (e) {
          if (!(e instanceof RenewError)) {
            tally.crashes++;
            crashes.push(`${c.kind} #${i}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
          } else tally.refused++;
        }
        const policies = Number((ctx.sqlite.prepare('select count(*) n from policies').get() as { n: number }).n);
        const imports = Number((ctx.sqlite.prepare('select count(*) n from imports where imported > 0').get() as { n: number }).n);
        if (!summary) {
          if (policies !== 0 || imports !== 0) tally.partialImports++;
        } else {
          const accounted = summary.imported + summary.updated + summary.unchanged + summary.rejected;
          if (accounted !== summary.rows || policies !== summary.imported) tally.partialImports++;
          if (summary.rejected === 0) tally.imported++;
          else tally.partialRejects++;
          if (c.kind === 'duplicate-header' && summary.rejected === 0 && summary.warningGroups.length === 0) tally.silentDuplicateHeaders++;
          // Rows imported with a warning are written out with their cells too: no live formula there either.
          if (summary.warnings_file && existsSync(summary.warnings_file)) {
            const rows = parse(readFileSync(summary.warnings_file), { bom: true, relax_column_count: true }) as string[][];
            tally.formulaCellsLeaked += rows.slice(1).flat().filter((cell) => /^[=+@\t\r]/.test(cell) || /^-[^\d]/.test(cell)).length;
          }
          if (summary.rejected > 0) {
            tally.rejectedRows += summary.rejected;
            const file = summary.rejects_file;
            if (file && existsSync(file)) {
              const rows = parse(readFileSync(file), { bom: true, relax_column_count: true }) as string[][];
              const lines = rows.slice(1).filter((r) => /^\d+$/.test(r[0] ?? '') && Number(r[0]) >= 2);
              tally.rejectedWithLine += lines.length;
              tally.formulaCellsLeaked += rows.slice(1).flat().filter((cell) => /^[=+@\t\r]/.test(cell) || /^-[^\d]/.test(cell)).length;
            }
          }
        }
        await ctx.store.close();
      }
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    }
    const kinds = [...new Set(cases.map((c) => c.kind))].map((k) => `${k} ${cases.filter((c) => c.kind === k).length}`).join(', ');
    figure(`8. fuzzed CSVs: ${tally.cases} cases (${kinds}); refused whole ${tally.refused}, imported clean ${tally.imported}, imported with rejects ${tally.partialRejects}; crashes ${tally.crashes}, uncaught exceptions ${tally.uncaught}, partial imports ${tally.partialImports}; rejected rows ${tally.rejectedRows}, reported with their line ${tally.rejectedWithLine}; duplicate headers passed silently ${tally.silentDuplicateHeaders}; formula cells left live in rejects or warnings files ${tally.formulaCellsLeaked}`);
    expect(crashes).toEqual([]);
    expect(tally.cases).toBeGreaterThanOrEqual(1000);
    expect({ crashes: tally.crashes, uncaught: tally.uncaught, partialImports: tally.partialImports, silent: tally.silentDuplicateHeaders, formulas: tally.formulaCellsLeaked })
      .toEqual({ crashes: 0, uncaught: 0, partialImports: 0, silent: 0, formulas: 0 });
    expect(tally.rejectedWithLine).toBe(tally.rejectedRows);
  }, 180_000);

  it('8b. a sample of the fuzzed files through the binary: exit 0/1/2, one-line errors, no stack traces', async () => {
    const fuzzDir = tempDir('renew-rel8b-');
    const cases = fuzzCases(rng(88)).filter((_, i) => i % 40 === 0);
    let bad = 0;
    for (const [i, c] of cases.entries()) {
      const path = join(fuzzDir, `case-${i}.csv`);
      writeFileSync(path, c.bytes);
      const r = await startCli(['import', path, ...(c.forceUtf8 ? ['--encoding', 'utf8'] : [])], { RENEW_DB: join(fuzzDir, `db-${i}.db`) }).done;
      if (![0, 1, 2].includes(r.code ?? -1) || /unexpected error|\n\s+at /.test(r.stderr)) bad++;
    }
    figure(`8b. fuzzed CSVs through the binary: ${cases.length} cases, bad exits or stack traces ${bad}`);
    expect(bad).toBe(0);
  }, 120_000);
});

describe('reliability: hostile values', () => {
  it('11. hostile premiums in both shapes, through the binary: each a row error, nothing non-finite or out of range stored; damaged details are warnings (exit 0)', async () => {
    const dir = tempDir('renew-rel11-');
    const hostile = ['-5000', '1e20', '9'.repeat(400), '13812345678', '0', '1000000.01', 'Infinity', 'NaN', '-0', '1e-7', '0x10', '１３８１２３４５６７８'];
    const policyRows = hostile.map((p, i) => `粤H${String(i).padStart(5, '0')},商业险,${p},2026-12-05`);
    const vehicleRows = hostile.map((p, i) => `粤J${String(i).padStart(5, '0')},${p},2026-12-05,${hostile[(i + 1) % hostile.length]},2026-12-06`);
    const files = {
      policy: join(dir, 'policy.csv'),
      vehicle: join(dir, 'vehicle.csv'),
    };
    writeFileSync(files.policy, `车牌号,险种,保费,保险止期\n${policyRows.join('\n')}\n粤H99999,商业险,3200,2026-12-05\n`);
    writeFileSync(files.vehicle, `车牌号,交强险保费,交强险到期日,商业险保费,商业险到期日\n${vehicleRows.join('\n')}\n粤J99999,950,2026-12-05,3200,2026-12-06\n`);
    const db = join(dir, 'renew.db');
    const tally = { rows: 0, rejected: 0, imported: 0, exits: [] as number[] };
    for (const file of Object.values(files)) {
      const r = await startCli(['import', file, '--json'], { RENEW_DB: db }).done;
      const out = JSON.parse(r.stdout) as { rows: number; rejected: number; imported: number };
      tally.rows += out.rows;
      tally.rejected += out.rejected;
      tally.imported += out.imported;
      tally.exits.push(r.code ?? -1);
    }
    // Excel-damaged optional details only: every row in, exit 0.
    const damaged = join(dir, 'damaged.csv');
    writeFileSync(damaged, `车牌号,身份证号,联系电话,车架号,初次登记日期,险种,保费,保险止期\n${Array.from({ length: 20 }, (_, i) => `粤K${String(i).padStart(5, '0')},4.40104E+17,1.38123E+10,1.23457E+16,2020-02-30,交强险,950,2026-12-05`).join('\n')}\n合计,,,,,,19000,\n`);
    const d = await startCli(['import', damaged, '--json'], { RENEW_DB: db }).done;
    const dj = JSON.parse(d.stdout) as { rows: number; imported: number; rejected: number; warnings: number };
    const sqlite = new Sqlite(db, { readonly: true });
    const bad = (table: string, column: string) =>
      (sqlite.prepare(`select count(*) n from ${table} where ${column} is not null and (typeof(${column}) != 'integer' or ${column} <= 0 or ${column} > 100000000)`).get() as { n: number }).n;
    const outOfRange = bad('policies', 'premium_cents') + bad('renewal_cases', 'last_premium_cents');
    const stored = (sqlite.prepare('select count(*) n from policies').get() as { n: number }).n;
    sqlite.close();
    figure(`11. hostile values: ${hostile.length} premium spellings in 2 shapes (${tally.rows} rows): rejected ${tally.rejected}, imported ${tally.imported} (the 2 good rows), exits ${tally.exits.join('/')}, out-of-range or non-finite premiums stored ${outOfRange}; Excel-damaged details on ${dj.rows} rows: imported ${dj.imported}, rejected ${dj.rejected}, warnings ${dj.warnings}, exit ${d.code}`);
    expect({ rejected: tally.rejected, imported: tally.imported, exits: tally.exits, outOfRange, stored }).toEqual({ rejected: 2 * hostile.length, imported: 2, exits: [2, 2], outOfRange: 0, stored: 3 + 20 });
    expect({ code: d.code, ...dj }).toMatchObject({ code: 0, rows: 20, imported: 20, rejected: 0, warnings: 20 });
  }, 120_000);
});

interface FuzzCase {
  kind: string;
  bytes: Buffer;
  forceUtf8?: boolean;
}

/** At least 1,000 malformed exports, the same on every run. */
export function fuzzCases(random: () => number): FuzzCase[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const int = (n: number) => Math.floor(random() * n);
  const rowsOf = (n: number, from: number) => Array.from({ length: n }, (_, k) => policyRow(from + k));
  const text = (rows: string[][], header: readonly string[] = HEADER) => Buffer.from(csv(rows, header));
  const out: FuzzCase[] = [];
  let next = 0;
  const fresh = (n: number) => {
    next += n;
    return rowsOf(n, 300_000 + next);
  };
  for (let i = 0; i < 130; i++) {
    const rows = fresh(2 + int(8));
    const r = rows[int(rows.length)] as string[];
    r[int(r.length)] = `"${r[int(r.length)]}`; // an opening quote never closed
    out.push({ kind: 'unclosed-quote', bytes: text(rows) });
  }
  for (let i = 0; i < 130; i++) {
    const rows = fresh(2 + int(8));
    for (const r of rows) if (random() < 0.4) r.splice(int(r.length), random() < 0.5 ? 1 + int(3) : 0, ...(random() < 0.5 ? ['extra', 'x'] : []));
    out.push({ kind: 'ragged-rows', bytes: text(rows) });
  }
  for (let i = 0; i < 120; i++) {
    const header = [...HEADER];
    const rows = fresh(2 + int(5));
    const dup = int(header.length);
    const alias = pick([header[dup] as string, '手机号', '车牌', '保险止期', '客户姓名']);
    header.push(alias);
    for (const r of rows) r.push(pick(['13912345678', '粤A99999', '2027-01-01', '张三', '']));
    out.push({ kind: 'duplicate-header', bytes: text(rows, header) });
  }
  for (let i = 0; i < 120; i++) {
    const b = Buffer.from(csv(fresh(2 + int(6))));
    const at = int(b.length);
    out.push({ kind: 'nul-bytes', bytes: Buffer.concat([b.subarray(0, at), Buffer.alloc(1 + int(3)), b.subarray(at)]) });
  }
  for (let i = 0; i < 120; i++) {
    out.push({ kind: 'gbk-as-utf8', bytes: iconv.encode(csv(fresh(2 + int(6))), 'gbk'), forceUtf8: random() < 0.7 });
  }
  for (let i = 0; i < 120; i++) {
    const rows = fresh(2 + int(6));
    for (const r of rows) if (random() < 0.6) r[pick([1, 2, 3, 4, 5, 7, 8])] = pick(['=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '=HYPERLINK("http://x")']);
    out.push({ kind: 'formula-cells', bytes: text(rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)))) });
  }
  const NOISE = ['"', ',', '\n', '\r', '\r\n', '""', '\uFEFF', '，', '\u0000', 'ï¿½', '\\', ';', '\t'];
  for (let i = 0; i < 260; i++) {
    let s = csv(fresh(3 + int(10)));
    for (let m = 0, n = 1 + int(6); m < n; m++) {
      const at = int(s.length);
      const op = int(3);
      s = op === 0 ? s.slice(0, at) + pick(NOISE) + s.slice(at) : op === 1 ? s.slice(0, at) + s.slice(at + 1 + int(5)) : s.slice(0, at) + s.slice(at, at + 20) + s.slice(at);
    }
    out.push({ kind: 'mutated', bytes: Buffer.from(s) });
  }
  for (const b of ['', '\uFEFF', HEADER.join(','), `${HEADER.join(',')}\n\n\n`, ',,,,\n,,,', 'PK\u0003\u0004 binary', '"only a quote']) out.push({ kind: 'degenerate', bytes: Buffer.from(b) });
  // One 5 MB field (a pasted blob in the owner column) and one 5 MB unquoted line.
  const huge = 'x'.repeat(5 * 1024 * 1024);
  const r1 = fresh(3);
  (r1[1] as string[])[1] = `"${huge}"`;
  out.push({ kind: '5mb-field', bytes: text(r1) });
  const r2 = fresh(3);
  (r2[0] as string[])[5] = huge;
  out.push({ kind: '5mb-field', bytes: text(r2) });
  return out;
}
