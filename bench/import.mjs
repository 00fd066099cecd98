// Import speed against the sqlite3 shell, measured in the same run.
//
//   npm run build && node bench/import.mjs [--rows 1000000] [--runs N] [--keep] [--floor] [--parse]
//
// Writes a dealer-style policy export with `renew demo --csv` (about 2.25 policy rows
// per vehicle), then times, on the same file and each into an empty database:
//   baseline: sqlite3 tmp.db ".import --csv FILE t"    (no validation, one table, no index)
//   renew:    renew --db tmp.db import FILE --json       (whole process: decode, validate, upsert, cases, renewals)
// and prints rows, both wall times, the ratio, rows/s and renew's peak RSS (VmHWM); with
// --runs N, N alternating rounds and the median of each side (wall times on a shared VM
// vary by several seconds from run to run).
// --floor then replays the vehicles, cases, policies and events renew wrote, from memory and in
// its order, into an empty database set up as a first load is (16 KB pages, rollback
// journal, 128 MB cache, foreign keys off, the deferred indexes rebuilt after): what
// the writes alone cost with this schema, with no parsing, validation or logic; and
// the same rows once more into bare tables (no index, no constraint): the rows alone.
// --parse times the other half alone: the parser thread (dist/parse-worker.js) decoding,
// splitting and validating the file, with nothing written.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const requireCjs = createRequire(import.meta.url);

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const rows = Number(opt('--rows', '1000000'));
const keep = args.includes('--keep');
const floor = args.includes('--floor');
const parseOnly = args.includes('--parse');
const runs = Math.max(1, Number(opt('--runs', '1')));
const BIN = fileURLToPath(new URL('../bin/renew.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'renew-bench-import-'));
const csv = join(dir, 'policies.csv');
const env = { ...process.env, RENEW_TODAY: '2026-11-24', RENEW_LANG: 'en', NO_COLOR: '1' };

const gen = spawnSync(process.execPath, [BIN, 'demo', '--csv', csv, '--vehicles', String(Math.ceil(rows / 2.25)), '--json'], { env, encoding: 'utf8' });
if (gen.status !== 0) {
  process.stderr.write(gen.stderr);
  process.exit(1);
}
console.log(`input: ${csv} (${(statSync(csv).size / 1e6).toFixed(0)} MB, from renew demo --csv)`);

/** Runs a command, returning wall seconds and the peak RSS seen in /proc (Linux; null elsewhere). */
function timed(cmd, argv) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peakKb = null;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb ?? 0, Number(m[1]));
      } catch {
        /* exited, or not Linux */
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0 && code !== 2) reject(new Error(`${cmd} exited ${code}: ${err}`));
      else resolve({ seconds, peakKb, out, err });
    });
  });
}

// Each round imports into fresh databases, sqlite3 then renew; the median of each side is reported.
const rounds = [];
for (let i = 0; i < runs; i++) {
  for (const f of ['baseline.db', 'renew.db']) rmSync(join(dir, f), { force: true });
  const b = await timed('sqlite3', [join(dir, 'baseline.db'), `.import --csv ${csv} t`]);
  const r = await timed(process.execPath, [BIN, '--db', join(dir, 'renew.db'), 'import', csv, '--json']);
  rounds.push({ base: b, renew: r });
  if (runs > 1) console.log(`round ${i + 1}: sqlite3 ${b.seconds.toFixed(2)} s, renew ${r.seconds.toFixed(2)} s, ${(r.seconds / b.seconds).toFixed(2)}x`);
}
const median = (xs) => [...xs].sort((a, b) => a.seconds - b.seconds)[(xs.length - 1) >> 1];
const base = median(rounds.map((x) => x.base));
const renew = median(rounds.map((x) => x.renew));
const counts = JSON.parse(renew.out);
const renewed = /(\d+) renewal cases marked renewed/.exec(renew.err)?.[1] ?? '0';
const of = runs > 1 ? ` (median of ${runs})` : '';
console.log(`rows: ${counts.rows}  (imported ${counts.imported}, rejected ${counts.rejected}, ${renewed} cases renewed by import)`);
console.log(`sqlite3 .import --csv: ${base.seconds.toFixed(2)} s${of}`);
console.log(`renew import:          ${renew.seconds.toFixed(2)} s${of}`);
console.log(`ratio renew / sqlite3: ${(renew.seconds / base.seconds).toFixed(2)}x  (target <= 2.5x)`);
console.log(`renew rows/s:          ${Math.round(counts.rows / renew.seconds).toLocaleString('en-US')}`);
console.log(`renew peak RSS:        ${renew.peakKb === null ? 'n/a' : `${Math.round(renew.peakKb / 1024)} MB`}`);
if (floor) {
  const seconds = replayWrites(join(dir, 'renew.db'), join(dir, 'floor.db'));
  console.log(`writes alone (--floor):  ${seconds.toFixed(2)} s = ${(seconds / base.seconds).toFixed(2)}x sqlite3`);
  const bare = replayWrites(join(dir, 'renew.db'), join(dir, 'bare.db'), { bare: true });
  console.log(`rows alone, no index:    ${bare.toFixed(2)} s = ${(bare / base.seconds).toFixed(2)}x sqlite3`);
}
if (parseOnly) {
  const seconds = await parseAlone(csv);
  console.log(`parse alone (--parse):   ${seconds.toFixed(2)} s = ${(seconds / base.seconds).toFixed(2)}x sqlite3`);
}
if (!keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);

/** Seconds for the import's parser thread to get through `file`, every batch taken as soon as it is posted. */
function parseAlone(file) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const worker = new Worker(fileURLToPath(new URL('../dist/parse-worker.js', import.meta.url)), { workerData: { path: file, map: new Map(), rules: { maxPremiumCents: { compulsory: 100_000_000, commercial: 100_000_000 } } } });
    worker.on('message', (m) => {
      if (m.type === 'batch') worker.postMessage('ack'); // the credit the importer gives back for each batch
      if (m.type === 'error') reject(new Error(JSON.stringify(m.error)));
      if (m.type === 'end') resolve(Number(process.hrtime.bigint() - t0) / 1e9);
    });
    worker.on('error', reject);
  });
}

/**
 * Seconds to insert `from`'s vehicles, cases, policies and events into a new `to` as a
 * first-load import would; with `bare`, into tables with the same columns and no index or constraint.
 */
function replayWrites(from, to, { bare = false } = {}) {
  const Database = requireCjs('better-sqlite3');
  const src = new Database(from, { readonly: true });
  const schema = src.prepare("select type, name, sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by rowid").all();
  const tables = ['vehicles', 'renewal_cases', 'policies', 'events'].map((t) => ({
    t,
    cols: src.prepare(`select * from ${t} limit 1`).columns().map((c) => c.name),
    rows: src.prepare(`select * from ${t} order by id`).raw().all(),
  }));
  src.close();
  const [vehicles, cases, policies, events] = tables;
  // Each vehicle, then its cases, then its policies: the order the importer writes them in.
  const byVehicle = (x) => {
    const at = x.cols.indexOf('vehicle_id');
    const m = new Map();
    for (const r of x.rows) {
      const list = m.get(r[at]);
      if (list) list.push(r);
      else m.set(r[at], [r]);
    }
    return m;
  };
  const casesOf = byVehicle(cases);
  const policiesOf = byVehicle(policies);
  const db = new Database(to);
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = delete');
  db.pragma('synchronous = full');
  if (bare) for (const x of tables) db.exec(`create table ${x.t} (${x.cols.map((c) => (c === 'id' ? 'id integer primary key' : c))})`);
  else for (const s of schema) db.exec(s.sql);
  db.pragma('cache_size = -131072');
  db.pragma('foreign_keys = off');
  db.pragma('temp_store = memory');
  // As DEFERRABLE_INDEXES in src/features/import/import-file.ts (the bench runs without the TypeScript sources).
  const deferred = bare ? [] : schema.filter((s) => ['renewal_cases_queue', 'events_outcome_at', 'events_vehicle', 'events_case_report'].includes(s.name));
  const insert = Object.fromEntries(tables.map((x) => [x.t, db.prepare(`insert into ${x.t} (${x.cols}) values (${x.cols.map(() => '?')})`)]));
  const t0 = process.hrtime.bigint();
  db.exec('begin immediate');
  for (const d of deferred) db.exec(`drop index ${d.name}`);
  for (const v of vehicles.rows) {
    insert.vehicles.run(v);
    for (const c of casesOf.get(v[0]) ?? []) insert.renewal_cases.run(c);
    for (const p of policiesOf.get(v[0]) ?? []) insert.policies.run(p);
  }
  for (const e of events.rows) insert.events.run(e); // the renewals, written after the last row
  for (const d of deferred) db.exec(d.sql);
  db.exec('commit');
  db.close();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
