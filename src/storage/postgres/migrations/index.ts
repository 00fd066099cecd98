/**
 * The static, ordered list of PostgreSQL migrations; frozen once released, like
 * SQLite's (src/storage/sqlite/migrations). The first stands for SQLite's 0001-0005; from then on
 * a schema change adds the same number to both lists.
 */
import type { Migration } from 'kysely';
import * as m0005 from './0005-initial.js';
import * as m0006 from './0006-vehicle-beneficiary.js';
import * as m0007 from './0007-quotes.js';
import * as m0008 from './0008-archive.js';
import * as m0009 from './0009-team.js';
import * as m0010 from './0010-archive-register.js';
import * as m0011 from './0011-team-queue.js';
import * as m0012 from './0012-stores.js';
import * as m0013 from './0013-queue-index-ids.js';

export const migrations: Record<string, Migration> = {
  '0005-initial': m0005,
  '0006-vehicle-beneficiary': m0006,
  '0007-quotes': m0007,
  '0008-archive': m0008,
  '0009-team': m0009,
  '0010-archive-register': m0010,
  '0011-team-queue': m0011,
  '0012-stores': m0012,
  // 0013 is PostgreSQL's alone (SQLite's indexes carry the row id already).
  '0013-queue-index-ids': m0013,
};
