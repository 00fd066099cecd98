/**
 * vitest globalSetup: one PostgreSQL server folder for the whole run, provided to the
 * tests as `pgServerDir` ('' with RENEW_SKIP_PG=1). The server itself starts on first
 * use (test/helpers/postgres.ts); here it is stopped and its folder removed at the end,
 * also when the run is interrupted.
 */
import type { TestProject } from 'vitest/node';
import { makeServerDir, stopServer } from './postgres-server.js';

export default function setup(project: TestProject) {
  if (process.env.RENEW_SKIP_PG === '1') {
    project.provide('pgServerDir', '');
    return;
  }
  const dir = makeServerDir();
  const stop = () => stopServer(dir);
  process.once('exit', stop);
  project.provide('pgServerDir', dir);
  return () => {
    process.removeListener('exit', stop);
    stop();
  };
}
