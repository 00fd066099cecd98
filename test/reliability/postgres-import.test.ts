/**
 * kill -9 during a `renew import` into PostgreSQL: the import is one transaction (the
 * staging table, the merged rows, a bulk load's dropped keys and indexes), so a
 * killed process leaves no partial import: no vehicle, policy, case or import-log row
 * of the file, every foreign key and index still there, and running the import again
 * brings the whole file in. Kill points are chosen by evidence of progress, not by
 * time: the renewal cases' sequence, which the import draws from chunk by chunk and
 * which (unlike the rows) other sessions see at once.
 * Run: npm run build && npx vitest run test/reliability/postgres-import.test.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/context.js';
import { createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/postgres.js';
import { policyCsv } from './csv-gen.js';
import { figure, sleep, startCli } from './harness.js';

/** Large enough (about 11 MB) to be a bulk load, which drops and remakes keys and indexes inside the transaction. */
const ROWS = 100_000;
const SEED = 10;

describe.skipIf(skipPostgres)('reliability: kill -9 during a PostgreSQL import', () => {
  let dir: string;
  let big: string;
  let database: TestDatabase;
  let client: pg.Client;

  const count = async (table: string) => Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
  const state = async () => ({
    vehicles: await count('vehicles'),
    policies: await count('policies'),
    cases: await count('renewal_cases'),
    imports: await count('imports'),
    events: await count('events'),
  });
  /** The import's keys and indexes by name: a bulk load drops some inside its transaction. */
  const schema = async () =>
    (await client.query(`select conname as name from pg_constraint where contype = 'f' union all select indexname from pg_indexes where schemaname = 'public' order by 1`)).rows.map((r) => r.name as string);
  /** How far the import's cases have got: the sequence moves outside the transaction. */
  const casesDrawn = async () => {
    const r = await client.query(`select last_value, is_called from renewal_cases_id_seq`);
    return r.rows[0].is_called ? Number(r.rows[0].last_value) : 0;
  };

  beforeAll(async () => {
    dir = tempDir('renew-rel-pg-import-');
    big = join(dir, 'big.csv');
    writeFileSync(big, policyCsv(ROWS));
    writeFileSync(join(dir, 'small.csv'), policyCsv(SEED, 500_000));
    database = await createTestDatabase();
    const seeded = await startCli(['import', join(dir, 'small.csv')], { RENEW_DB: database.url }).done;
    expect(seeded.code, seeded.stderr).toBe(0);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // The backup a large import makes first is a SQLite file snapshot; not this test's subject on a server.
    await client.query(`insert into settings (key, value, updated_at) values ('backup_before_import_rows', '100000000', now())`);
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('killed at 20%, 50% and 90% of its cases and after the last: 0 partial imports; run again, the whole file goes in', async () => {
    const before = await state();
    const keysAndIndexes = await schema();
    expect(before).toEqual({ vehicles: SEED, policies: SEED, cases: SEED, imports: 1, events: 0 });
    const outcomes = { none: 0, all: 0, partial: 0 };
    const seen: string[] = [];
    for (const fraction of [0.2, 0.5, 0.9, 1]) {
      const run = startCli(['import', big], { RENEW_DB: database.url });
      let exited = false;
      void run.done.then(() => (exited = true));
      const target = (await casesDrawn()) + Math.floor(fraction * ROWS);
      let drawn = 0;
      while (!exited && (drawn = await casesDrawn()) < target) await sleep(20);
      // Evidence, not luck: the import was still running and had drawn this far when it was killed
      // (after its last case it may just have committed: then it must have imported everything).
      if (fraction < 1) expect({ exited, reached: drawn >= target }).toEqual({ exited: false, reached: true });
      run.child.kill('SIGKILL');
      const end = await run.done;
      const after = await state();
      seen.push(`${Math.round(fraction * 100)}%: ${end.signal ?? `exit ${end.code}`} with ${drawn - (target - Math.floor(fraction * ROWS))} cases drawn`);
      if (JSON.stringify(after) === JSON.stringify(before)) outcomes.none++;
      else if (after.policies === SEED + ROWS && after.imports === 2) outcomes.all++;
      else outcomes.partial++;
      // Whatever the outcome, no key or index is missing: the bulk load's DDL rolled back with the rest.
      expect(await schema()).toEqual(keysAndIndexes);
      if (outcomes.all > 0) break;
    }
    figure(`PostgreSQL import of ${ROWS} rows killed with SIGKILL (${seen.join('; ')}): nothing imported ${outcomes.none}, all imported ${outcomes.all}, partial ${outcomes.partial}`);
    expect(outcomes.partial).toBe(0);
    expect(outcomes.none).toBeGreaterThanOrEqual(3);

    const again = await startCli(['import', big, '--json'], { RENEW_DB: database.url }).done;
    expect(again.code, again.stderr).toBe(0);
    if (outcomes.all === 0) expect(JSON.parse(again.stdout)).toMatchObject({ rows: ROWS, imported: ROWS, rejected: 0 });
    expect(await state()).toMatchObject({ vehicles: SEED + ROWS, policies: SEED + ROWS, cases: SEED + ROWS, imports: outcomes.all === 0 ? 2 : 3 });
    expect(await schema()).toEqual(keysAndIndexes);
  }, 900_000);
});
