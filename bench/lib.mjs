// Shared pieces of the benchmark scripts: options, timing a whole process, the
// demo database they run on, and the bare better-sqlite3 baseline they compare to.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/renew.js', import.meta.url));
export const BENCH_TODAY = '2026-11-24';
export const benchEnv = { ...process.env, RENEW_TODAY: BENCH_TODAY, NO_COLOR: '1', RENEW_LANG: 'zh-CN' };

/** `--name value` from the command line, else `fallback`. */
export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}

export const flag = (name) => process.argv.includes(`--${name}`);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs a command to the end with stdout piped (read in full); returns wall milliseconds. */
export function timeRun(cmd, args, env = benchEnv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, cwd: ROOT, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return { ms, bytes: r.stdout.length };
}

/** Fills `db` with `renew demo --vehicles N` (500,000 vehicles: ~1.1M policies). */
export function buildDemoDb(db, vehicles) {
  process.stderr.write(`building ${db} with renew demo --vehicles ${vehicles} ...\n`);
  const { ms } = timeRun(process.execPath, [BIN, 'demo', '--vehicles', String(vehicles), '--db', db]);
  process.stderr.write(`built in ${(ms / 1000).toFixed(1)} s\n`);
}

/** The floor every renew command pays: node starting, loading better-sqlite3 and opening the file. */
export function baselineCommand(db) {
  return [process.execPath, ['-e', `new (require('better-sqlite3'))(${JSON.stringify(db)}).prepare('select 1').get()`]];
}

/**
 * Times each [label, cmd, args] round robin (a burst of load on the shared 2-core
 * machine hits all alike) after one warm-up run each; returns the medians.
 */
export function roundRobin(commands, runs) {
  for (const [, cmd, args] of commands) timeRun(cmd, args);
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach(([, cmd, args], j) => times[j].push(timeRun(cmd, args).ms));
  return times.map(median);
}
