/**
 * A real terminal for end-to-end tests: the built binary runs in a detached tmux
 * session. Tests that need it are skipped only when tmux is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux'].find((p) => existsSync(p));
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8', TERM: 'xterm-256color' };
/** Sessions started with `newSession`, for `killSessions` after each test. */
const sessions: string[] = [];

export function tmux(...args: string[]): string {
  const r = spawnSync(TMUX as string, ['-u', ...args], { encoding: 'utf8', env: ENV, timeout: 10_000 });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Starts `command` (a shell line) in a detached session of the given size. */
export function newSession(name: string, command: string, width = 200, height = 60): string {
  sessions.push(name);
  tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), command);
  return name;
}

export function killSessions(): void {
  for (const s of sessions.splice(0)) spawnSync(TMUX as string, ['kill-session', '-t', s], { env: ENV });
}

/** One word for the shell, whatever it holds. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Waits until the prompt `message` is drawn and waiting for an answer: inquirer marks the
 * prompt being asked with "?" and an answered one with "✔", so text already on screen
 * (the script, an earlier prompt of the same name) never counts. Returns the screen.
 */
export async function waitForPrompt(read: () => string, message: string, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const held = read();
    const lines = held.split('\n').filter((l) => l.trim() !== '');
    const asking = [...lines].reverse().find((l) => /^\s*[?✔]/.test(l));
    if (asking !== undefined && /^\s*\?/.test(asking) && asking.includes(message)) return held;
    if (Date.now() > end) throw new Error(`timed out waiting for the prompt "${message}"; last seen:\n${held}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls `read` until what it returns holds `text`, and returns that; fails after `timeoutMs` showing the last read. */
export async function waitUntil(read: () => string, text: string, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const held = read();
    if (held.includes(text)) return held;
    if (Date.now() > end) throw new Error(`timed out waiting for "${text}"; last seen:\n${held}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
