/**
 * `renew doctor`: is the database sound, and is it kept the way renew expects?
 * Each check gives ok, a warning (worth knowing, nothing broken) or a problem
 * (something to fix: the command exits 2). The database is inspected as it is: no
 * migration runs and no row is written, except with `repair`, which re-copies cases
 * out of step with their vehicle.
 *
 * The engine checks what is its own (`Maintenance.check`: SQLite's integrity and
 * pragmas, a server's constraints, the schema on both); this file adds what every
 * engine shares: the local files' permissions and filesystem, stored settings, the
 * case copies, certified insurers and the counts.
 */
import { statSync } from 'node:fs';
import type { AddCheck, HealthCheck, Maintenance, Storage } from '../../storage/ports.js';
import { repairCaseCopies, staleCaseCopies } from '../../storage/queries/case-copies.js';
import { SET_CERTIFIED_COMMAND } from '../../rules/settings.js';
import { badStoredSettings, certifiedListIsSet } from '../../storage/queries/settings.js';
import { networkFilesystem, type FilesystemProbe } from './filesystem.js';

export type { CheckStatus } from '../../storage/ports.js';
export type DoctorCheck = HealthCheck;

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
  /** What the database takes up in bytes (SQLite: the file plus its WAL; a server: the database's size). */
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

export async function runDoctor(database: Maintenance, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add: AddCheck = (check, status, key, vars = {}) => checks.push({ check, status, key, vars });

  // A database kept in local files (SQLite): others must not read them, and a network share corrupts them.
  const files = database.localFiles();
  if (files.length > 0) {
    if (options.posix ?? true) {
      const loose = files.filter((f) => (statSync(f).mode & 0o077) !== 0);
      if (loose.length === 0) add('permissions', 'ok', 'trust.doctor.permissionsOk', { files: files.length });
      else add('permissions', 'problem', 'trust.doctor.permissionsLoose', { files: loose.map((f) => `${f} (${(statSync(f).mode & 0o777).toString(8)})`).join(', ') });
    }
    const network = networkFilesystem(database.location, options.probe);
    if (network) add('filesystem', 'warning', 'trust.fs.network', { path: database.location, fs: network });
    else add('filesystem', 'ok', 'trust.doctor.filesystemOk');
  }

  const engine = await database.check(add, async (store, current, step) => {
    step('settings');
    const bad = await badStoredSettings(store.db);
    if (bad.length === 0) add('settings', 'ok', 'trust.doctor.settingsOk');
    else add('settings', 'problem', 'trust.doctor.settingsBad', { settings: bad.map((b) => `${b.key} = ${b.value}`).join('; ') });

    step('case_copies');
    if (current) await checkCaseCopies(store, options.repair ?? false, add);
    if (current && !(await certifiedListIsSet(store.db))) add('certified_insurers', 'warning', 'call.certifiedUnset', { command: SET_CERTIFIED_COMMAND });

    step('counts');
    return countRows(store);
  });
  return finish(database.location, checks, engine.schemaVersion, engine.sizeBytes, engine.shared);
}

/** Cases whose copies of their vehicle's fields disagree with it (src/storage/queries/case-copies.ts); --repair re-copies them. */
async function checkCaseCopies(store: Storage, repair: boolean, add: AddCheck): Promise<void> {
  const stale = await staleCaseCopies(store.db);
  if (stale === 0) add('case_copies', 'ok', 'trust.doctor.caseCopiesOk');
  else if (!repair) add('case_copies', 'problem', 'trust.doctor.caseCopiesStale', { count: stale });
  else {
    const vehicles = await store.write((tx) => repairCaseCopies(tx));
    add('case_copies', 'ok', 'trust.doctor.caseCopiesRepaired', { count: stale, vehicles });
  }
}

function finish(path: string, checks: DoctorCheck[], version: number | null, size: number, counts: DoctorCounts | null): DoctorReport {
  const problems = checks.filter((c) => c.status === 'problem').length;
  const warnings = checks.filter((c) => c.status === 'warning').length;
  return { path, verdict: problems > 0 ? 'problems' : warnings > 0 ? 'warnings' : 'ok', problems, warnings, schema_version: version, size_bytes: size, counts, checks };
}

async function countRows(store: Storage): Promise<DoctorCounts> {
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
