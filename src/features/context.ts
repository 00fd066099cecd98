/**
 * What the core is handed instead of reaching for globals: the database, the clock,
 * the output streams, the prompter and the user's language. Commands build one;
 * tests build one with `test/helpers/context.ts` (in-memory database, fixed day,
 * captured output, scripted answers).
 */
import type { Kysely } from 'kysely';
import type { Storage } from '../storage/ports.js';
import type { Database } from '../storage/schema.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { Prompter } from './prompter.js';
import type { Settings } from '../rules/settings.js';
import type { TeamMember } from './team/access.js';

export interface Writer {
  write(chunk: string): void;
}

/** The parts every command has, database or not. */
export interface Io {
  out: Writer;
  err: Writer;
  /** stdout is a terminal: tables and paging instead of plain text. */
  isTTY: boolean;
  /** stdin is a terminal: interactive prompts are possible. */
  stdinIsTTY: boolean;
  /** The terminal's width in columns (undefined when piped or unknown): screens fit it. */
  columns?: number | undefined;
  /** Colour allowed: a TTY and no NO_COLOR. */
  color: boolean;
  lang: Lang;
  t: Translate;
  /** The clock. Honour RENEW_TODAY; never call `new Date()` in the core. */
  now(): Date;
  /** `now()` as 'YYYY-MM-DD'. */
  today: string;
  /** Show full phone and ID numbers (`--reveal`). */
  reveal: boolean;
  /** Where store-editable data files are looked up, override first (see data-files.ts). */
  dataDirs: readonly string[];
  /** Who is at the keyboard (RENEW_USER, else the OS login): every event records it. */
  actor: string | null;
  /** `--store CODE` as given (or 'all'); which store that means is src/features/stores/scope.ts's to say. */
  storeOption?: string | undefined;
}

export interface Context extends Io {
  /** The database behind the storage boundary (src/storage/ports.ts): writes go through `store.write`. */
  store: Storage;
  /** `store.db`: reads through the shared kysely builders. */
  db: Kysely<Database>;
  prompter: Prompter;
  /**
   * The person at the keyboard as a user of the store (team/access.ts `resolveActor`), null
   * when the store has no users: resolved once when the command opened the database.
   */
  member(): Promise<TeamMember | null>;
  /**
   * The settings of a store (undefined: the group-wide ones), stored values over defaults:
   * read once when the command opened the database (storage/queries/settings.ts `settingsOf`).
   */
  settings(store?: string): Promise<Settings>;
}
