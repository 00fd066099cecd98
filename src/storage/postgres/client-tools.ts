/**
 * PostgreSQL's own client programs (pg_dump, pg_restore, psql) for backups and
 * restores of a store server: found on PATH or in Debian's /usr/lib/postgresql/<n>/bin
 * (newest first: a pg_dump older than the server refuses to dump it), run with the
 * password in the environment (PGPASSWORD), never on the command line where any user
 * of the machine could read it in the process list.
 */
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EXIT, RenewError } from '../../errors.js';
import { withoutPassword } from './connect.js';
import { sessionOptions } from './types.js';

export type ClientTool = 'pg_dump' | 'pg_restore' | 'psql';

/** Where Debian's packages put each major version's programs. */
export const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The path of `tool`, or a RenewError saying what to install. */
export function findTool(tool: ClientTool, env: NodeJS.ProcessEnv = process.env, debianRoot = DEBIAN_ROOT): string {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, tool))) return join(dir, tool);
  }
  const versions = existsSync(debianRoot) ? readdirSync(debianRoot).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const path = join(debianRoot, v, 'bin', tool);
    if (existsSync(path)) return path;
  }
  throw new RenewError('errors.pgToolMissing', { tool }, EXIT.failure);
}

/**
 * What a client program is given to connect: the URL without its password (argv is
 * public), and an environment carrying the password and the session's date style and
 * time zone (the same as the store's connections: types.ts).
 */
export function connectionFor(url: string, env: NodeJS.ProcessEnv = process.env): { dbname: string; env: NodeJS.ProcessEnv } {
  const match = /\/\/([^:@/]*):([^@/]*)@/.exec(url);
  const child: NodeJS.ProcessEnv = { ...env, PGOPTIONS: sessionOptions() };
  if (match) child.PGPASSWORD = decodeURIComponent(match[2] as string);
  return { dbname: match ? url.replace(match[0], `//${match[1]}@`) : url, env: child };
}

/** A client program's complaint for a message: its last lines, any password in a URL masked. */
export function toolDetail(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  return withoutPassword(lines.slice(-2).join(' ').replace(/\s+/g, ' ')) || '?';
}
