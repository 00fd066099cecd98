/**
 * `renew doctor`: is the database sound, and is it kept the way renew expects?
 * Each check gives ok, a warning (worth knowing, nothing broken) or a problem
 * (something to fix: the command exits 2). The file is inspected as it is: no
 * migration runs and no row is written (only the usual connection pragmas apply),
 * except with `repair`, which re-copies cases out of step with their vehicle.
 */
import { existsSync, statSync } from 'node:fs';
import { openStore, PRAGMAS, type Store } from '../../storage/sqlite/connection.js';
import { schemaVersion } from '../../storage/sqlite/migrate.js';
import { writeTransaction } from '../../storage/sqlite/transaction.js';
import { SCHEMA_VERSION } from '../../storage/sqlite/migrations/index.js';
import type { MessageKey, MessageVars } from '../../i18n/index.js';
import { repairCaseCopies, staleCaseCopies } from '../../storage/queries/case-copies.js';
import { RenewError } from '../../errors.js';
import { SET_CERTIFIED_COMMAND } from '../../rules/settings.js';
import { badStoredSettings, certifiedListIsSet } from '../../storage/queries/settings.js';
import { networkFilesystem, type FilesystemProbe } from './filesystem.js';
import { describeDifference, schemaDifference } from './schema-check.js';

export type CheckStatus = 'ok' | 'warning' | 'problem';

export interface DoctorCheck {
  /** Stable id for scripts: integrity, foreign_keys, pragma.journal_mode, schema, schema_objects, settings, permissions, filesystem ... */
  check: string;
  status: CheckStatus;
  /** Message key and values that explain the result (translated by the caller). */
  key: MessageKey;
  vars: MessageVars;
}

export interface DoctorCounts {
  vehicles: number;
  purged_vehicles: number;
  policies: number;
  cases_open: number;
  cases_renewed: number;
  cases_lost: number;
  events: number;
  imports: number;
}

export interface DoctorReport {
  path: string;
  verdict: 'ok' | 'warnings' | 'problems';
  problems: number;
  warnings: number;
  schema_version: number | null;
  /** The database file plus its WAL, in bytes. */
  size_bytes: number;
  counts: DoctorCounts | null;
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  /** POSIX permission bits mean something (not on Windows). */
  posix?: boolean;
  probe?: FilesystemProbe;
  /** Bring cases out of step with their vehicle back in step (`--repair`). */
  repair?: boolean;
}

export async function runDoctor(dbPath: string, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add = (check: string, status: CheckStatus, key: MessageKey, vars: MessageVars = {}) => checks.push({ check, status, key, vars });
  const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].filter((f) => existsSync(f));
  const size = files.filter((f) => !f.endsWith('-shm')).reduce((s, f) => s + statSync(f).size, 0);

  if (!existsSync(dbPath)) throw new RenewError('errors.noDatabase', { path: dbPath }, 1, 'errors.noDatabaseHint');

  if (options.posix ?? true) {
    const loose = files.filter((f) => (statSync(f).mode & 0o077) !== 0);
    if (loose.length === 0) add('permissions', 'ok', 'trust.doctor.permissionsOk', { files: files.length });
    else add('permissions', 'problem', 'trust.doctor.permissionsLoose', { files: loose.map((f) => `${f} (${(statSync(f).mode & 0o777).toString(8)})`).join(', ') });
  }
  const network = networkFilesystem(dbPath, options.probe);
  if (network) add('filesystem', 'warning', 'trust.fs.network', { path: dbPath, fs: network });
  else add('filesystem', 'ok', 'trust.doctor.filesystemOk');

  let store: Store | undefined;
  try {
    store = await openStore(dbPath, { migrate: false });
  } catch (e) {
    const err = e instanceof RenewError ? e : new RenewError('errors.cannotOpen', { path: dbPath, code: String((e as Error).message) });
    add('open', 'problem', err.key, err.vars);
    return finish(dbPath, checks, null, size, null);
  }
  // Damaged pages make SQLite throw SQLITE_CORRUPT from whichever check reads them first: that is
  // the verdict (exit 2, restore from backup), never an "unexpected error".
  let current = 'integrity';
  try {
    const sqlite = store.sqlite;
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.length === 1 && integrity[0] === 'ok') add('integrity', 'ok', 'trust.doctor.integrityOk');
    else add('integrity', 'problem', 'trust.doctor.integrityBad', { count: integrity.length, first: integrity.slice(0, 3).join('; ') });

    current = 'foreign_keys';
    const fk = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    if (fk.length === 0) add('foreign_keys', 'ok', 'trust.doctor.foreignKeysOk');
    else add('foreign_keys', 'problem', 'trust.doctor.foreignKeysBad', { count: fk.length, first: fk.slice(0, 3).map((r) => `${r.table}#${r.rowid} -> ${r.parent}`).join('; ') });

    for (const [name, expected] of Object.entries(PRAGMAS)) {
      const actual = sqlite.pragma(name, { simple: true }) as string | number;
      const ok = String(actual).toLowerCase() === String(expected);
      add(`pragma.${name}`, ok ? 'ok' : 'problem', ok ? 'trust.doctor.pragmaOk' : 'trust.doctor.pragmaBad', { name, actual, expected });
    }

    current = 'schema';
    const version = schemaVersion(sqlite);
    if (version === SCHEMA_VERSION) add('schema', 'ok', 'trust.doctor.schemaOk', { version });
    else if (version < SCHEMA_VERSION) add('schema', 'warning', 'trust.doctor.schemaOld', { version, known: SCHEMA_VERSION });
    else add('schema', 'problem', 'errors.databaseTooNew', { found: version, known: SCHEMA_VERSION });
    if (version > SCHEMA_VERSION) return finish(dbPath, checks, version, size, null);

    current = 'schema_objects';
    const diff = await schemaDifference(sqlite, version);
    const exact = diff.extra.length === 0 && diff.missing.length === 0;
    if (exact) add('schema_objects', 'ok', 'trust.doctor.schemaObjectsOk');
    else add('schema_objects', 'problem', 'trust.doctor.schemaObjectsBad', { detail: describeDifference(diff) });
    // Counting and comparing rows of a schema renew did not make would run its views and fail on its gaps.
    if (!exact || version < 1) return finish(dbPath, checks, version, size, null);

    current = 'settings';
    const bad = await badStoredSettings(store.db);
    if (bad.length === 0) add('settings', 'ok', 'trust.doctor.settingsOk');
    else add('settings', 'problem', 'trust.doctor.settingsBad', { settings: bad.map((b) => `${b.key} = ${b.value}`).join('; ') });

    current = 'case_copies';
    if (version === SCHEMA_VERSION) await checkCaseCopies(store, options.repair ?? false, add);
    if (version === SCHEMA_VERSION && !(await certifiedListIsSet(store.db))) add('certified_insurers', 'warning', 'call.certifiedUnset', { command: SET_CERTIFIED_COMMAND });

    current = 'counts';
    const counts = await countRows(store);
    return finish(dbPath, checks, version, size, counts);
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CORRUPT') && code !== 'SQLITE_NOTADB' && code !== 'SQLITE_IOERR') throw e;
    add(current, 'problem', 'trust.doctor.unreadable', { check: current, detail: (e as Error).message });
    return finish(dbPath, checks, null, size, null);
  } finally {
    await store.close();
  }
}

/** Cases whose copies of their vehicle's fields disagree with it (src/storage/queries/case-copies.ts); --repair re-copies them. */
async function checkCaseCopies(store: Store, repair: boolean, add: (check: string, status: CheckStatus, key: MessageKey, vars?: MessageVars) => void): Promise<void> {
  const stale = await staleCaseCopies(store.db);
  if (stale === 0) add('case_copies', 'ok', 'trust.doctor.caseCopiesOk');
  else if (!repair) add('case_copies', 'problem', 'trust.doctor.caseCopiesStale', { count: stale });
  else {
    const vehicles = await writeTransaction(store.db, (tx) => repairCaseCopies(tx));
    add('case_copies', 'ok', 'trust.doctor.caseCopiesRepaired', { count: stale, vehicles });
  }
}

function finish(path: string, checks: DoctorCheck[], version: number | null, size: number, counts: DoctorCounts | null): DoctorReport {
  const problems = checks.filter((c) => c.status === 'problem').length;
  const warnings = checks.filter((c) => c.status === 'warning').length;
  return { path, verdict: problems > 0 ? 'problems' : warnings > 0 ? 'warnings' : 'ok', problems, warnings, schema_version: version, size_bytes: size, counts, checks };
}

async function countRows(store: Store): Promise<DoctorCounts> {
  const { db } = store;
  const count = async (table: 'vehicles' | 'policies' | 'events' | 'imports') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const purged = await db.selectFrom('vehicles').select((eb) => eb.fn.countAll<number>().as('n')).where('purged_at', 'is not', null).executeTakeFirstOrThrow();
  const byStatus = await db.selectFrom('renewal_cases').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const status = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  return {
    vehicles: await count('vehicles'),
    purged_vehicles: Number(purged.n),
    policies: await count('policies'),
    cases_open: status('open'),
    cases_renewed: status('renewed'),
    cases_lost: status('lost'),
    events: await count('events'),
    imports: await count('imports'),
  };
}
