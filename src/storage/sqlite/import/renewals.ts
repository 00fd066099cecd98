/**
 * Renewal by import (so file order does not matter): a policy written by this
 * import whose start date lies in [earliest end - 1 day, latest end +
 * renewal_window_days] of another, not-lost case of the same vehicle renews that
 * case; of several, the one due latest. Two places apply the rule (`renewsCase`, src/rules/renewal.ts):
 *
 * - a vehicle new to the store whose rows all come in one run (every vehicle of a
 *   first load from a sorted export) is decided in memory as it is written
 *   (src/storage/queries/new-vehicle.ts, written by policy-writer.ts): its cases go in already projected, its policies already pointing at
 *   the case they renew, then its events;
 * - every other vehicle the import touched is checked here after all rows are in,
 *   one vehicle at a time (`detectRenewals`).
 *
 * Events are written through the same `toRow` and `projectCase` that `recordEvent`
 * uses, so the register and the case end up exactly as if each renewal had been
 * recorded by hand (tests compare them). `renews_case_id` is set once, so importing
 * the file again adds nothing.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { NewRegisterEvent, RegisterEvent } from '../../schema.js';
import { type CaseDates, type RenewingPolicy, renewalEvent, renewsCase } from '../../../rules/renewal.js';
import { type EventInput, REGISTER_COLUMNS, toRow } from '../../queries/register.js';
import { type CaseProjection, projectCase } from '../../../rules/case-projection.js';

interface Candidate extends RenewingPolicy, CaseDates {
  caseId: number;
}

export interface RenewalFound {
  policyId: number;
  caseId: number;
}

/**
 * Finds and records renewals for the policies of import `importId` on the given
 * vehicles, in policy order. `nowText` is the import time.
 */
export function detectRenewals(
  sqlite: BetterSqlite3.Database, importId: number, vehicleIds: Iterable<number>, windowDays: number, nowText: string,
): RenewalFound[] {
  // The specialist is the case's copy of its vehicle's (src/storage/queries/case-copies.ts): no vehicle row is read.
  const candidates = sqlite.prepare(
    `select p.id as policyId, p.vehicle_id as vehicleId, p.kind, p.insurer, p.premium_cents, p.start_date, c.specialist,
            c.id as caseId, c.due_date, c.compulsory_end, c.commercial_end
       from policies p
       join renewal_cases c on c.vehicle_id = p.vehicle_id and c.id <> p.case_id
      where p.vehicle_id = ? and p.import_id = ? and p.renews_case_id is null and p.start_date is not null
        and c.status <> 'lost' and c.due_date < p.end_date
      order by p.id, c.due_date desc`,
  );
  const matches: Candidate[] = [];
  for (const vehicleId of vehicleIds) {
    let last = -1;
    for (const r of candidates.iterate(vehicleId, importId) as IterableIterator<Candidate>) {
      if (r.policyId === last || !renewsCase(r.start_date, r, windowDays)) continue; // the latest matching case wins
      last = r.policyId;
      matches.push(r);
    }
  }
  matches.sort((a, b) => a.policyId - b.policyId);
  const write = renewalWriter(sqlite, nowText);
  for (const r of matches) write.renew(r.policyId, r.caseId, renewalEvent(r, r.caseId, nowText));
  const cases = new Set(matches.map((m) => m.caseId));
  for (const caseId of cases) write.project(caseId);
  return matches.map((m) => ({ policyId: m.policyId, caseId: m.caseId }));
}

/** One prepared insert of a register row, columns as `toRow` makes them; returns the new id. */
export function eventInserter(sqlite: BetterSqlite3.Database): (row: NewRegisterEvent) => number {
  const stmt = sqlite.prepare(`insert into events (${REGISTER_COLUMNS.join(', ')}) values (${REGISTER_COLUMNS.map(() => '?').join(', ')})`);
  return (row) => Number(stmt.run(REGISTER_COLUMNS.map((c) => row[c])).lastInsertRowid);
}

export const PROJECTED: readonly (keyof CaseProjection)[] = [
  'status', 'closed_at', 'closed_by', 'renewed_insurer', 'renewed_compulsory_cents', 'renewed_commercial_cents', 'renewed_premium_cents',
  'lost_reason', 'sms_sent_at', 'attempts', 'unanswered', 'last_contact_at', 'last_outcome', 'next_contact_at', 'reached', 'quoted',
];

/** The prepared statements behind `detectRenewals`: `recordEvent`'s two steps, the projection deferred to once per case. */
function renewalWriter(sqlite: BetterSqlite3.Database, nowText: string) {
  const insertEvent = eventInserter(sqlite);
  const setRenews = sqlite.prepare('update policies set renews_case_id = ? where id = ?');
  const caseEvents = sqlite.prepare('select * from events where case_id = ? order by at, id');
  const updateCase = sqlite.prepare(`update renewal_cases set ${PROJECTED.map((c) => `${c} = ?`).join(', ')}, updated_at = ? where id = ?`);
  // A renewal clears the case's booked callback: the vehicle's cases learn their latest again (src/storage/queries/case-copies.ts).
  const refreshCallback = sqlite.prepare(
    'update renewal_cases set vehicle_next_contact_at = (select max(o.next_contact_at) from renewal_cases o where o.vehicle_id = renewal_cases.vehicle_id) where vehicle_id = (select vehicle_id from renewal_cases where id = ?)',
  );
  const selectCallback = sqlite.prepare('select next_contact_at from renewal_cases where id = ?');
  return {
    renew(policyId: number, caseId: number, event: EventInput) {
      setRenews.run(caseId, policyId);
      insertEvent(toRow(event, nowText));
    },
    project(caseId: number) {
      const p = projectCase(caseEvents.all(caseId) as RegisterEvent[]);
      const before = (selectCallback.get(caseId) as { next_contact_at: string | null }).next_contact_at;
      updateCase.run(...PROJECTED.map((c) => p[c]), nowText, caseId);
      if (before !== null && before !== p.next_contact_at) refreshCallback.run(caseId);
    },
  };
}
