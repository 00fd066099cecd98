// `renew today` start-to-finish against a bare better-sqlite3 process on the same
// 1M-policy database, measured alternately in the same run.
//
//   npm run build && node bench/today.mjs [--vehicles 500000] [--runs 11] [--db existing.db] [--args "today"]
//
// The default `today --limit 10` makes the reads of the TTY screen (10 rows per group,
// exact counts) through a pipe; piped without --limit, `today` writes the whole queue.
//
// Without --db it builds the database first with `renew demo --vehicles N`
// (two policies per vehicle: 500,000 vehicles = 1,000,000 policies).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const BIN = fileURLToPath(new URL('../bin/renew.js', import.meta.url));
const vehicles = Number(arg('vehicles', '500000'));
const runs = Number(arg('runs', '11'));
const todayArgs = arg('args', 'today --limit 10').split(' ').filter(Boolean);

let db = arg('db', undefined);
let dir;
if (!db) {
  dir = mkdtempSync(join(tmpdir(), 'renew-bench-today-'));
  db = join(dir, 'bench.db');
  process.stderr.write(`building ${db} with renew demo --vehicles ${vehicles} ...\n`);
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'demo', '--vehicles', String(vehicles), '--db', db], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`renew demo failed (exit ${r.status}): ${r.stderr}`);
  process.stderr.write(`built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

const env = { ...process.env, NO_COLOR: '1' };
const commands = {
  bare: [process.execPath, ['-e', `new (require('better-sqlite3'))(${JSON.stringify(db)}).prepare('select 1').get()`]],
  today: [process.execPath, [BIN, ...todayArgs, '--db', db]],
};

function once([cmd, args]) {
  const t = process.hrtime.bigint();
  // stdout is a pipe, as in `renew today | head`; the output is read in full.
  const r = spawnSync(cmd, args, { env, cwd: fileURLToPath(new URL('..', import.meta.url)), maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return { ms, bytes: r.stdout.length };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

once(commands.bare); // warm the page cache for both
once(commands.today);
const times = { bare: [], today: [] };
let bytes = 0;
for (let i = 0; i < runs; i++) {
  times.bare.push(once(commands.bare).ms);
  const r = once(commands.today);
  times.today.push(r.ms);
  bytes = r.bytes;
}
const bare = median(times.bare);
const today = median(times.today);
console.log(`database: ${db}`);
console.log(`runs: ${runs} each, alternating`);
console.log(`bare better-sqlite3: median ${bare.toFixed(1)} ms  (min ${Math.min(...times.bare).toFixed(1)})`);
console.log(`renew ${todayArgs.join(' ')}: median ${today.toFixed(1)} ms  (min ${Math.min(...times.today).toFixed(1)}, ${bytes} bytes of output)`);
console.log(`ratio: ${(today / bare).toFixed(2)}x (target <= 2x)`);
if (dir && !process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
