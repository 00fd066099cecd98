/**
 * Backup, restore and the doctor on a store server (src/storage/postgres/dump.ts,
 * maintenance.ts) against the run's real PostgreSQL server, through the built binary
 * (build first): a dump brings the data back after a change, a file that is not a renew
 * dump is refused, the doctor passes a healthy database and finds a damaged one, and a
 * password never reaches a message or a command line.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { connectionFor, findTool } from '../../src/storage/postgres/client-tools.js';
import { dumpBase, summarizeDump } from '../../src/storage/postgres/dump.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/postgres.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/import/policies.csv');
const TODAY = '2026-11-24 10:00';

describe('the client programs of a store server', () => {
  it('the password goes to PGPASSWORD, never into the URL on the command line', () => {
    const { dbname, env } = connectionFor('postgresql://renew:s%40cret@db.lan:5432/renew', {});
    expect(dbname).toBe('postgresql://renew@db.lan:5432/renew');
    expect(env.PGPASSWORD).toBe('s@cret');
    expect(connectionFor('postgres://renew@db.lan/renew', {}).env.PGPASSWORD).toBeUndefined();
  });

  it('a missing tool is one line saying what to install, in both languages', () => {
    let error: unknown;
    try {
      findTool('pg_dump', { PATH: join(tempDir(), 'empty') }, join(tempDir(), 'no-postgresql'));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ key: 'errors.pgToolMissing', vars: { tool: 'pg_dump' }, exitCode: 1 });
    expect(translator('en')('errors.pgToolMissing', { tool: 'pg_dump' })).toContain('apt-get install postgresql-client');
    expect(translator('zh-CN')('errors.pgToolMissing', { tool: 'pg_dump' })).toContain('apt-get install postgresql-client');
  });

  it('backups of a server are named after its database', () => {
    expect(dumpBase('postgresql://renew:x@db.lan:5432/store_gz01?sslmode=require')).toBe('store_gz01.dump');
  });
});

// Each test runs the binary five to ten times: allow for a loaded machine.
describe.skipIf(skipPostgres)('backup, restore and doctor on a store server (built binary)', { timeout: 180_000 }, () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  /** A store with the fixture imported; `run` runs the binary against it. */
  async function store() {
    const database = await createTestDatabase();
    databases.push(database);
    const cwd = tempDir();
    const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd, env: { RENEW_DB: database.url, RENEW_TODAY: TODAY, RENEW_LANG: 'en', ...env } });
    expect(run(['import', FIXTURE]).code).toBe(0);
    expect(run(['settings', 'certified_insurers', '["中国人保","平安产险"]']).code).toBe(0);
    const query = async (text: string) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(text)).rows;
      } finally {
        await client.end();
      }
    };
    return { database, cwd, run, query };
  }

  it('backup -> a recorded outcome -> restore: the data is back, the replaced database kept as a dump', async () => {
    const { cwd, run, query } = await store();
    const backup = run(['backup', '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    const { path, bytes } = JSON.parse(backup.stdout) as { path: string; bytes: number };
    expect(path).toMatch(/^t_[0-9a-f]+-backup-20261124-100000\.dump$/);
    expect(bytes).toBeGreaterThan(1000);
    expect(statSync(join(cwd, path)).mode & 0o777).toBe(0o600);
    const before = await query('select count(*)::int as n from events');
    // What restore shows of the dump before it asks, read from the dump's data.
    const counts = (await query('select (select count(*)::int from vehicles) as v, (select count(*)::int from policies) as p'))[0];
    await expect(summarizeDump(join(cwd, path))).resolves.toMatchObject({ vehicles: counts.v, policies: counts.p, last_import: { file: 'policies.csv' } });

    const call = run(['call', '粤A12345', '--outcome', 'renewed', '--insurer', '中国人保', '--premium', '4280']);
    expect(call.code, call.stderr).toBe(0);
    expect((await query('select count(*)::int as n from events'))[0].n).toBeGreaterThan(before[0].n);

    const restored = run(['restore', path, '--yes', '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    const result = JSON.parse(restored.stdout) as { kept_as: string; schema: number };
    expect((await query('select count(*)::int as n from events'))[0].n).toBe(before[0].n);
    expect(await query("select status from renewal_cases where plate = '粤A12345' order by id")).not.toContainEqual({ status: 'renewed' });
    expect(result.kept_as).toMatch(/-before-restore-20261124-100000\.dump$/);
    expect(statSync(join(cwd, result.kept_as)).mode & 0o777).toBe(0o600);
    // The kept dump holds the outcome: restoring it brings the renewal back.
    expect(run(['restore', result.kept_as, '--yes']).code).toBe(0);
    expect(await query("select status from renewal_cases where plate = '粤A12345' and status = 'renewed'")).toHaveLength(1);
    expect(run(['doctor']).code).toBe(0);
  });

  it('refuses a file that is not a renew dump, and changes nothing', async () => {
    const { cwd, run, query } = await store();
    const vehicles = (await query('select count(*)::int as n from vehicles'))[0].n;
    writeFileSync(join(cwd, 'notes.dump'), 'not a dump at all\n');
    const r = run(['restore', 'notes.dump', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('notes.dump is not a renew database backup; nothing restored.');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await query('select count(*)::int as n from vehicles'))[0].n).toBe(vehicles);
  });

  it('a dump holding a trigger is refused before anything is written', async () => {
    const { run, query, cwd } = await store();
    await query("create function wipe() returns trigger language plpgsql as $$ begin delete from events; return null; end $$");
    await query('create trigger wipe after insert on events execute function wipe()');
    expect(run(['backup', 'hostile.dump']).code).toBe(0);
    const r = run(['restore', join(cwd, 'hostile.dump'), '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not hold exactly the tables and indexes renew makes \(\+FUNCTION public wipe\(\), \+TRIGGER public events wipe/);
  });

  it('doctor: a healthy store passes; a copy changed by SQL, a dangling case and a disabled constraint are problems (exit 2); --repair fixes the copies', async () => {
    const { run, query } = await store();
    const healthy = run(['doctor', '--json']);
    expect(healthy.code, healthy.stderr + healthy.stdout).toBe(0);
    const report = JSON.parse(healthy.stdout) as { verdict: string; schema_version: number; size_bytes: number; counts: { vehicles: number }; checks: { check: string; status: string }[] };
    expect(report.checks.map((c) => `${c.check}:${c.status}`)).toEqual([
      'foreign_keys:ok', 'constraints:ok', 'schema:ok', 'schema_objects:ok', 'settings:ok', 'case_copies:ok',
    ]);
    expect(report.verdict).toBe('ok');
    expect(report.counts.vehicles).toBeGreaterThan(0);
    expect(report.size_bytes).toBeGreaterThan(0);

    await query("update renewal_cases set specialist = 'somebody else' where id = (select min(id) from renewal_cases)");
    const stale = run(['doctor']);
    expect(stale.code).toBe(2);
    expect(stale.stdout).toContain('1 renewal cases disagree with their vehicle');
    expect(run(['doctor', '--repair']).code).toBe(0);
    expect(run(['doctor']).code).toBe(0);

    await query('alter table renewal_cases disable trigger all');
    await query("insert into renewal_cases (vehicle_id, due_date, created_at, updated_at) values (999999, '2026-12-01', now(), now())");
    const broken = run(['doctor', '--json']);
    expect(broken.code).toBe(2);
    const checks = (JSON.parse(broken.stdout) as { checks: { check: string; status: string; message: string }[] }).checks;
    expect(checks.find((c) => c.check === 'foreign_keys')).toMatchObject({ status: 'problem', message: expect.stringMatching(/^1 rows point to records that do not exist \(renewal_cases#\d+ -> vehicles\)/) });
    expect(checks.find((c) => c.check === 'constraints')).toMatchObject({ status: 'problem', message: expect.stringContaining('renewal_cases.renewal_cases_vehicle_id_fkey') });
  });

  it('a trigger added by hand is a schema problem', async () => {
    const { run, query } = await store();
    await query('create function nothing() returns trigger language plpgsql as $$ begin return new; end $$');
    await query('create trigger quiet before insert on events for each row execute function nothing()');
    const r = run(['doctor']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('+trigger quiet on events');
  });

  it('a password in the URL appears in no message', async () => {
    const { database, run } = await store();
    const url = database.url.replace('postgresql://postgres@', 'postgresql://postgres:Pa55word@');
    for (const args of [['backup', 'x.dump'], ['doctor'], ['restore', 'x.dump', '--yes']]) {
      const r = run(args, { RENEW_DB: url });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(r.stdout + r.stderr).not.toContain('Pa55word');
    }
  });
});
