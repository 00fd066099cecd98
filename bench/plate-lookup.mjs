// The plate lookup's worst cases (issue 13.18) against the floor every command pays,
// round robin in the same run, medians:
//   bare:     node + better-sqlite3 opening the database (lib.mjs baselineCommand)
//   long:     renew history <300 characters>       refused before any search
//   unknown:  renew history 粤Z9Z9Z9                  no such plate: the suggestion search reads every plate of near length
//   suffix:   renew history Z9Z9Z9                   no province character: 35 indexed lookups, then the same search
//
//   npm run build && node bench/plate-lookup.mjs [--vehicles 100000] [--runs 5] [--db existing.db]
//
// The search is linear in the number of vehicles (a bounded comparison per plate), so
// the extra time over `bare` at N vehicles scales to a million policies (~450k vehicles).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineCommand, benchEnv, BIN, buildDemoDb, median, option, ROOT } from './lib.mjs';

const runs = Number(option('runs', '5'));
let db = option('db', undefined);
const dir = db ? undefined : mkdtempSync(join(tmpdir(), 'renew-bench-plate-'));
if (!db) {
  db = join(dir, 'bench.db');
  buildDemoDb(db, Number(option('vehicles', '100000')));
}

/** Wall milliseconds of one run; these commands fail on purpose (unknown plate), so the exit code is not checked. */
function wall(cmd, args) {
  const t = process.hrtime.bigint();
  spawnSync(cmd, args, { env: benchEnv, cwd: ROOT });
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const commands = [
  ['bare', ...baselineCommand(db)],
  ['long', process.execPath, [BIN, '--db', db, 'history', `粤A${'1'.repeat(300)}`]],
  ['unknown', process.execPath, [BIN, '--db', db, 'history', '粤Z9Z9Z9']],
  ['suffix', process.execPath, [BIN, '--db', db, 'history', 'Z9Z9Z9']],
];
for (const [, cmd, args] of commands) wall(cmd, args);
const times = commands.map(() => []);
for (let i = 0; i < runs; i++) commands.forEach(([, cmd, args], j) => times[j].push(wall(cmd, args)));
const [bare, ...rest] = times.map(median);
console.log(`database: ${db}; ${runs} rounds, medians`);
console.log(`bare better-sqlite3: ${bare.toFixed(0)} ms`);
rest.forEach((ms, k) => console.log(`${commands[k + 1][0].padEnd(8)} ${ms.toFixed(0)} ms (+${(ms - bare).toFixed(0)} ms over bare)`));
if (dir) rmSync(dir, { recursive: true, force: true });
