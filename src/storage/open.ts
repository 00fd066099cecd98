/**
 * Picks the storage engine from the database location (`--db`, RENEW_DB): a
 * `postgres://` URL is a store server, anything else a SQLite file. Only the
 * command layer calls this; features get the `Storage` (or `Maintenance`) it returns.
 */
import type { Maintenance, Storage } from './ports.js';
import type { OpenOptions } from './sqlite/connection.js';
import { isServerUrl } from './location.js';

export async function openStorage(location: string, options: OpenOptions = {}): Promise<Storage> {
  if (isServerUrl(location)) {
    const { openPostgresStorage } = await import('./postgres/store.js');
    return openPostgresStorage(location, options);
  }
  const { openSqliteStorage } = await import('./sqlite/store.js');
  return openSqliteStorage(location, options);
}

/**
 * The engine's maintenance of the database at `location` (doctor, restore), opening
 * nothing yet: the database may be missing or damaged.
 */
export async function openMaintenance(location: string): Promise<Maintenance> {
  if (isServerUrl(location)) {
    const { postgresMaintenance } = await import('./postgres/maintenance.js');
    return postgresMaintenance(location);
  }
  const { sqliteMaintenance } = await import('./sqlite/maintenance.js');
  return sqliteMaintenance(location);
}
