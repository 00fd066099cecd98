// `renew today` start to finish against a bare better-sqlite3 process on the same
// 1M-policy database, measured round robin in the same run (issue 3: <= 2x).
//
//   npm run build && node bench/today.mjs [--vehicles 500000] [--runs 11] [--db existing.db] [--args "today --limit 10"]
//
// The default `today --limit 10` makes the reads of the terminal screen (10 rows per
// group, exact counts) through a pipe; piped without --limit, `today` writes the whole queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineCommand, BIN, buildDemoDb, flag, option, roundRobin } from './lib.mjs';

const runs = Number(option('runs', '11'));
const todayArgs = option('args', 'today --limit 10').split(' ').filter(Boolean);
let db = option('db', undefined);
const dir = db ? undefined : mkdtempSync(join(tmpdir(), 'renew-bench-today-'));
if (!db) {
  db = join(dir, 'bench.db');
  buildDemoDb(db, Number(option('vehicles', '500000')));
}

const [bare, today] = roundRobin(
  [['bare', ...baselineCommand(db)], ['today', process.execPath, [BIN, ...todayArgs, '--db', db]]],
  runs,
);
console.log(`database: ${db}; ${runs} rounds, medians`);
console.log(`bare better-sqlite3:         ${bare.toFixed(1)} ms`);
console.log(`renew ${todayArgs.join(' ').padEnd(22)} ${today.toFixed(1)} ms`);
console.log(`today / bare: ${(today / bare).toFixed(2)}x (target <= 2x)`);
if (dir && !flag('keep')) rmSync(dir, { recursive: true, force: true });
