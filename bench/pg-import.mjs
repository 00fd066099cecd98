// Import speed on PostgreSQL against psql \copy of the same file on the same server,
// with the SQLite import of the file beside it, all in one run.
//
//   npm run build && node bench/pg-import.mjs [--rows 100000] [--runs N] [--keep]
//
// Writes a dealer-style policy export with `renew demo --csv` (about 2.25 policy rows per
// vehicle), starts a throwaway PostgreSQL server (Debian's initdb/pg_ctl, newest version
// under /usr/lib/postgresql or $RENEW_PG_BIN; Unix socket in a temp folder, no TCP; as
// root through `runuser -u postgres`, as the tests' server does), then times, each into
// a fresh database:
//   baseline: psql -c "\copy t from FILE (format csv, header)"   (a bare table: the file's columns as text, no index)
//   renew:    renew --db postgresql://... import FILE --json     (whole process: decode, validate, COPY, merge, cases, renewals)
//   sqlite:   renew --db FILE.db import FILE --json              (the same file into SQLite, for comparison)
//   parse:    renew's own reader alone (dist/parse-worker.js: decode, split, validate, hash; no database),
//             the floor any `renew import` stands on: Node reads and checks every row before a database sees it
// The renew database is migrated before the clock starts. Prints the three wall times, the
// ratio renew / psql \copy (the issue's target: <= 3x at 1M policies) and the load average.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BIN, flag, median, option, ROOT } from './lib.mjs';

const rows = Number(option('rows', '100000'));
const runs = Math.max(1, Number(option('runs', '1')));
const dir = mkdtempSync(join(tmpdir(), 'renew-bench-pg-'));
const csv = join(dir, 'policies.csv');
const env = { ...process.env, RENEW_TODAY: '2026-11-24', RENEW_LANG: 'en', NO_COLOR: '1', RENEW_DB: '' };
const asRoot = userInfo().uid === 0;

const bin = findPostgresBin();
if (!bin) {
  console.error('PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin or $RENEW_PG_BIN): apt-get install postgresql');
  process.exit(1);
}

const gen = spawnSync(process.execPath, [BIN, 'demo', '--csv', csv, '--vehicles', String(Math.ceil(rows / 2.25)), '--json'], { env, encoding: 'utf8' });
if (gen.status !== 0) {
  process.stderr.write(gen.stderr);
  process.exit(1);
}
const header = readFileSync(csv, 'utf8').slice(0, 4096).split(/\r?\n/)[0].replace(/^\uFEFF/, '').split(',');
console.log(`input: ${csv} (${(statSync(csv).size / 1e6).toFixed(1)} MB, ${header.length} columns, from renew demo --csv)`);

const server = join(dir, 'pg');
const stopServer = startServer(server);
try {
  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const base = `copy_${i}`;
    const db = `renew_${i}`;
    psql('postgres', `create database ${base}`);
    psql('postgres', `create database ${db}`);
    psql(base, `create table t (${header.map((_, k) => `c${k} text`).join(', ')})`);
    const url = `postgresql://postgres@${encodeURIComponent(server)}/${db}`;
    // Migrations before the clock starts (any command opens the store; an empty one's today says so): the import alone is timed.
    spawnSync(process.execPath, [BIN, '--db', url, 'today', '--limit', '1'], { env, encoding: 'utf8' });
    psql(db, 'select 1 from policies limit 1');
    const copy = await timed(psqlCommand(base, `\\copy t from '${csv}' with (format csv, header true)`));
    const renew = await timed([process.execPath, BIN, '--db', url, 'import', csv, '--json']);
    rmSync(join(dir, 'sqlite.db'), { force: true });
    const lite = await timed([process.execPath, BIN, '--db', join(dir, 'sqlite.db'), 'import', csv, '--json']);
    const parse = await parseOnly(csv);
    rounds.push({ copy, renew, lite, parse });
    if (runs > 1) console.log(`round ${i + 1}: psql \\copy ${copy.seconds.toFixed(2)} s, renew (PostgreSQL) ${renew.seconds.toFixed(2)} s, renew (SQLite) ${lite.seconds.toFixed(2)} s, reader alone ${parse.seconds.toFixed(2)} s`);
  }
  const pick = (side) => median(rounds.map((r) => r[side].seconds));
  const counts = JSON.parse(rounds[rounds.length - 1].renew.out);
  const liteCounts = JSON.parse(rounds[rounds.length - 1].lite.out);
  const of = runs > 1 ? ` (median of ${runs})` : '';
  const [copy, renew, lite, parse] = [pick('copy'), pick('renew'), pick('lite'), pick('parse')];
  console.log(`rows: ${counts.rows} (PostgreSQL: imported ${counts.imported}, rejected ${counts.rejected}; SQLite: imported ${liteCounts.imported})`);
  console.log(`psql \\copy into a bare table:  ${copy.toFixed(2)} s${of}`);
  console.log(`renew import, PostgreSQL:      ${renew.toFixed(2)} s${of}`);
  console.log(`renew import, SQLite:          ${lite.toFixed(2)} s${of}`);
  console.log(`ratio renew (PostgreSQL) / psql \\copy: ${(renew / copy).toFixed(2)}x  (target <= 3x at 1M policies)`);
  console.log(`renew's reader alone (no database): ${parse.toFixed(2)} s${of}`);
  console.log(`ratio renew (SQLite) / psql \\copy:     ${(lite / copy).toFixed(2)}x`);
  console.log(`ratio reader alone / psql \\copy:       ${(parse / copy).toFixed(2)}x  (the floor under both imports)`);
  console.log(`load average (1, 5, 15 min) at the end: ${loadavg().map((x) => x.toFixed(2)).join(', ')} on ${availableParallelism()} cores`);
} finally {
  stopServer();
  if (!flag('keep')) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}

/**
 * renew's reader on its own: the built parse worker (the one `renew import` starts for a
 * large file) reads the whole file, each batch acknowledged at once as the importer does.
 * The limits are the defaults' order of magnitude: every row is checked either way.
 */
function parseOnly(path) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const rules = { maxPremiumCents: { compulsory: 1e9, commercial: 1e9 } };
    const worker = new Worker(join(ROOT, 'dist', 'parse-worker.js'), { workerData: { path, map: new Map(), rules } });
    worker.on('message', (m) => {
      if (m.type === 'batch') worker.postMessage('ack');
      else if (m.type === 'end') resolve({ seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
      else if (m.type === 'error') reject(new Error(m.error.message));
    });
    worker.on('error', reject);
  });
}

/** Runs argv to the end; resolves with wall seconds and stdout. */
function timed(argv) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0 && code !== 2) reject(new Error(`${argv.join(' ')} exited ${code}: ${err}`));
      else resolve({ seconds, out });
    });
  });
}

function findPostgresBin() {
  if (process.env.RENEW_PG_BIN) return process.env.RENEW_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : null;
}

/** argv for a server binary: PostgreSQL refuses root, so as root it runs as `postgres`. */
function asServerUser(cmd, args) {
  return asRoot ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args];
}

function mustRun(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** initdb and pg_ctl start in `folder` (a Unix socket there, no TCP); returns the stop function. */
function startServer(folder) {
  mustRun(['mkdir', '-p', folder]);
  if (asRoot) {
    const id = (f) => Number(mustRun(['id', f, 'postgres']).trim());
    chownSync(dir, id('-u'), id('-g'));
    chownSync(folder, id('-u'), id('-g'));
  }
  const data = join(folder, 'data');
  mustRun(asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions']));
  mustRun(asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', join(folder, 'server.log'), '-o', `-c listen_addresses='' -k ${folder}`, 'start']));
  return () => spawnSync(...splitArgv(asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'])), { stdio: 'ignore' });
}

function splitArgv(argv) {
  return [argv[0], argv.slice(1)];
}

function psqlCommand(database, command) {
  return [join(bin, 'psql'), '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', server, '-U', 'postgres', '-d', database, '-c', command];
}

function psql(database, command) {
  mustRun(psqlCommand(database, command));
}
