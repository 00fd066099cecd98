// `renew report --month` on the 1M-policy demo database against `renew today` and the
// bare better-sqlite3 baseline, round robin in the same run (issue 5: report <= 1.5x today).
//
//   npm run build && node bench/report.mjs [--vehicles 500000] [--runs 15] [--month 2026-10] [--db existing.db] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineCommand, BENCH_TODAY, BIN, buildDemoDb, flag, option, roundRobin } from './lib.mjs';

const runs = Number(option('runs', '15'));
const month = option('month', '2026-10');
let db = option('db', undefined);
const dir = db ? undefined : mkdtempSync(join(tmpdir(), 'renew-bench-report-'));
if (!db) {
  db = join(dir, 'bench.db');
  buildDemoDb(db, Number(option('vehicles', '500000')));
}

const commands = [
  ['baseline (node + better-sqlite3 select 1)', ...baselineCommand(db)],
  ['renew today --limit 10', process.execPath, [BIN, 'today', '--limit', '10', '--db', db]],
  [`renew report --month ${month}`, process.execPath, [BIN, 'report', '--month', month, '--db', db]],
];
if (flag('json')) commands.push([`renew report --month ${month} --json`, process.execPath, [BIN, 'report', '--month', month, '--json', '--db', db]]);
const medians = roundRobin(commands, runs);
const [baseline, today, report] = medians;
console.log(`database: ${db}; ${runs} rounds (medians), month ${month}, today ${BENCH_TODAY}`);
commands.forEach(([label], i) => {
  let line = `${label.padEnd(44)} ${medians[i].toFixed(0).padStart(6)} ms`;
  if (i > 0) line += `   x${(medians[i] / baseline).toFixed(2)} baseline`;
  if (i > 1) line += `   x${(medians[i] / today).toFixed(2)} today`;
  console.log(line);
});
console.log(`report / today: ${(report / today).toFixed(2)} (goal <= 1.5)`);
if (dir && !flag('keep')) rmSync(dir, { recursive: true, force: true });
