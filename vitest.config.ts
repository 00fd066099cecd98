import { defineConfig } from 'vitest/config';

/** Tests pin their own clock and language; the developer's environment must not leak in. */
const env = { RENEW_TODAY: '', RENEW_LANG: '', RENEW_DB: '', NO_COLOR: '1' };

/**
 * The suites that run a second time on PostgreSQL (makeTestContext opens a fresh
 * database on the run's throwaway server when RENEW_TEST_ENGINE=postgres); a test in
 * them that reads the SQLite file itself is marked `it.skipIf(onPostgres)`.
 */
const BOTH_ENGINES = [
  'test/import/import.test.ts',
  'test/import/renewals.test.ts',
  'test/import/renewals-in-memory.test.ts',
  'test/import/case-copies.test.ts',
  'test/import/case-finder.test.ts',
  'test/import/limits.test.ts',
  'test/import/summary.test.ts',
  'test/import/progress.test.ts',
  'test/archive/renewed-policies.test.ts',
  'test/archive/add.test.ts',
  'test/today/groups.test.ts',
  'test/call/call-flags.test.ts',
  'test/foundation/register.test.ts',
  'test/report/figures.test.ts',
  'test/quote/quote-import.test.ts',
  'test/report/customers.test.ts',
  'test/import/business-column.test.ts',
  'test/archive/edit.test.ts',
  'test/archive/custody-deposit.test.ts',
  'test/team/team.test.ts',
  'test/team/claims.test.ts',
  'test/stores/stores.test.ts',
  'test/report/activity.test.ts',
  'test/report/group.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // One throwaway PostgreSQL server per run, started by the first test that needs it.
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], env } },
      { extends: true, test: { name: 'postgres', include: BOTH_ENGINES, env: { ...env, RENEW_TEST_ENGINE: 'postgres' } } },
    ],
  },
});
