/**
 * Renewal by import, after all rows are in (so file order does not matter): a
 * policy written by this import whose start date lies in [earliest end - 1 day,
 * latest end + renewal_window_days] of another, not-lost case of the same vehicle
 * renews that case. The candidates come from one set-based query. A demo-sized
 * export renews a third of its cases, so events are written with prepared
 * statements and each case is re-projected once at the end, through the same
 * `toRow` and `projectCase` that `recordEvent` uses: the register and the case end
 * up exactly as if each renewal had been recorded by hand (a test compares them).
 * `renews_case_id` is set once, so importing the file again adds nothing.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { NewRegisterEvent, PolicyKind, RegisterEvent } from '../../db/schema.js';
import { addDays } from '../clock.js';
import { type CaseProjection, type EventInput, projectCase, toRow } from '../register.js';

interface Candidate {
  policyId: number;
  vehicleId: number;
  kind: PolicyKind;
  insurer: string | null;
  premium_cents: number | null;
  start_date: string;
  specialist: string | null;
  caseId: number;
  due_date: string;
  compulsory_end: string | null;
  commercial_end: string | null;
}

export interface RenewalFound {
  policyId: number;
  caseId: number;
}

/**
 * Finds and records renewals for policies of import `importId`. `nowText` is the
 * import time; the event is dated the policy's start (00:00) when that is already
 * past, else now, so back-filled files land in the month the renewal happened.
 */
export function detectRenewals(sqlite: BetterSqlite3.Database, importId: number, windowDays: number, nowText: string): RenewalFound[] {
  // Streamed (a million-row import must not hold every candidate pair); only the matches are kept.
  // The specialist is the case's copy of its vehicle's (src/core/case-copies.ts): no vehicle row is read.
  const candidates = sqlite
    .prepare(
      `select p.id as policyId, p.vehicle_id as vehicleId, p.kind, p.insurer, p.premium_cents, p.start_date, c.specialist,
              c.id as caseId, c.due_date, c.compulsory_end, c.commercial_end
         from policies p
         join renewal_cases c on c.vehicle_id = p.vehicle_id and c.id <> p.case_id
        where p.import_id = ? and p.renews_case_id is null and p.start_date is not null
          and c.status <> 'lost' and c.due_date < p.end_date
        order by p.id, c.due_date desc`,
    )
    .iterate(importId) as IterableIterator<Candidate>;
  const matches: Candidate[] = [];
  let last = -1;
  for (const r of candidates) {
    if (r.policyId === last) continue; // the latest matching case wins
    const start = r.start_date;
    const latestEnd = [r.due_date, r.compulsory_end, r.commercial_end].reduce<string>((x, y) => (y !== null && y > x ? y : x), r.due_date);
    if (start < addDays(r.due_date, -1) || start > addDays(latestEnd, windowDays)) continue;
    last = r.policyId;
    matches.push(r);
  }
  const found: RenewalFound[] = [];
  const write = renewalWriter(sqlite, nowText);
  // Taken from the end of the reversed list (file order kept) so each candidate is freed once written:
  // on a first load the written events are kept for the projection, and both need not be held at once.
  matches.reverse();
  for (let r = matches.pop(); r !== undefined; r = matches.pop()) {
    const start = r.start_date;
    const at = `${start} 00:00:00` < nowText ? `${start} 00:00:00` : nowText;
    write.renew(r.policyId, r.caseId, {
      caseId: r.caseId,
      vehicleId: r.vehicleId,
      at,
      specialist: r.specialist,
      outcome: 'renewed',
      channel: 'import',
      insurer: r.insurer,
      kinds: [r.kind],
      premiumCents: r.premium_cents,
      startDate: start,
      policyId: r.policyId,
    });
    found.push({ policyId: r.policyId, caseId: r.caseId });
  }
  for (const caseId of new Set(found.map((f) => f.caseId))) write.project(caseId);
  return found;
}

const PROJECTED: readonly (keyof CaseProjection)[] = [
  'status', 'closed_at', 'closed_by', 'renewed_insurer', 'renewed_compulsory_cents', 'renewed_commercial_cents', 'renewed_premium_cents',
  'lost_reason', 'sms_sent_at', 'attempts', 'unanswered', 'last_contact_at', 'last_outcome', 'next_contact_at', 'reached', 'quoted',
];

/**
 * The prepared statements behind `detectRenewals`: `recordEvent`'s two steps, the projection deferred to once per case.
 * When the register was empty before these renewals (a first, bulk load), a case's events are exactly the
 * ones written here, so they are kept in memory (as the rows the database now holds, with their ids) instead
 * of being read back one case at a time; otherwise each case's events are read from the database.
 */
function renewalWriter(sqlite: BetterSqlite3.Database, nowText: string) {
  const columns = Object.keys(toRow({ caseId: 0, vehicleId: 0, at: '', outcome: 'renewed', channel: 'import' }, '')) as (keyof NewRegisterEvent)[];
  const insertEvent = sqlite.prepare(`insert into events (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const setRenews = sqlite.prepare('update policies set renews_case_id = ? where id = ?');
  const caseEvents = sqlite.prepare('select * from events where case_id = ? order by at, id');
  const updateCase = sqlite.prepare(`update renewal_cases set ${PROJECTED.map((c) => `${c} = ?`).join(', ')}, updated_at = ? where id = ?`);
  // A renewal clears the case's booked callback: the vehicle's cases learn their latest again (src/core/case-copies.ts).
  const refreshCallback = sqlite.prepare(
    'update renewal_cases set vehicle_next_contact_at = (select max(o.next_contact_at) from renewal_cases o where o.vehicle_id = renewal_cases.vehicle_id) where vehicle_id = (select vehicle_id from renewal_cases where id = ?)',
  );
  const selectCallback = sqlite.prepare('select next_contact_at from renewal_cases where id = ?');
  const written = sqlite.prepare('select 1 from events limit 1').get() === undefined ? new Map<number, RegisterEvent[]>() : undefined;
  return {
    renew(policyId: number, caseId: number, event: EventInput) {
      setRenews.run(caseId, policyId);
      const row = toRow(event, nowText);
      const id = Number(insertEvent.run(columns.map((c) => row[c])).lastInsertRowid);
      if (written) {
        const list = written.get(caseId);
        const stored = { id, ...row } as RegisterEvent;
        if (list) list.push(stored);
        else written.set(caseId, [stored]);
      }
    },
    project(caseId: number) {
      const events = written ? byTimeThenId(written.get(caseId) ?? []) : (caseEvents.all(caseId) as RegisterEvent[]);
      const p = projectCase(events);
      const before = written ? null : (selectCallback.get(caseId) as { next_contact_at: string | null }).next_contact_at;
      updateCase.run(...PROJECTED.map((c) => p[c]), nowText, caseId);
      // On a first load the register held nothing before these renewals, so no case had a callback.
      if (before !== null && before !== p.next_contact_at) refreshCallback.run(caseId);
    },
  };
}

/** `order by at, id` (the times are ASCII text, so code-unit order is the database's binary order). */
function byTimeThenId(events: RegisterEvent[]): RegisterEvent[] {
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
}
