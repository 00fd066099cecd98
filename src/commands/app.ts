/**
 * The bridge between commander and the core: turns global options and the process
 * environment into an `Io` or a full `Context`, and gives commands one way to add
 * help examples. Nothing below `src/core` sees `process`.
 */
import { type Stats, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { makeClock, isoDate } from '../rules/clock.js';
import type { Context, Io } from '../features/context.js';
import { EXIT, RenewError } from '../errors.js';
import { dataDirs } from '../features/data-files.js';
import { type Lang, type Translate, translator } from '../i18n/index.js';
import { noPrompter, type Prompter } from '../ui/prompter.js';
import { wantsColor } from '../ui/plain-text.js';
import { defaultDbPath } from './db-path.js';
import { visibleControls } from '../rules/safe-text.js';

export interface GlobalOptions {
  db?: string;
  lang?: string;
  color?: boolean;
  reveal?: boolean;
  store?: string;
}

export interface App {
  lang: Lang;
  t: Translate;
  env: NodeJS.ProcessEnv;
  /** Io for this invocation, from the command's global options. */
  io(command: Command): Io;
  /** Opens the database (creating it when `create`), runs `work`, always closes. */
  withContext<T>(command: Command, work: (ctx: Context) => Promise<T>, options?: { create?: boolean; prompter?: Prompter }): Promise<T>;
  dbPath(command: Command): string;
}

export function createApp(lang: Lang, env: NodeJS.ProcessEnv = process.env): App {
  const t = translator(lang);
  const app: App = {
    lang,
    t,
    env,
    io(command) {
      const g = command.optsWithGlobals<GlobalOptions>();
      const now = makeClock(env.RENEW_TODAY || undefined);
      const isTTY = Boolean(process.stdout.isTTY);
      const color = wantsColor(isTTY, env, g.color);
      return {
        // Every renderer's text passes here: a control character from data never reaches the terminal raw.
        out: { write: (s) => void process.stdout.write(visibleControls(s, color)) },
        err: { write: (s) => void process.stderr.write(s) },
        isTTY,
        columns: process.stdout.columns || undefined,
        stdinIsTTY: Boolean(process.stdin.isTTY),
        color,
        lang,
        t,
        now,
        today: isoDate(now()),
        reveal: Boolean(g.reveal),
        dataDirs: dataDirs(env.RENEW_DATA_DIR || undefined),
        actor: currentActor(env),
        storeOption: g.store,
      };
    },
    dbPath(command) {
      const path = command.optsWithGlobals<GlobalOptions>().db || env.RENEW_DB || defaultDbPath(env);
      refuseNonFile(path);
      return path;
    },
    async withContext(command, work, options = {}) {
      const io = app.io(command);
      const path = app.dbPath(command);
      const { openStorage } = await import('../storage/open.js');
      const onUpgrade = (from: number, to: number) => io.err.write(`${t('cli.upgrading', { path, from, to })}\n`);
      const store = await openStorage(path, { create: options.create ?? false, onUpgrade });
      // A database on NFS/SMB can be corrupted by two machines: warn on every use (cheap: one statfs).
      const { networkFilesystem } = await import('../features/trust/filesystem.js');
      const network = networkFilesystem(path);
      if (network) io.err.write(`${t('trust.fs.network', { path, fs: network })}\n`);
      try {
        // Read once for the whole command (ctx.settings): a stored setting that is not valid is
        // not obeyed (its default applies): say so, every time.
        const { badSettingsIn, readStoredSettings, settingsOf } = await import('../storage/queries/settings.js');
        const stored = await readStoredSettings(store.db);
        for (const bad of badSettingsIn(stored)) io.err.write(`${t('settings.badStored', { ...bad })}\n`);
        // Once the store has users, only an enabled one may use it (none: one person's file, unchecked).
        const { resolveActor } = await import('../features/team/access.js');
        const member = await resolveActor({ db: store.db, actor: io.actor });
        return await work({
          ...io,
          store,
          db: store.db,
          prompter: options.prompter ?? noPrompter,
          member: async () => member,
          settings: async (code) => settingsOf(stored, code),
        });
      } catch (e) {
        // The file turned out read-only at the first write: name it (main.ts cannot know the path).
        if ((e as { code?: string }).code?.startsWith('SQLITE_READONLY')) throw new RenewError('errors.readOnly', { path });
        throw e;
      } finally {
        await store.close();
      }
    },
  };
  return app;
}

/**
 * The database path must name a regular file or nothing yet: restore once answered a folder with
 * "unexpected error: EISDIR" and, run as root, replaced a device node with a file. A symlink to a
 * file is fine (stat follows it); a path that cannot be looked at is left to the open, which names it.
 */
function refuseNonFile(path: string): void {
  if (path === ':memory:') return;
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (!stat.isFile()) throw new RenewError('errors.notRegularFile', { path }, EXIT.usage);
}

/**
 * The person at the keyboard: RENEW_USER (a shared PC, or a login that is not the
 * person's name), else the OS login. Null when neither is known (some containers
 * have no passwd entry): the register then records no actor, as before migration 0009.
 */
function currentActor(env: NodeJS.ProcessEnv): string | null {
  const named = env.RENEW_USER?.trim();
  if (named) return named;
  try {
    return userInfo().username || null;
  } catch {
    return env.USER || env.LOGNAME || null;
  }
}

/** Commander's argParser for a repeatable option: every value, in order (--cover a --cover b). */
export const collectValues = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds an "Examples:" block to a command's --help (every command has at least one). */
export function examples(command: Command, t: Translate, lines: readonly string[]): Command {
  return command.addHelpText('after', `\n${t('cli.examples')}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}
