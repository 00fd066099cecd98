import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // One throwaway PostgreSQL server per run, started by the first test that needs it.
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
    // Tests pin their own clock and language; the developer's environment must not leak in.
    env: { RENEW_TODAY: '', RENEW_LANG: '', RENEW_DB: '', NO_COLOR: '1' },
  },
});
