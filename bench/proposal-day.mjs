// Time to write the day's proposals as files, end to end on the built binary: one
// `renew proposal <plate> -o FILE` per car on the morning list (`renew quote --due`), against a
// baseline measured in the same run: the same number of bare processes that start node, load
// better-sqlite3 and open the database (the floor any renew command pays).
// The store is a `renew demo` database; each listed car gets two quotes, written straight into
// the quotes table (the setup is not what is measured).
//
//   node bench/proposal-day.mjs [--count 200] [--vehicles 3000]
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineCommand, benchEnv, BIN, buildDemoDb, median, option, timeRun } from './lib.mjs';

const count = Number(option('count', '200'));
const vehicles = Number(option('vehicles', '3000'));
const dir = mkdtempSync(join(tmpdir(), 'renew-bench-proposal-day-'));
const db = join(dir, 'renew.db');
const env = { ...benchEnv, RENEW_DB: db };
try {
  buildDemoDb(db, vehicles);
  timeRun(process.execPath, [BIN, 'settings', 'certified_insurers', '["中国人保","平安产险","太平洋产险"]'], env);
  const due = spawnSync(process.execPath, [BIN, 'quote', '--due', '--json'], { env, maxBuffer: 1 << 28 });
  const list = JSON.parse(due.stdout.toString()).slice(0, count);
  if (list.length < count) process.stderr.write(`only ${list.length} cars on the morning list\n`);
  const sqlite = new Database(db);
  const insert = sqlite.prepare(`insert into quotes (case_id, vehicle_id, insurer, plan, compulsory_cents, tax_cents, commercial_cents, covers, valid_until, source, created_at)
    select ?, vehicle_id, ?, ?, 95000, 36000, ?, ?, '2026-12-01', 'entry', '2026-11-24 08:00:00' from renewal_cases where id = ?`);
  const covers = JSON.stringify([{ code: 'damage', sumInsured: 12_800_000, premium: 152_040 }, { code: 'third_party', sumInsured: 100_000_000, premium: 94_590 }]);
  sqlite.transaction(() => {
    for (const row of list) {
      insert.run(row.case_id, '中国人保', '经济型', 246_630, covers, row.case_id);
      insert.run(row.case_id, '平安产险', '推荐型', 246_630, covers, row.case_id);
    }
  })();
  sqlite.close();

  const out = join(dir, 'out');
  spawnSync('mkdir', [out]);
  const [baseCmd, baseArgs] = baselineCommand(db);
  const baseline = [];
  for (let i = 0; i < list.length; i++) baseline.push(timeRun(baseCmd, baseArgs, env).ms);
  const proposals = [];
  list.forEach((row, i) => proposals.push(timeRun(process.execPath, [BIN, 'proposal', row.plate, '-o', join(out, `${i}.html`)], env).ms));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const files = readdirSync(out).map((f) => statSync(join(out, f)).size);
  console.log(`demo store: ${vehicles} vehicles; morning list: ${list.length} cars, 2 quotes each`);
  console.log(`baseline (node + better-sqlite3 open) x${list.length}: ${(sum(baseline) / 1000).toFixed(1)} s, median ${median(baseline).toFixed(0)} ms`);
  console.log(`renew proposal -o FILE x${list.length}: ${(sum(proposals) / 1000).toFixed(1)} s, median ${median(proposals).toFixed(0)} ms (${(sum(proposals) / sum(baseline)).toFixed(2)}x baseline)`);
  console.log(`files: ${files.length}, median size ${(median(files) / 1024).toFixed(1)} KiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
