/**
 * Reliability on a store server (issue 16): processes recording outcomes at once
 * against one PostgreSQL database: 0 errors, 0 lost (every acknowledged event present,
 * none extra), every case's stored projection equal to what its events say. Write
 * transactions that lose a deadlock or a serialization conflict are retried
 * (src/storage/postgres/store.ts).
 *
 * 12. Four processes x RENEW_PG_OUTCOMES (default 500) outcomes through the write path
 *     `renew call` uses (drivers/outcome-writer.ts: Storage.write + recordEvent).
 * 13. The same through the built binary: four "PCs", each running `renew call PLATE
 *     --outcome ...` one process per outcome, RENEW_PG_CLI_OUTCOMES (default 10) each.
 *     A whole CLI process per outcome costs ~0.3 s idle and 2-7 s on a loaded 2-core
 *     machine, so 4 x 500 that way takes 10-60 minutes: set RENEW_PG_CLI_OUTCOMES=500
 *     for the literal figure.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/storage/postgres/connect.js';
import { openPostgresStorage } from '../../src/storage/postgres/store.js';
import { recordEvent } from '../../src/storage/queries/register.js';
import type { RegisterEvent } from '../../src/storage/schema.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/postgres.js';
import { plateOf, policyCsv } from './csv-gen.js';
import { acks, figure, halfWrittenRows, startCli, startWriter } from './harness.js';

const PER_PROCESS = Number(process.env.RENEW_PG_OUTCOMES || 500);
const PER_CLI = Number(process.env.RENEW_PG_CLI_OUTCOMES || 10);
const PROCESSES = 4;
const VEHICLES = 40;
/** The binary's outcomes: each writes events and the case projection, callback the vehicle's copies too; none closes a case. */
const OUTCOMES = [['--outcome', 'no_answer'], ['--outcome', 'callback', '--next', '2026-11-30 10:00'], ['--outcome', 'unreachable']];

describe.skipIf(skipPostgres)('reliability: PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  /** A new database holding VEHICLES vehicles with one open case each; `env` runs the binary on it. */
  async function storeWithCases() {
    const database = await createTestDatabase();
    databases.push(database);
    const env = { RENEW_DB: database.url, RENEW_TODAY: '2026-11-24 10:00', RENEW_LANG: 'en' };
    const file = join(tempDir(), 'policies.csv');
    writeFileSync(file, policyCsv(VEHICLES));
    expect(runCli(['import', file], { env }).code).toBe(0);
    return { url: database.url, env };
  }

  /** What the database holds after the writers: acknowledged ids missing, events, cases out of step with their events. */
  async function audit(url: string, acked: number[]) {
    const store = await openPostgres(url, { migrate: false });
    try {
      const events = (await store.db.selectFrom('events').selectAll().orderBy('at').orderBy('id').execute()) as RegisterEvent[];
      const cases = (await store.db.selectFrom('renewal_cases').selectAll().execute()) as Record<string, unknown>[];
      const vehicles = await store.db.selectFrom('vehicles').select(['id', 'do_not_call_until']).execute();
      const present = new Set(events.map((e) => e.id));
      return { lost: acked.filter((id) => !present.has(id)).length, events: events.length, notes: new Set(events.map((e) => e.note)).size, bad: halfWrittenRows(events, cases, vehicles) };
    } finally {
      await store.close();
    }
  }

  it(`12. four processes recording ${PROCESSES} x ${PER_PROCESS} outcomes at once on one PostgreSQL database: 0 errors, 0 lost`, async () => {
    const { url } = await storeWithCases();
    const started = Date.now();
    const writers = await Promise.all(Array.from({ length: PROCESSES }, (_, w) => startWriter(url, PER_PROCESS, `w${w}`)));
    const ends = await Promise.all(writers.map((w) => w.done));
    const seconds = (Date.now() - started) / 1000;
    const errors = ends.flatMap((e) => e.stdout.match(/^error .*$/gm) ?? []);
    const acked = ends.flatMap((e) => acks(e.stdout));
    const found = await audit(url, acked);
    figure(
      `12. PostgreSQL, ${PROCESSES} processes x ${PER_PROCESS} outcomes at once (Storage.write + recordEvent): ${acked.length} acknowledged, errors ${errors.length}, ` +
        `lost ${found.lost}, events ${found.events}, cases out of step with their events ${found.bad.length}; ${seconds.toFixed(1)} s`,
    );
    expect(ends.map((e) => e.code)).toEqual(Array(PROCESSES).fill(0));
    expect(errors.slice(0, 3)).toEqual([]);
    expect({ acked: acked.length, ...found, bad: found.bad.slice(0, 3) }).toEqual({ acked: PROCESSES * PER_PROCESS, lost: 0, events: PROCESSES * PER_PROCESS, notes: PROCESSES * PER_PROCESS, bad: [] });
  }, 120_000 + PER_PROCESS * 400);

  it('12a. two outcomes on one vehicle at the same moment: the later transaction sees the earlier event (the projection counts both)', async () => {
    const { url } = await storeWithCases();
    const [a, b] = [await openPostgresStorage(url), await openPostgresStorage(url)];
    try {
      const c = await a.db.selectFrom('renewal_cases').select(['id', 'vehicle_id']).orderBy('id').limit(1).executeTakeFirstOrThrow();
      const outcome = (note: string) => ({ caseId: c.id, vehicleId: c.vehicle_id, at: '2026-11-24 10:00:00', outcome: 'no_answer' as const, channel: 'phone' as const, note });
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      // The first stays open after writing its event; the second starts meanwhile, then the first commits.
      const first = a.write(async (tx) => {
        await recordEvent(tx, outcome('first'), '2026-11-24 10:00:00');
        await held;
      });
      await new Promise((r) => setTimeout(r, 300));
      const second = b.write((tx) => recordEvent(tx, outcome('second'), '2026-11-24 10:00:01'));
      await new Promise((r) => setTimeout(r, 500));
      release();
      await Promise.all([first, second]);
      const stored = await a.db.selectFrom('renewal_cases').select(['attempts', 'unanswered']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ attempts: 2, unanswered: 2 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it(`13. four processes of the built binary recording ${PROCESSES} x ${PER_CLI} outcomes (renew call --outcome) at once: 0 errors, 0 lost`, async () => {
    const { url, env } = await storeWithCases();
    /** One specialist's PC: PER_CLI calls one after another, each its own process; the event ids it was told. */
    const pc = async (w: number) => {
      const acked: number[] = [];
      const errors: string[] = [];
      for (let i = 0; i < PER_CLI; i++) {
        // The PCs work the same plates (i + w): their writes contend for the same cases.
        const plate = plateOf((i + w) % VEHICLES);
        const end = await startCli(['call', plate, ...(OUTCOMES[(i + w) % OUTCOMES.length] as string[]), '--note', `w${w}-${i}`, '--json'], env).done;
        if (end.code === 0) acked.push((JSON.parse(end.stdout) as { id: number }).id);
        else errors.push(`${plate}: exit ${end.code} ${end.stderr.trim()}`);
      }
      return { acked, errors };
    };
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, w) => pc(w)));
    const seconds = (Date.now() - started) / 1000;
    const acked = results.flatMap((r) => r.acked);
    const errors = results.flatMap((r) => r.errors);
    const found = await audit(url, acked);
    figure(
      `13. PostgreSQL, ${PROCESSES} processes of the built binary x ${PER_CLI} outcomes (renew call --outcome, one process each) at once: ${acked.length} acknowledged, ` +
        `errors ${errors.length}, lost ${found.lost}, events ${found.events}, cases out of step with their events ${found.bad.length}; ${seconds.toFixed(0)} s (${(seconds / PER_CLI).toFixed(2)} s per call)`,
    );
    expect(errors.slice(0, 3)).toEqual([]);
    expect({ acked: acked.length, ...found, bad: found.bad.slice(0, 3) }).toEqual({ acked: PROCESSES * PER_CLI, lost: 0, events: PROCESSES * PER_CLI, notes: PROCESSES * PER_CLI, bad: [] });
  }, 120_000 + PER_CLI * 10_000);
});
