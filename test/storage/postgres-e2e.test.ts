/**
 * The built binary against a store server (RENEW_DB=postgres://...): the same day's
 * work (import a fixture, today, one call outcome, the month report) gives the same
 * output as on a SQLite file; a server that cannot be used is one translated line
 * naming the URL without its password. Build first (`npm test` does).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/postgres.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/import/policies.csv');
const TODAY = '2026-11-24 10:00';

/** A day's work on one store; returns each step's exit code and parsed JSON. */
function day(env: Record<string, string>) {
  const run = (args: string[]) => {
    // settings prints text, not JSON: parsed only for the steps asked with --json.
    const r = runCli(args, { env: { RENEW_TODAY: TODAY, ...env } });
    return { code: r.code, json: args.includes('--json') && r.code === 0 ? JSON.parse(r.stdout) : null, stderr: r.stderr };
  };
  const imported = run(['import', FIXTURE, '--json']);
  const settings = run(['settings', 'certified_insurers', '["中国人保","平安产险"]']);
  const today = run(['today', '--json']);
  const call = run(['call', '粤A12345', '--outcome', 'renewed', '--insurer', '中国人保', '--premium', '4280', '--json']);
  const report = run(['report', '--month', '2026-12', '--json']);
  return { imported, settings, today, call, report };
}

/** What differs by nature between two runs: where the store is and when the run happened. */
function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (['file', 'db', 'recorded_at', 'rejects_file', 'warnings_file', 'generated_at'].includes(key) ? '<varies>' : v));
}

describe.skipIf(skipPostgres)('renew on a PostgreSQL store server (built binary)', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it('import, today, call --outcome and report --month --json give the same output as on SQLite', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const onServer = day({ RENEW_DB: database.url });
    const onFile = day({ RENEW_DB: join(tempDir(), 'renew.db') });
    expect(onServer.settings.code, onServer.settings.stderr).toBe(0);
    for (const step of ['imported', 'today', 'call', 'report'] as const) {
      expect(onServer[step].code, `${step}: ${onServer[step].stderr}`).toBe(0);
      expect(onFile[step].code, `${step}: ${onFile[step].stderr}`).toBe(0);
      expect(comparable(onServer[step].json), step).toEqual(comparable(onFile[step].json));
    }
    expect(onServer.imported.json).toMatchObject({ imported: 4, rejected: 0 });
    expect(onServer.call.json).toMatchObject({ outcome: 'renewed', insurer: '中国人保' });
    expect(onServer.report.json).toMatchObject({ month: '2026-12' });
  });

  it('a server that is not running: one line naming the URL without its password, exit 1', () => {
    const url = `postgresql://renew:s3cret@${encodeURIComponent(join(tempDir(), 'no-server'))}/renew`;
    const r = runCli(['today'], { env: { RENEW_DB: url, RENEW_LANG: 'en' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cannot reach the store server postgresql://renew:***@');
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const zh = runCli(['today'], { env: { RENEW_DB: url, RENEW_LANG: 'zh-CN' } });
    expect(zh.stderr).toContain('连不上门店服务器 postgresql://renew:***@');
  });

  it('a database the server does not have: says which, and how to create it', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const url = database.url.replace(/\/[^/]+$/, '/no_such_store');
    const r = runCli(['today'], { env: { RENEW_DB: url, RENEW_LANG: 'en' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no database "no_such_store"');
  });
});
