// `renew today` for one specialist on a big database, PostgreSQL against SQLite, the
// same data on both, measured round robin in the same run (issue 16: PostgreSQL within
// 1.5x of SQLite at 1M policies). Prints the ratio and the machine's load average.
//
//   createdb renew_bench    # any empty (or disposable) database: the bench empties it
//   npm run build && node bench/today-group.mjs --pg postgres://USER@HOST/renew_bench \
//     [--policies 100000] [--runs 11] [--args "today --limit 10"] [--db existing-demo.db]
//
// The SQLite file is `renew demo --vehicles <policies / 2.2>` (the demo writes about 2.2
// policies per vehicle), unless --db names one. `renew demo` does not write to a server,
// so its rows are copied table by table into the PostgreSQL database (migrated by renew
// first, then VACUUM ANALYZEd as a server's autovacuum would); the specialist is the one with
// the most open cases.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { BIN, buildDemoDb, benchEnv, flag, option, roundRobin, timeRun } from './lib.mjs';

const url = option('pg', process.env.RENEW_BENCH_PG);
if (!url) {
  console.error('give the PostgreSQL database to fill: --pg postgres://USER@HOST/DATABASE (it is emptied first)');
  process.exit(64);
}
const runs = Number(option('runs', '11'));
const policies = Number(option('policies', '100000'));
let db = option('db', undefined);
const dir = db ? undefined : mkdtempSync(join(tmpdir(), 'renew-bench-group-'));
if (!db) {
  db = join(dir, 'bench.db');
  buildDemoDb(db, Math.round(policies / 2.2));
}

// Both databases at this program's schema (an older --db file is upgraded, as any command would).
timeRun(process.execPath, [BIN, 'settings', '--db', db], benchEnv);
const sqlite = new Sqlite(db, { readonly: true });
const count = (table) => sqlite.prepare(`select count(*) as n from ${table}`).get().n;
const specialist = sqlite.prepare("select specialist from renewal_cases where status = 'open' and specialist is not null group by specialist order by count(*) desc limit 1").get().specialist;
const todayArgs = [...option('args', 'today --limit 10').split(' ').filter(Boolean), '--specialist', specialist];

// The server's database is migrated the same way, then emptied, and the demo's rows copied in.
timeRun(process.execPath, [BIN, 'settings', '--db', url], benchEnv);
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const client = new pg.Client({ connectionString: url, options: `-c TimeZone=${zone} -c DateStyle=ISO` });
await client.connect();
const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'").all().map((r) => r.name);
const started = Date.now();
await client.query(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
// Parents before children: the foreign keys are checked as rows arrive.
const ORDER = ['vehicles', 'imports', 'renewal_cases', 'policies', 'quotes', 'events'];
for (const table of [...tables].sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))) {
  const columns = (await client.query('select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1', [table])).rows.map((r) => r.column_name);
  const batch = Math.floor(60_000 / columns.length);
  let rows = [];
  const flush = async () => {
    if (rows.length === 0) return;
    const values = rows.map((_, i) => `(${columns.map((_, j) => `$${i * columns.length + j + 1}`).join(', ')})`).join(', ');
    await client.query(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) overriding system value values ${values}`, rows.flat());
    rows = [];
  };
  for (const row of sqlite.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}"`).raw().iterate()) {
    rows.push(row.map((v) => (typeof v === 'bigint' ? String(v) : v)));
    if (rows.length >= batch) await flush();
  }
  await flush();
  // Identity columns go on after the copied ids.
  if (columns.includes('id')) await client.query(`select setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`);
}
// As autovacuum would after a bulk load: statistics, and the visibility map index-only scans need.
await client.query('vacuum analyze');
await client.end();
const copySeconds = (Date.now() - started) / 1000;

const [onFile, onServer] = roundRobin(
  [['sqlite', process.execPath, [BIN, ...todayArgs, '--db', db]], ['postgres', process.execPath, [BIN, ...todayArgs, '--db', url]]],
  runs,
);
const load = loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`data: ${count('policies')} policies, ${count('vehicles')} vehicles, ${count('renewal_cases')} cases, ${count('events')} events (copied to PostgreSQL in ${copySeconds.toFixed(0)} s)`);
console.log(`renew ${todayArgs.join(' ')}; ${runs} rounds, medians; load average ${load}`);
console.log(`SQLite     ${onFile.toFixed(1)} ms`);
console.log(`PostgreSQL ${onServer.toFixed(1)} ms`);
console.log(`PostgreSQL / SQLite: ${(onServer / onFile).toFixed(2)}x (target <= 1.5x at 1M policies)`);
sqlite.close();
if (dir && !flag('keep')) rmSync(dir, { recursive: true, force: true });
