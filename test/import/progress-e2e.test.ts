/**
 * End to end: `renew import` draws its progress bar only when stderr is a terminal.
 * The terminal is a tmux pane whose raw output is recorded (pipe-pane), since the
 * bar is wiped before the summary. Skipped only when tmux is not installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCsv } from '../../src/features/demo/csv-sink.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { killSessions, newSession, shellQuote as quote, TMUX, tmux, waitUntil } from '../helpers/tmux.js';

/** A demo export just over the 4 MB from which the command shows a bar. */
let csv: string;
beforeAll(() => {
  csv = join(tempDir('renew-progress-e2e-'), 'policies.csv');
  writeDemoCsv(csv, { vehicles: 9500, seed: 3, today: '2026-11-24' });
});

afterEach(killSessions);

describe.skipIf(!TMUX)('renew import on a terminal', () => {
  it('draws the bar on a terminal, wipes it, and leaves it out of a pipe', async () => {
    const dir = tempDir('renew-progress-e2e-');
    const log = join(dir, 'pane.log');
    const session = `renew-progress-${process.pid}`;
    // The pause lets pipe-pane attach before the import writes anything.
    const command = [
      'sleep 0.5;', `RENEW_DB=${quote(join(dir, 'tty.db'))}`, 'RENEW_TODAY=2026-11-24', 'RENEW_LANG=en', 'NO_COLOR=1',
      quote(process.execPath), quote(BIN), 'import', quote(csv), '; echo "EXIT=$?"; sleep 60',
    ].join(' ');
    newSession(session, command, 160, 40);
    tmux('pipe-pane', '-o', '-t', session, `cat >> ${quote(log)}`);
    const raw = await waitUntil(() => (existsSync(log) ? readFileSync(log, 'utf8') : ''), 'EXIT=', 100_000); // a busy machine slows the import, not the result
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
  }, 120_000);
});
