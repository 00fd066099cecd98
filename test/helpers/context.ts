/**
 * A Context for tests: migrated in-memory (or temp-file) database, a fixed clock,
 * captured output and scripted prompt answers. Every test gets a fresh one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoDate } from '../../src/rules/clock.js';
import type { Context } from '../../src/features/context.js';
import { dataDirs } from '../../src/features/data-files.js';
import { CancelledError } from '../../src/errors.js';
import { onTestFinished } from 'vitest';
import type { Kysely } from 'kysely';
import { type Engine, runInTransaction, type Storage, type Tx } from '../../src/storage/ports.js';
import type { Database } from '../../src/storage/schema.js';
import { openPostgresStorage } from '../../src/storage/postgres/store.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite/store.js';
import { createTestDatabase, skipPostgres } from './postgres.js';
import { type Lang, translator } from '../../src/i18n/index.js';
import type { Choice, Prompter } from '../../src/ui/prompter.js';
import { resolveActor } from '../../src/features/team/access.js';
import { loadSettings } from '../../src/storage/queries/settings.js';

export interface Captured {
  text: string;
  write(chunk: string): void;
}

export function capture(): Captured {
  const c: Captured = {
    text: '',
    write(chunk) {
      c.text += chunk;
    },
  };
  return c;
}

/** Answer value that simulates Ctrl-C at that prompt. */
export const CTRL_C = Symbol('ctrl-c');
export type ScriptedAnswer = string | boolean | string[] | typeof CTRL_C;

export interface ScriptedPrompter extends Prompter {
  /** Every question asked, in order, with the choices offered. */
  asked: { kind: string; message: string; choices?: readonly Choice[] }[];
  /** Answers not yet used (a test can assert it is empty). */
  remaining: ScriptedAnswer[];
}

export function scriptedPrompter(answers: ScriptedAnswer[]): ScriptedPrompter {
  const remaining = [...answers];
  const asked: ScriptedPrompter['asked'] = [];
  const next = (kind: string, message: string, choices?: readonly Choice[]) => {
    asked.push({ kind, message, choices });
    if (remaining.length === 0) throw new Error(`no scripted answer for ${kind} prompt: ${message}`);
    const answer = remaining.shift();
    if (answer === CTRL_C) throw new CancelledError();
    return answer;
  };
  return {
    asked,
    remaining,
    input: async (message, o = {}) => {
      const answer = next('input', message) as string;
      const value = answer === '' && o.default !== undefined ? o.default : answer;
      const ok = o.validate?.(value) ?? true;
      if (ok !== true) throw new Error(`scripted answer "${value}" rejected by validation: ${ok}`);
      return value;
    },
    select: async (message, choices) => {
      const answer = next('select', message, choices) as string;
      if (!choices.some((c) => c.value === answer)) throw new Error(`"${answer}" is not a choice for: ${message}`);
      return answer as never;
    },
    checkbox: async (message, choices) => next('checkbox', message, choices) as never,
    confirm: async (message) => next('confirm', message) as boolean,
  };
}

export interface TestContext extends Context {
  store: Storage;
  /** Tests look at the file itself: the driver handle and the path (features have neither). On PostgreSQL, reading `sqlite` fails the test. */
  sqlite: SqliteStorage['sqlite'];
  /** The SQLite file, or the PostgreSQL database's URL. */
  dbPath: string;
  stdout: Captured;
  stderr: Captured;
  prompter: ScriptedPrompter;
}

export interface TestContextOptions {
  /** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm'; the default is a fixed Tuesday morning. */
  now?: string;
  lang?: Lang;
  answers?: ScriptedAnswer[];
  /** A real file (for tests that need WAL or a second connection); default in-memory. */
  file?: boolean;
  isTTY?: boolean;
  reveal?: boolean;
  /** A folder of store-customised data files, searched before data/. */
  dataDir?: string;
  /** 'postgres': a fresh database on the run's throwaway server (test/helpers/postgres.ts), dropped when the test ends. */
  engine?: Engine;
  /** Who is at the keyboard (default: nobody known, as on a database before migration 0009). */
  actor?: string | null;
}

/**
 * The engine a context opens when the test names none: vitest.config.ts runs the
 * suites listed there a second time with RENEW_TEST_ENGINE=postgres.
 */
export const TEST_ENGINE: Engine = process.env.RENEW_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
/** For a test that reads the SQLite file itself: `it.skipIf(onPostgres)`. */
export const onPostgres = TEST_ENGINE === 'postgres';

/** The engines a suite runs on: `describe.each(ENGINES)`; RENEW_SKIP_PG=1 leaves SQLite alone. */
export const ENGINES: readonly Engine[] = skipPostgres ? ['sqlite'] : ['sqlite', 'postgres'];

export const DEFAULT_NOW = '2026-11-24 10:00';

export function parseNow(now: string): Date {
  const [d, t = '10:00'] = now.split(' ');
  const [y, m, day] = (d as string).split('-').map(Number);
  const [h, mi] = t.split(':').map(Number);
  return new Date(y as number, (m as number) - 1, day, h, mi);
}

export function tempDir(prefix = 'renew-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function makeTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const engine = options.engine ?? TEST_ENGINE;
  const { store, path, sqlite } = engine === 'postgres' ? await postgresStore() : await sqliteStore(options.file);
  const fixed = parseNow(options.now ?? DEFAULT_NOW);
  const lang = options.lang ?? 'zh-CN';
  const stdout = capture();
  const stderr = capture();
  return {
    store,
    db: store.db,
    sqlite: sqlite ?? noSqlite(),
    dbPath: path,
    out: stdout,
    err: stderr,
    stdout,
    stderr,
    isTTY: options.isTTY ?? false,
    stdinIsTTY: false,
    color: false,
    lang,
    t: translator(lang),
    now: () => new Date(fixed),
    today: isoDate(fixed),
    reveal: options.reveal ?? false,
    dataDirs: dataDirs(options.dataDir),
    actor: options.actor ?? null,
    prompter: scriptedPrompter(options.answers ?? []),
    // Read afresh on every call (a command reads them once): a test changes users and settings
    // between calls, and a colleague's context ({ ...ctx, db, actor }) reads its own.
    member(this: TestContext) {
      return resolveActor(this);
    },
    settings(this: TestContext, store?: string) {
      return loadSettings(this.db, store);
    },
  };
}

async function sqliteStore(file?: boolean) {
  const path = file ? join(tempDir(), 'renew.db') : ':memory:';
  const store = await openSqliteStorage(path, { create: true });
  return { store, path, sqlite: store.sqlite };
}

/** On PostgreSQL: a handle whose every use fails the test with the reason. */
function noSqlite(): SqliteStorage['sqlite'] {
  return new Proxy({} as SqliteStorage['sqlite'], {
    get() {
      throw new Error('this test reads the SQLite file directly: it cannot run on PostgreSQL');
    },
  });
}

/**
 * A migrated database this worker copies for each context: CREATE DATABASE ... TEMPLATE
 * takes a few milliseconds where migrating a new one takes a few hundred.
 */
let migratedTemplate: Promise<string> | undefined;

function templateDatabase(): Promise<string> {
  migratedTemplate ??= (async () => {
    const database = await createTestDatabase();
    const store = await openPostgresStorage(database.url);
    await store.close();
    return database.name;
  })();
  return migratedTemplate;
}

/** A fresh database on the run's server; closed and dropped when the test that made it ends. */
async function postgresStore() {
  const database = await createTestDatabase(await templateDatabase());
  const store = await openPostgresStorage(database.url);
  onTestFinished(async () => {
    await store.close();
    await database.drop();
  });
  return { store, path: database.url, sqlite: undefined };
}

/**
 * A write transaction for test set-up on either engine (the engines' own `write` takes
 * a Storage; seed helpers hold only the kysely instance): kysely's transaction, with
 * `tx` accepted by assertWriting.
 */
export function testWrite<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute((tx) => runInTransaction(tx, work));
}
