/**
 * A vehicle new to the store, worked out in memory before anything of it is
 * written: its policies placed in cases (src/rules/case-assignment.ts), each case's
 * summary, which of its own cases its policies renew (src/rules/renewal.ts) and the
 * renewed cases' projections. Both engines' imports write a new vehicle from this
 * plan in one go, its rows already in their final state (SQLite:
 * sqlite/import/policy-writer.ts, with prepared statements; PostgreSQL:
 * postgres/import/new-vehicles.ts, by COPY), so the two cannot disagree.
 */
import { type EventInput, toRow } from './register.js';
import type { RegisterEvent } from '../schema.js';
import { type CaseProjection, projectCase } from '../../rules/case-projection.js';
import { CaseFinder, type CaseMember, type CaseSummary, summarizeCase } from '../../rules/case-assignment.js';
import { type RenewingPolicy, renewalEvent, renewsCase } from '../../rules/renewal.js';
import type { PolicyIn, RowIn } from '../../rules/validate.js';

/** One case of the new vehicle. */
export interface NewCase {
  policies: PolicyIn[];
  summary: CaseSummary;
  /** For each of `policies`: the case it renews (an index into the plan) and the event that says so, if any. */
  renews: ({ target: number; event: EventInput } | undefined)[];
  /** Set when a policy of the vehicle renews this case: its state after those renewal events. */
  projection: CaseProjection | undefined;
}

/** A case's projection with no events: how a case looks before anything is recorded on it. */
export const OPEN_PROJECTION: CaseProjection = projectCase([]);

/**
 * The plan for a new vehicle's rows (one run, file order), or undefined when a
 * natural key repeats within them: that needs the general path, which merges the
 * second row into the first. Renewal events carry no ids yet (0): the writer fills
 * in the case, vehicle and policy ids once it has them; the projections do not need them.
 */
export function planNewVehicle(rows: readonly RowIn[], specialist: string | null, windowDays: number, nowText: string): NewCase[] | undefined {
  const members: CaseMember[][] = [];
  const policies: PolicyIn[][] = [];
  const finder = new CaseFinder();
  const keys = new Set<string>();
  for (const row of rows) {
    for (const p of row.policies) {
      if (keys.has(p.natural_key)) return undefined;
      keys.add(p.natural_key);
      let at = finder.pick(p.end_date);
      if (at < 0) {
        at = members.length;
        members.push([]);
        policies.push([]);
      }
      finder.add(at, p.end_date);
      (members[at] as CaseMember[]).push({ policyId: 0, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents, insurer: p.insurer });
      (policies[at] as PolicyIn[]).push(p);
    }
  }
  const cases: NewCase[] = policies.map((list, i) => ({ policies: list, summary: summarizeCase(members[i] as CaseMember[]), renews: [], projection: undefined }));
  decideRenewals(cases, specialist, windowDays, nowText);
  return cases;
}

/**
 * Which of the vehicle's cases its own policies renew (of the other cases due
 * before the policy ends, the latest whose window holds its start), and the renewed
 * cases' projections from those events.
 */
function decideRenewals(cases: NewCase[], specialist: string | null, windowDays: number, nowText: string): void {
  // Latest due first, so the first case that qualifies wins.
  const order = cases.length < 2 ? [] : cases.map((c, at) => ({ c, at })).sort((a, b) => (a.c.summary.due_date < b.c.summary.due_date ? 1 : -1));
  const events = new Map<number, EventInput[]>();
  for (const c of cases) {
    for (const p of c.policies) {
      const target = p.start_date === null ? undefined : order.find((o) => o.c !== c && o.c.summary.due_date < p.end_date && renewsCase(p.start_date as string, o.c.summary, windowDays));
      if (!target) {
        c.renews.push(undefined);
        continue;
      }
      const event = renewalEvent(renewing(p, specialist), 0, nowText);
      c.renews.push({ target: target.at, event });
      const list = events.get(target.at);
      if (list) list.push(event);
      else events.set(target.at, [event]);
    }
  }
  for (const [at, list] of events) (cases[at] as NewCase).projection = projectRenewals(list, nowText);
}

/** A case's projection from its renewal events alone, in register order (a case new in this import has no others). */
export function projectRenewals(events: readonly EventInput[], nowText: string): CaseProjection {
  return projectCase(byTimeThenId(events.map((e, i) => ({ id: i + 1, ...toRow(e, nowText) }) as RegisterEvent)));
}

/** A policy (one with a start date: only those renew) as a renewal event describes it, before it has ids. */
function renewing(p: PolicyIn, specialist: string | null): RenewingPolicy {
  return { policyId: 0, vehicleId: 0, kind: p.kind, insurer: p.insurer, premium_cents: p.premium_cents, start_date: p.start_date as string, specialist };
}

/** `order by at, id` (the times are ASCII text, so code-unit order is the database's binary order). */
function byTimeThenId<T extends Pick<RegisterEvent, 'at' | 'id'>>(events: T[]): T[] {
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
}
