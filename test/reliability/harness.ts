/**
 * Shared machinery for the reliability suite: child processes that can be killed,
 * a bundled outcome-writer driver, a seeded random source, consistency checks and
 * figure reporting (each figure is printed with console.log so it shows in CI).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { build } from 'esbuild';
import { projectCase, effectiveEvents } from '../../src/rules/case-projection.js';
import type { RegisterEvent } from '../../src/storage/schema.js';
import { BIN } from '../helpers/cli.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Prints one figure of the suite: `[reliability] 1. partial imports: 0 of 20`. */
export function figure(text: string): void {
  console.log(`[reliability] ${text}`);
}

/** mulberry32: the same "random" kill points on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
  /** Resolves when stdout contains `text`. */
  waitFor(text: string): Promise<void>;
}

function track(child: ChildProcess): Run {
  const started = Date.now();
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    done: new Promise((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, stdout: run.stdout, stderr: run.stderr, ms: Date.now() - started }));
    }),
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (run.stdout.includes(text)) resolve();
        };
        child.stdout?.on('data', check);
        child.on('close', () => (run.stdout.includes(text) ? resolve() : reject(new Error(`child ended before printing ${text}: ${run.stderr}`))));
        check();
      }),
  };
  child.stdout?.on('data', (d) => (run.stdout += d));
  child.stderr?.on('data', (d) => (run.stderr += d));
  return run;
}

export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8', NO_COLOR: '1', RENEW_TODAY: '2026-11-24 10:00', ...extra };
}

/** Starts `renew ARGS` (the built binary) without waiting. */
export function startCli(args: readonly string[], env: Record<string, string>): Run {
  return track(spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Starts `renew ARGS` under a shell with the given umask. */
export function startCliWithUmask(umask: string, args: readonly string[], env: Record<string, string>): Run {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return track(spawn('/bin/sh', ['-c', `umask ${umask}; exec ${quoted}`], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
}

let driverPromise: Promise<string> | undefined;
/** Bundles the outcome-writer driver once (esbuild, a few hundred ms) and returns its path. */
export function outcomeWriter(): Promise<string> {
  driverPromise ??= (async () => {
    const outdir = join(ROOT, 'dist', 'test-drivers');
    mkdirSync(outdir, { recursive: true });
    const outfile = join(outdir, `outcome-writer-${process.pid}.mjs`);
    await build({
      entryPoints: [join(ROOT, 'test/reliability/drivers/outcome-writer.ts')],
      outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['better-sqlite3'], logLevel: 'warning',
      banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    });
    if (!existsSync(outfile)) throw new Error('driver build failed');
    return outfile;
  })();
  return driverPromise;
}

/** Starts the outcome writer; with `umask`, under a shell that sets it first. */
export async function startWriter(db: string, count: number, label: string, delayMs = 0, umask?: string): Promise<Run> {
  const driver = await outcomeWriter();
  const args = [driver, db, String(count), label, String(delayMs)];
  if (umask) return track(spawn('/bin/sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  return track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
}

export function acks(stdout: string): number[] {
  return [...stdout.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
}

export function integrity(sqlite: Sqlite.Database): string {
  return (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
}

const PROJECTED = ['status', 'closed_at', 'closed_by', 'renewed_insurer', 'renewed_compulsory_cents', 'renewed_commercial_cents', 'renewed_premium_cents',
  'lost_reason', 'sms_sent_at', 'attempts', 'unanswered', 'last_contact_at', 'last_outcome', 'next_contact_at', 'reached', 'quoted'] as const;

/**
 * Cases whose stored projection disagrees with their events, plus vehicles whose
 * do-not-call mark disagrees: each is a half-written outcome.
 */
export function halfWritten(sqlite: Sqlite.Database): string[] {
  return halfWrittenRows(
    sqlite.prepare('select * from events order by at, id').all() as RegisterEvent[],
    sqlite.prepare('select * from renewal_cases').all() as Record<string, unknown>[],
    sqlite.prepare('select id, do_not_call_until from vehicles').all() as { id: number; do_not_call_until: string | null }[],
  );
}

/** halfWritten on rows read by any engine: `events` ordered by at, id. */
export function halfWrittenRows(events: RegisterEvent[], cases: Record<string, unknown>[], vehicles: { id: number; do_not_call_until: string | null }[]): string[] {
  const bad: string[] = [];
  const byCase = new Map<number, RegisterEvent[]>();
  for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
  for (const c of cases) {
    const expected = projectCase(byCase.get(c.id as number) ?? []) as unknown as Record<string, unknown>;
    for (const k of PROJECTED) if ((expected[k] ?? null) !== (c[k] ?? null)) bad.push(`case ${c.id} ${k}: stored ${c[k]} vs events ${expected[k]}`);
  }
  for (const v of vehicles) {
    const until = effectiveEvents(events.filter((e) => e.vehicle_id === v.id)).filter((e) => e.outcome === 'do_not_call' && e.until).map((e) => e.until as string).sort().pop() ?? null;
    if (until !== v.do_not_call_until) bad.push(`vehicle ${v.id} do_not_call_until: stored ${v.do_not_call_until} vs events ${until}`);
  }
  return bad;
}

/** CPU time (user + system, in clock ticks) a running process has used, from /proc; undefined once it is gone or off Linux. */
export function cpuTicks(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Polls a child's CPU time until it exits; returns the last value seen (its total, within one poll).
 * Kill points measured in CPU time rather than wall time fall at the same place in the work however busy
 * the machine is.
 */
export async function totalCpuTicks(run: Run): Promise<number> {
  let last = 0;
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended) {
    last = cpuTicks(run.child.pid) ?? last;
    await sleep(10);
  }
  return last;
}

/** Waits until the child has used `ticks` of CPU (or has ended). */
export async function untilCpuTicks(run: Run, ticks: number): Promise<void> {
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && (cpuTicks(run.child.pid) ?? 0) < ticks) await sleep(5);
}
