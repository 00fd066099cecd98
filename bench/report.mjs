// Times `renew report --month` on a large database against two references measured
// in the same run, round robin: a bare node process that opens the same file with
// better-sqlite3 and runs `select 1` (the floor any renew command pays), and
// `renew today` (piped, default options) of this build. The goal (issue 5) is
// report / today <= 1.5.
//
//   npm run build && node bench/report.mjs [--vehicles 500000] [--runs 15] [--month 2026-10] [--db path [--keep]] [--synthetic] [--json]
//
// The database comes from `renew demo --vehicles N --db <tmp>` (500,000 vehicles:
// ~1.1M policies, ~590k cases); when this build's demo cannot fill one (or with
// --synthetic) the script builds a comparable one itself: one vehicle with two
// policies and one renewal case each, due dates spread over 14 months, about three
// register entries per case. `--db` reuses an existing file (opening it with this
// build applies any pending migration first, in the warm-up run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'renew.js');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const VEHICLES = Number(arg('--vehicles', '500000'));
const RUNS = Number(arg('--runs', '15'));
const TODAY = '2026-11-24';
const MONTH = arg('--month', '2026-10');
const env = { ...process.env, RENEW_TODAY: TODAY, NO_COLOR: '1', RENEW_LANG: 'zh-CN' };

const dir = arg('--db') ? null : mkdtempSync(join(tmpdir(), 'renew-bench-report-'));
const db = arg('--db', dir && join(dir, 'bench.db'));
const keep = args.includes('--keep');

function run(cmd, argv, options = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ...r, ms };
}

function buildDatabase() {
  if (!args.includes('--synthetic')) {
    const r = run(process.execPath, [BIN, 'demo', '--vehicles', String(VEHICLES), '--db', db]);
    if (r.status === 0) return `renew demo --vehicles ${VEHICLES} (${(r.ms / 1000).toFixed(1)} s)`;
    console.error(`renew demo could not fill a database (exit ${r.status}): ${(r.stderr || '').trim().split('\n')[0]}`);
    rmSync(db, { force: true });
  }
  return buildSynthetic();
}

/** A deterministic stand-in for the demo database (see the header). */
function buildSynthetic() {
  const created = run(process.execPath, [BIN, 'target', 'set', '--month', MONTH, '--vehicles', String(Math.round(VEHICLES / 14)), '--premium', String(VEHICLES * 300), '--rate', '0.65', '--db', db]);
  if (created.status !== 0) throw new Error(`could not create the database: ${created.stderr}`);
  const Database = require('better-sqlite3');
  const sqlite = new Database(db);
  sqlite.pragma('journal_mode = wal');
  sqlite.pragma('synchronous = off');
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const stamp = '2026-01-01 00:00:00';
  const insurers = ['中国人保', '平安产险', '太平洋产险', '国寿财险', '大地保险'];
  const specialists = ['张丽', '王强', '李娜', '陈刚'];
  const reasons = ['price', 'price', 'telesales', 'other_dealer', 'acquaintance', 'service', 'sold', 'unreachable'];
  const objections = ['too_expensive', 'telesales', 'loyal_discount', 'gift', 'elsewhere'];
  const vehicle = sqlite.prepare('insert into vehicles (plate, specialist, owner, phone, created_at, updated_at) values (?, ?, ?, ?, ?, ?)');
  const policy = sqlite.prepare('insert into policies (vehicle_id, case_id, kind, insurer, natural_key, premium_cents, start_date, end_date, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const kase = sqlite.prepare(`insert into renewal_cases (vehicle_id, due_date, compulsory_end, commercial_end, last_premium_cents, last_insurer, status, closed_at, closed_by,
    renewed_insurer, renewed_compulsory_cents, renewed_commercial_cents, renewed_premium_cents, lost_reason, sms_sent_at, attempts, unanswered, reached, quoted, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const event = sqlite.prepare('insert into events (case_id, vehicle_id, at, recorded_at, specialist, outcome, channel, reason, note, objections, insurer, premium_cents) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const day = (offset) => new Date(Date.UTC(2026, 10, 24) + offset * 86_400_000).toISOString().slice(0, 10);
  sqlite.transaction(() => {
    for (let i = 0; i < VEHICLES; i++) {
      const specialist = pick(specialists);
      const v = vehicle.run(`粤B${String(i).padStart(6, '0')}`, specialist, '车主', '13800000000', stamp, stamp).lastInsertRowid;
      const due = day(Math.floor(random() * 425) - 365);
      const past = due < TODAY;
      const r = random();
      const status = !past ? 'open' : r < 0.62 ? 'renewed' : r < 0.85 ? 'lost' : 'open';
      const insurer = pick(insurers);
      const compulsory = 95_000;
      const commercial = 200_000 + Math.floor(random() * 400_000);
      const reason = status === 'lost' ? pick(reasons) : null;
      const c = kase.run(v, due, due, due, compulsory + commercial, insurer, status, status === 'open' ? null : `${due} 10:00:00`, status === 'open' ? null : random() < 0.3 ? 'import' : 'phone',
        status === 'renewed' ? insurer : null, status === 'renewed' ? compulsory : null, status === 'renewed' ? commercial : null, status === 'renewed' ? compulsory + commercial : null,
        reason, `${due} 09:00:00`, 2, 1, past ? 1 : 0, status === 'renewed' ? 1 : 0, stamp, stamp).lastInsertRowid;
      policy.run(v, c, 'compulsory', insurer, `K|${i}|c`, compulsory, due, due, stamp, stamp);
      policy.run(v, c, 'commercial', insurer, `K|${i}|m`, commercial, due, due, stamp, stamp);
      event.run(c, v, `${due} 09:00:00`, `${due} 09:00:00`, specialist, 'sms_sent', 'sms', null, null, null, null, null);
      event.run(c, v, `${due} 10:00:00`, `${due} 10:00:00`, specialist, 'no_answer', 'phone', null, null, null, null, null);
      const outcome = status === 'open' ? 'callback' : status;
      event.run(c, v, `${due} 11:00:00`, `${due} 11:00:00`, specialist, outcome, 'phone', reason, random() < 0.6 ? '客户说再考虑，对比了电销报价' : null,
        random() < 0.5 ? JSON.stringify([pick(objections)]) : null, status === 'renewed' ? insurer : null, status === 'renewed' ? compulsory + commercial : null);
    }
  })();
  sqlite.pragma('wal_checkpoint(truncate)');
  sqlite.close();
  return `synthetic: ${VEHICLES} vehicles, ${2 * VEHICLES} policies, ${VEHICLES} cases, ${3 * VEHICLES} events`;
}

function median(list) {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const built = existsSync(db) && args.includes('--db') ? `existing ${db}` : buildDatabase();
const scriptDir = dir ?? mkdtempSync(join(tmpdir(), 'renew-bench-report-'));
const baselineScript = join(scriptDir, 'baseline.mjs');
writeFileSync(baselineScript, `import { createRequire } from 'node:module';\nconst require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});\nconst Database = require('better-sqlite3');\nconst db = new Database(${JSON.stringify(db)});\ndb.prepare('select 1').get();\ndb.close();\n`);

// Round robin: each round runs every command once, so a burst of load on the
// machine (2 cores, shared) hits all of them alike; the median of the rounds is kept.
const commands = [
  ['baseline (node + better-sqlite3 select 1)', [baselineScript]],
  ['renew today', [BIN, 'today', '--db', db]],
  [`renew report --month ${MONTH}`, [BIN, 'report', '--month', MONTH, '--db', db]],
];
if (args.includes('--json')) commands.push([`renew report --month ${MONTH} --json`, [BIN, 'report', '--month', MONTH, '--json', '--db', db]]);
const times = commands.map(() => []);
for (const [label, argv] of commands) {
  const r = run(process.execPath, argv); // warm the page cache (and migrate), and check it works
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}): ${r.stderr}`);
}
for (let round = 0; round < RUNS; round++) commands.forEach(([, argv], i) => times[i].push(run(process.execPath, argv).ms));
const medians = times.map(median);
const [baseline, today, report] = medians;
console.log(`database: ${built}`);
console.log(`rounds: ${RUNS} (median), month ${MONTH}, today ${TODAY}`);
commands.forEach(([label], i) => {
  const ms = medians[i];
  let line = `${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms`;
  if (i > 0) line += `   x${(ms / baseline).toFixed(2)} baseline`;
  if (i > 1) line += `   x${(ms / today).toFixed(2)} today`;
  console.log(line);
});
console.log(`report / today: ${(report / today).toFixed(2)} (goal <= 1.5); (report - baseline) / (today - baseline): ${((report - baseline) / (today - baseline)).toFixed(2)}`);
if (!dir) rmSync(scriptDir, { recursive: true, force: true });
else if (!keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${db}`);
