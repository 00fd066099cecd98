/**
 * `Storage` on a PostgreSQL store server. Not wired into the commands yet (issue 16,
 * docs/team.md): until it is, a `postgres://` location is refused with one line
 * instead of being taken for a SQLite file name.
 */
import { RenewError } from '../../errors.js';
import type { Storage } from '../ports.js';

export async function openPostgresStorage(location: string, _options: unknown): Promise<Storage> {
  throw new RenewError('errors.serverNotReady', { location: location.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') });
}
