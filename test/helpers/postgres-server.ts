/**
 * A throwaway PostgreSQL server for one test run: `initdb` into a temporary folder,
 * `pg_ctl start` listening only on a Unix socket in that folder (no TCP, so it can
 * neither clash with a cluster Debian's package started on port 5432 nor be reached
 * from outside), trust authentication, durability off (a test database dies with the run).
 *
 * The binaries are Debian's (/usr/lib/postgresql/<version>/bin, newest version found),
 * or the folder named by RENEW_PG_BIN. PostgreSQL refuses to run as root, so as root
 * the folder is handed to the `postgres` user the Debian package creates and the
 * commands run through `runuser`; otherwise they run as the current user.
 *
 * One server per test run: test/helpers/postgres-global-setup.ts makes its folder and
 * stops it at the end; the first test that needs it starts it (test/helpers/postgres.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's server folder (socket, data, log); '' when RENEW_SKIP_PG=1. */
    pgServerDir: string;
  }
}

export const INSTALL_HINT =
  'PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and $RENEW_PG_BIN). ' +
  'Install them with `apt-get install postgresql` (the tests start their own throwaway server), ' +
  'or set RENEW_SKIP_PG=1 to skip the PostgreSQL tests.';

/** The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const given = process.env.RENEW_PG_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0] as string, 'bin') : null;
}

/**
 * A folder for the run's server, owned by the user the server will run as. Nothing is
 * started yet: the first test that needs the server starts it (ensurePostgres), so a run
 * without PostgreSQL tests pays nothing.
 */
export function makeServerDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'renew-pg-'));
  if (userInfo().uid === 0) {
    const ids = postgresIds();
    chownSync(dir, ids.uid, ids.gid);
  }
  return dir;
}

/** The connection string of the `postgres` database of the server whose socket is in `dir`. */
export function serverUrl(dir: string): string {
  return `postgresql://postgres@${encodeURIComponent(dir)}/postgres`;
}

/**
 * initdb and start a server in `dir`, listening on a Unix socket there only; returns the
 * milliseconds it took. Throws with INSTALL_HINT when the binaries are missing.
 */
export async function startServer(dir: string): Promise<number> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(INSTALL_HINT);
  const started = performance.now();
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  try {
    await asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const serverOptions = [
      "-c listen_addresses=''", // Unix socket only
      `-k ${dir}`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c max_connections=200', // test files run in parallel, each with its own pool
    ].join(' ');
    await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '30', '-l', log, '-o', serverOptions, 'start']);
  } catch (e) {
    const tail = existsSync(log) ? spawnSync('tail', ['-n', '20', log]).stdout?.toString() : '';
    throw new Error(`could not start the test PostgreSQL server in ${dir}: ${(e as Error).message}\n${tail}`);
  }
  return Math.round(performance.now() - started);
}

/** Stops the server in `dir` if one was started, then removes the folder. Synchronous: also fit for an exit hook. */
export function stopServer(dir: string): void {
  const data = join(dir, 'data');
  const bin = findPostgresBin();
  if (bin && existsSync(join(data, 'postmaster.pid'))) {
    spawnSync(...asServerUserArgs(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']), { stdio: 'ignore', timeout: 30_000 });
  }
  rmSync(dir, { recursive: true, force: true });
}

/** PostgreSQL refuses to run as root: as root, commands run as the `postgres` user. */
function asServerUserArgs(cmd: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

async function asServerUser(cmd: string, args: string[]): Promise<void> {
  await run(...asServerUserArgs(cmd, args), { timeout: 60_000 });
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres']).stdout?.toString().trim() ?? '';
  const uid = Number.parseInt(id('-u'), 10);
  const gid = Number.parseInt(id('-g'), 10);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error('running as root, but there is no `postgres` user to run the test server as (PostgreSQL refuses root); `apt-get install postgresql` creates it');
  }
  return { uid, gid };
}
