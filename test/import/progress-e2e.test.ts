/**
 * End to end: `renew import` draws its progress bar only when stderr is a terminal.
 * The terminal is a tmux pane whose raw output is recorded (pipe-pane), since the
 * bar is wiped before the summary. Skipped only when tmux is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCsv } from '../../src/core/demo/csv-sink.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';

const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux'].find((p) => existsSync(p));
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8', TERM: 'xterm-256color' };
const sessions: string[] = [];
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function tmux(...args: string[]): string {
  const r = spawnSync(TMUX as string, ['-u', ...args], { encoding: 'utf8', env: ENV, timeout: 10_000 });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Waits for `file` to contain `text`; fails after `timeoutMs` with what it holds. */
async function waitForText(file: string, text: string, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const held = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (held.includes(text)) return held;
    if (Date.now() > end) throw new Error(`timed out waiting for "${text}"; got:\n${held}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A demo export just over the 4 MB from which the command shows a bar. */
let csv: string;
beforeAll(() => {
  csv = join(tempDir('renew-progress-e2e-'), 'policies.csv');
  writeDemoCsv(csv, { vehicles: 9500, seed: 3, today: '2026-11-24' });
});

afterEach(() => {
  for (const s of sessions.splice(0)) spawnSync(TMUX as string, ['kill-session', '-t', s], { env: ENV });
});

describe.skipIf(!TMUX)('renew import on a terminal', () => {
  it('draws the bar on a terminal, wipes it, and leaves it out of a pipe', async () => {
    const dir = tempDir('renew-progress-e2e-');
    const log = join(dir, 'pane.log');
    const session = `renew-progress-${process.pid}`;
    sessions.push(session);
    // The pause lets pipe-pane attach before the import writes anything.
    const command = [
      'sleep 0.5;', `RENEW_DB=${quote(join(dir, 'tty.db'))}`, 'RENEW_TODAY=2026-11-24', 'RENEW_LANG=en', 'NO_COLOR=1',
      quote(process.execPath), quote(BIN), 'import', quote(csv), '; echo "EXIT=$?"; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '40', command);
    tmux('pipe-pane', '-o', '-t', session, `cat >> ${quote(log)}`);
    const raw = await waitForText(log, 'EXIT=');
    expect(raw).toContain('EXIT=0');
    const pcts = [...raw.matchAll(/policies\.csv \[[#.]{20}\] (\d+)%/g)].map((m) => Number(m[1]));
    expect(pcts.length).toBeGreaterThanOrEqual(3);
    expect(pcts.at(-1)).toBe(100);
    expect(raw).toContain('\r\x1b[K');
    // What is left on the screen: the summary, no bar.
    const screen = tmux('capture-pane', '-p', '-J', '-t', session);
    expect(screen).toContain('0 rejected');
    expect(screen).not.toMatch(/\[[#.]{20}\]/);

    // The same file through a pipe: the same summary, no bar.
    const piped = runCli(['import', csv], { env: { RENEW_DB: join(dir, 'pipe.db'), RENEW_TODAY: '2026-11-24', RENEW_LANG: 'en' } });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toContain('0 rejected');
    expect(piped.stderr).not.toContain('\r');
  });
});
