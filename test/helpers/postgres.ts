/**
 * PostgreSQL for tests: the run's one server (started by the first test file that asks,
 * see postgres-server.ts) and a fresh database per caller, so test files run in parallel
 * without seeing each other's rows.
 *
 *   const pg = await createTestDatabase();   // in beforeAll
 *   const store = await openPostgres(pg.url);
 *   ...
 *   await store.close(); await pg.drop();    // in afterAll
 *
 * Without PostgreSQL binaries this fails with the `apt-get install postgresql` hint;
 * RENEW_SKIP_PG=1 skips: wrap PostgreSQL suites in `describe.skipIf(skipPostgres)`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { serverUrl, startServer } from './postgres-server.js';

export const skipPostgres = process.env.RENEW_SKIP_PG === '1';

export interface TestDatabase {
  /** postgresql://postgres@<socket folder>/t_<random> */
  url: string;
  name: string;
  drop(): Promise<void>;
}

let serverReady: Promise<string> | undefined;

/** The run's server's `postgres` database URL, starting the server if no test has yet. */
export function postgresServer(): Promise<string> {
  serverReady ??= ensureStarted(inject('pgServerDir'));
  return serverReady;
}

/** Creates an empty database t_<random> on the run's server (a copy of `template` when given). */
export async function createTestDatabase(template?: string): Promise<TestDatabase> {
  const admin = await postgresServer();
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, template ? `CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY` : `CREATE DATABASE ${name}`);
  const url = admin.replace(/\/postgres$/, `/${name}`);
  return { url, name, drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Test files run in several worker processes: the first to create `lock` starts the
 * server and writes `ready` (or `failed` with the reason); the others wait for either.
 */
async function ensureStarted(dir: string): Promise<string> {
  if (!dir) throw new Error('PostgreSQL tests are skipped (RENEW_SKIP_PG=1): guard the suite with describe.skipIf(skipPostgres)');
  const ready = join(dir, 'ready');
  const failed = join(dir, 'failed');
  let mine = false;
  try {
    mkdirSync(join(dir, 'lock'));
    mine = true;
  } catch {
    // another worker is starting it
  }
  if (mine) {
    try {
      const ms = await startServer(dir);
      writeFileSync(ready, String(ms));
    } catch (e) {
      writeFileSync(failed, (e as Error).message);
    }
  }
  const deadline = Date.now() + 60_000;
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    if (Date.now() > deadline) throw new Error(`the test PostgreSQL server in ${dir} did not start within 60 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return serverUrl(dir);
}

/** How long the run's server took to start (ms), once it has. */
export function serverStartMs(): number {
  return Number(readFileSync(join(inject('pgServerDir'), 'ready'), 'utf8'));
}
