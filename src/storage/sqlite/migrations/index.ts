/**
 * The static, ordered list of migrations. Each is frozen once released: never edit
 * one, add the next. Names sort in the order they run.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-targets.js';
import * as m0003 from './0003-report-index.js';
import * as m0004 from './0004-case-queue.js';
import * as m0005 from './0005-lean-indexes.js';
import * as m0006 from './0006-vehicle-beneficiary.js';
import * as m0007 from './0007-quotes.js';
import * as m0008 from './0008-archive.js';
import * as m0009 from './0009-team.js';
import * as m0010 from './0010-archive-register.js';
import * as m0011 from './0011-team-queue.js';
import * as m0012 from './0012-stores.js';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-targets': m0002,
  '0003-report-index': m0003,
  '0004-case-queue': m0004,
  '0005-lean-indexes': m0005,
  '0006-vehicle-beneficiary': m0006,
  '0007-quotes': m0007,
  '0008-archive': m0008,
  '0009-team': m0009,
  '0010-archive-register': m0010,
  '0011-team-queue': m0011,
  '0012-stores': m0012,
};

export const SCHEMA_VERSION = Object.keys(migrations).length;
