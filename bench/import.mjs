// Import speed against the sqlite3 shell, measured in the same run.
//
//   npm run build && node bench/import.mjs [--rows 1000000] [--keep]
//
// Writes a dealer-style policy export with `renew demo --csv` (about 2.25 policy rows
// per vehicle), then times, on the same file and each into an empty database:
//   baseline: sqlite3 tmp.db ".import --csv FILE t"    (no validation, one table, no index)
//   renew:    renew --db tmp.db import FILE --json       (whole process: decode, validate, upsert, cases, renewals)
// and prints rows, both wall times, the ratio, rows/s and renew's peak RSS (VmHWM).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const rows = Number(opt('--rows', '1000000'));
const keep = args.includes('--keep');
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

const base = await timed('sqlite3', [join(dir, 'baseline.db'), `.import --csv ${csv} t`]);
const renew = await timed(process.execPath, [BIN, '--db', join(dir, 'renew.db'), 'import', csv, '--json']);
const counts = JSON.parse(renew.out);
const renewed = /(\d+) renewal cases marked renewed/.exec(renew.err)?.[1] ?? '0';
console.log(`rows: ${counts.rows}  (imported ${counts.imported}, rejected ${counts.rejected}, ${renewed} cases renewed by import)`);
console.log(`sqlite3 .import --csv: ${base.seconds.toFixed(2)} s`);
console.log(`renew import:          ${renew.seconds.toFixed(2)} s`);
console.log(`ratio renew / sqlite3: ${(renew.seconds / base.seconds).toFixed(2)}x  (target <= 2.5x)`);
console.log(`renew rows/s:          ${Math.round(counts.rows / renew.seconds).toLocaleString('en-US')}`);
console.log(`renew peak RSS:        ${renew.peakKb === null ? 'n/a' : `${Math.round(renew.peakKb / 1024)} MB`}`);
if (!keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
