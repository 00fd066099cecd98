/**
 * Renewals of vehicles new to the store are decided in memory as they are written
 * (write.ts); every other vehicle is checked after all rows are in (renewals.ts).
 * Both must give the same register and cases. The reference sends a file through the
 * after-the-fact check alone: each of its plates is stored first (by an old policy
 * that cannot renew anything), so no vehicle is new. The in-memory side imports the
 * same file into an empty store and the old policies afterwards.
 */
import { describe, expect, it } from 'vitest';
import { demoCsvRows, DEMO_CSV_HEADER } from '../../src/features/demo/csv-sink.js';
import { generateFleet } from '../../src/features/demo/fleet.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { csvFile, run } from './helpers.js';

const HEADER = DEMO_CSV_HEADER.join(',');

/** One long-past policy per plate: it opens its own case and is too old to renew any. */
function oldPolicies(lines: readonly string[]): string {
  const plates = [...new Set(lines.map((l) => l.split(',')[0] as string))];
  return [HEADER, ...plates.map((p, i) => `${p},,,,,,,,,人保,OLD-${i},交强险,900,2009-01-01,2009-12-31,,`)].join('\n');
}

/** What the register and cases say, without ids or times of writing: comparable across stores. */
async function renewalState(ctx: TestContext) {
  const cases = await ctx.db
    .selectFrom('renewal_cases')
    .select(['id', 'plate', 'due_date', 'status', 'closed_at', 'closed_by', 'renewed_insurer', 'renewed_compulsory_cents', 'renewed_commercial_cents', 'renewed_premium_cents', 'attempts'])
    .execute();
  const caseKey = new Map(cases.map((c) => [c.id, `${c.plate} ${c.due_date}`]));
  const events = await ctx.db
    .selectFrom('events as e')
    .innerJoin('policies as p', 'p.id', 'e.policy_id')
    .select(['e.case_id', 'p.policy_no', 'e.at', 'e.outcome', 'e.channel', 'e.specialist', 'e.insurer', 'e.kinds', 'e.premium_cents', 'e.start_date'])
    .orderBy('e.case_id')
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const renews = await ctx.db.selectFrom('policies').select(['policy_no', 'renews_case_id']).where('renews_case_id', 'is not', null).execute();
  return {
    cases: cases.map(({ id: _id, ...c }) => c).sort((a, b) => `${a.plate} ${a.due_date}`.localeCompare(`${b.plate} ${b.due_date}`)),
    events: events.map(({ case_id, ...e }) => ({ case: caseKey.get(case_id), ...e })).sort((a, b) => `${a.case} ${a.at} ${a.policy_no}`.localeCompare(`${b.case} ${b.at} ${b.policy_no}`)),
    renews: renews.map((r) => `${r.policy_no} -> ${caseKey.get(r.renews_case_id as number)}`).sort(),
  };
}

/** Imports `lines` both ways; returns both states and the renewed counts of the main import. */
async function bothWays(lines: readonly string[]) {
  const file = [HEADER, ...lines].join('\n');
  const inMemory = await makeTestContext();
  const a = await run(inMemory, csvFile(file));
  await run(inMemory, csvFile(oldPolicies(lines)));
  const reference = await makeTestContext();
  await run(reference, csvFile(oldPolicies(lines)));
  const b = await run(reference, csvFile(file));
  return { inMemory: await renewalState(inMemory), reference: await renewalState(reference), renewed: [a.renewed, b.renewed] };
}

/** A demo export, then vehicles whose renewal starts at each edge of the window (last year ended 2026-12-05; 30 days). */
const demoLines = (vehicles: number) => [
  ...[...generateFleet({ vehicles, seed: 7, today: '2026-11-24' })].flatMap((v) => demoCsvRows(v).trimEnd().split('\r\n')),
  ...[['2026-12-03', 'early'], ['2026-12-04', 'first day'], ['2027-01-04', 'last day'], ['2027-01-05', 'late']].flatMap(([start, name], i) => [
    `粤Z0000${i},,,,,,,,,人保,E${i}-2025,商业险,3000,2025-12-06,2026-12-05,${name},否`,
    `粤Z0000${i},,,,,,,,,平安,E${i}-2026,商业险,3100,${start},${String(Number(start?.slice(0, 4)) + 1)}${start?.slice(4)},${name},否`,
  ]),
];

describe('renewals decided in memory', () => {
  it('a sorted export: the same register, cases and renewed count as checking after the load', async () => {
    const lines = demoLines(300);
    const { inMemory, reference, renewed } = await bothWays(lines);
    expect(inMemory.events.length).toBeGreaterThan(30);
    expect(inMemory).toEqual(reference);
    expect(inMemory.renews.filter((r) => r.startsWith('E'))).toEqual(['E1-2026 -> 粤Z00001 2026-12-05', 'E2-2026 -> 粤Z00002 2026-12-05']);
    expect(renewed[0]).toBe(renewed[1]);
    expect(renewed[0]).toBe(new Set(inMemory.events.map((e) => e.case)).size);
  });

  it('each plate in two separate runs: the first run\'s renewals are taken back and decided again, the same', async () => {
    const lines = demoLines(300);
    // Every vehicle's rows split in two runs, every other row in each: the first run already holds
    // a policy and its renewal (compulsory last year and this), so it is renewed in memory, then taken back.
    const byPlate = new Map<string, string[]>();
    for (const l of lines) {
      const plate = l.split(',')[0] as string;
      byPlate.set(plate, [...(byPlate.get(plate) ?? []), l]);
    }
    const first = [...byPlate.values()].flatMap((rows) => rows.filter((_, i) => i % 2 === 0));
    const second = [...byPlate.values()].flatMap((rows) => rows.filter((_, i) => i % 2 === 1));
    const { inMemory, reference, renewed } = await bothWays([...first, ...second]);
    expect(inMemory).toEqual(reference);
    expect(renewed[0]).toBe(renewed[1]);
    expect(inMemory).toEqual((await bothWays(lines)).inMemory);
  });

  it('a policy number met again on another plate moves with its renewal, decided again on both vehicles', async () => {
    const lines = [
      '粤A12345,,,,,,,,,人保,J2025,交强险,950,2025-12-06,2026-12-05,小王,否',
      '粤A12345,,,,,,,,,平安,J2026,交强险,900,2026-12-06,2027-12-05,小王,否',
      '粤B54321,,,,,,,,,人保,K2025,交强险,950,2025-12-03,2026-12-02,小李,否',
      '粤B54321,,,,,,,,,平安,J2026,交强险,900,2026-12-06,2027-12-05,小李,否',
    ];
    const { inMemory, reference, renewed } = await bothWays(lines);
    expect(inMemory).toEqual(reference);
    expect(renewed).toEqual([1, 1]);
    expect(inMemory.renews).toEqual(['J2026 -> 粤B54321 2026-12-02']);
  });
});
