/** The test server helper's own promises: a missing install fails loudly, with the fix. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { findPostgresBin, startServer } from '../helpers/postgres-server.js';

const saved = process.env.RENEW_PG_BIN;
afterEach(() => {
  if (saved === undefined) delete process.env.RENEW_PG_BIN;
  else process.env.RENEW_PG_BIN = saved;
});

it('without PostgreSQL binaries the server does not start and says to apt-get install postgresql', async () => {
  process.env.RENEW_PG_BIN = '/nonexistent/bin';
  expect(findPostgresBin()).toBeNull();
  const dir = mkdtempSync(join(tmpdir(), 'renew-pg-none-'));
  try {
    await expect(startServer(dir)).rejects.toThrow(/apt-get install postgresql.*RENEW_SKIP_PG=1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('finds the newest installed version under /usr/lib/postgresql', () => {
  delete process.env.RENEW_PG_BIN;
  const bin = findPostgresBin();
  if (bin === null) return; // no install: the PostgreSQL suites fail with the hint instead
  expect(bin).toMatch(/^\/usr\/lib\/postgresql\/\d+(\.\d+)?\/bin$/);
});
