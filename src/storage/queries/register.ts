/**
 * The follow-up register (续保跟进登记本): append an event, then rebuild the case's
 * status and counters from all its events. Events are never edited or deleted; a
 * correction is a new event whose `supersedes_id` hides an earlier one, so the
 * history any report was made from can be reconstructed.
 *
 * Call these only inside `writeTransaction`: the event and the projection must
 * land together.
 */
import type { Tx } from '../sqlite/transaction.js';
import type { Channel, NewRegisterEvent, Outcome, PolicyKind, RegisterEvent, RenewalCaseTable } from '../schema.js';
import type { Updateable } from 'kysely';
import { refreshCaseCopies } from './case-copies.js';

export interface EventInput {
  caseId: number;
  vehicleId: number;
  /** When it happened, 'YYYY-MM-DD HH:mm:ss'. */
  at: string;
  specialist?: string | null;
  outcome: Outcome;
  channel: Channel;
  durationS?: number | null;
  nextAt?: string | null;
  reason?: string | null;
  note?: string | null;
  objections?: readonly string[];
  insurer?: string | null;
  kinds?: readonly PolicyKind[];
  compulsoryCents?: number | null;
  commercialCents?: number | null;
  premiumCents?: number | null;
  startDate?: string | null;
  until?: string | null;
  policyId?: number | null;
  supersedesId?: number | null;
}

/** Outcomes of a phone (or WeChat, or visit) contact: each is one attempt. */
const CALL_OUTCOMES: ReadonlySet<Outcome> = new Set(['renewed', 'callback', 'lost', 'no_answer', 'unreachable', 'do_not_call']);
const UNANSWERED: ReadonlySet<Outcome> = new Set(['no_answer', 'unreachable']);

export function toRow(input: EventInput, recordedAt: string): NewRegisterEvent {
  return {
    case_id: input.caseId,
    vehicle_id: input.vehicleId,
    at: input.at,
    recorded_at: recordedAt,
    specialist: input.specialist ?? null,
    outcome: input.outcome,
    channel: input.channel,
    duration_s: input.durationS ?? null,
    next_at: input.nextAt ?? null,
    reason: input.reason ?? null,
    note: input.note ?? null,
    objections: input.objections && input.objections.length > 0 ? JSON.stringify(input.objections) : null,
    insurer: input.insurer ?? null,
    kinds: input.kinds && input.kinds.length > 0 ? input.kinds.join(',') : null,
    compulsory_cents: input.compulsoryCents ?? null,
    commercial_cents: input.commercialCents ?? null,
    premium_cents: input.premiumCents ?? null,
    start_date: input.startDate ?? null,
    until: input.until ?? null,
    policy_id: input.policyId ?? null,
    supersedes_id: input.supersedesId ?? null,
  };
}

/** Appends one event and brings its case, a do-not-call mark and the vehicle's cases' copies up to date. */
export async function recordEvent(tx: Tx, input: EventInput, recordedAt: string): Promise<RegisterEvent> {
  const event = await tx.insertInto('events').values(toRow(input, recordedAt)).returningAll().executeTakeFirstOrThrow();
  await refreshCase(tx, input.caseId, recordedAt);
  if (input.outcome === 'do_not_call' || input.supersedesId) await refreshDoNotCall(tx, input.vehicleId);
  // An SMS moves neither a callback nor the do-not-call mark (and a batch records thousands).
  if (input.outcome !== 'sms_sent' || input.supersedesId) await refreshCaseCopies(tx, [input.vehicleId]);
  return event;
}

/** Rebuilds a case's projection from its events. */
export async function refreshCase(tx: Tx, caseId: number, now: string): Promise<void> {
  const events = await tx.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
  await tx.updateTable('renewal_cases').set({ ...projectCase(events), updated_at: now }).where('id', '=', caseId).execute();
}

/** The events still in force: those no later event supersedes. */
export function effectiveEvents<E extends Pick<RegisterEvent, 'id' | 'supersedes_id'>>(events: readonly E[]): E[] {
  const superseded = new Set(events.map((e) => e.supersedes_id).filter((id): id is number => id !== null));
  return events.filter((e) => !superseded.has(e.id));
}

export type CaseProjection = Required<
  Pick<
    Updateable<RenewalCaseTable>,
    | 'status' | 'closed_at' | 'closed_by' | 'renewed_insurer' | 'renewed_compulsory_cents' | 'renewed_commercial_cents'
    | 'renewed_premium_cents' | 'lost_reason' | 'sms_sent_at' | 'attempts' | 'unanswered' | 'last_contact_at'
    | 'last_outcome' | 'next_contact_at' | 'reached' | 'quoted'
  >
>;

/**
 * The case as its events say it is (events in time order). Rules, stated once:
 * - renewed if any event in force says renewed; else lost if any says lost; else open.
 * - renewed premium: when imported renewing policies exist they are the truth (their
 *   premiums, by kind); otherwise the latest renewal recorded on a call.
 * - attempts count calls of any outcome; unanswered counts no_answer and unreachable.
 * - a callback stays booked until any later call.
 */
export function projectCase(all: readonly RegisterEvent[]): CaseProjection {
  const events = effectiveEvents(all);
  const p: CaseProjection = {
    status: 'open', closed_at: null, closed_by: null, renewed_insurer: null, renewed_compulsory_cents: null,
    renewed_commercial_cents: null, renewed_premium_cents: null, lost_reason: null, sms_sent_at: null, attempts: 0,
    unanswered: 0, last_contact_at: null, last_outcome: null, next_contact_at: null, reached: 0, quoted: 0,
  };
  let lastLost: RegisterEvent | undefined;
  let lastCallRenewal: RegisterEvent | undefined;
  const imported: RegisterEvent[] = [];
  for (const e of events) {
    if (e.outcome === 'sms_sent') {
      p.sms_sent_at ??= e.at;
      continue;
    }
    if (e.channel === 'import') {
      if (e.outcome === 'renewed') imported.push(e);
      continue;
    }
    if (!CALL_OUTCOMES.has(e.outcome)) continue;
    p.attempts = (p.attempts as number) + 1;
    if (UNANSWERED.has(e.outcome)) p.unanswered = (p.unanswered as number) + 1;
    else p.reached = 1;
    if (e.premium_cents !== null || e.compulsory_cents !== null || e.commercial_cents !== null) p.quoted = 1;
    p.last_contact_at = e.at;
    p.last_outcome = e.outcome;
    p.next_contact_at = e.outcome === 'callback' ? e.next_at : null;
    if (e.outcome === 'lost') lastLost = e;
    if (e.outcome === 'renewed') lastCallRenewal = e;
  }
  if (imported.length > 0) {
    const first = imported[0] as RegisterEvent;
    const sumKind = (kind: PolicyKind) => {
      const of = imported.filter((e) => e.kinds === kind && e.premium_cents !== null);
      return of.length === 0 ? null : of.reduce((s, e) => s + (e.premium_cents as number), 0);
    };
    p.status = 'renewed';
    p.closed_at = lastCallRenewal && lastCallRenewal.at < first.at ? lastCallRenewal.at : first.at;
    p.closed_by = lastCallRenewal && lastCallRenewal.at < first.at ? lastCallRenewal.channel : 'import';
    p.renewed_insurer = imported[imported.length - 1]?.insurer ?? lastCallRenewal?.insurer ?? null;
    p.renewed_compulsory_cents = sumKind('compulsory');
    p.renewed_commercial_cents = sumKind('commercial');
    p.renewed_premium_cents = (p.renewed_compulsory_cents ?? 0) + (p.renewed_commercial_cents ?? 0);
  } else if (lastCallRenewal) {
    const e = lastCallRenewal;
    p.status = 'renewed';
    p.closed_at = e.at;
    p.closed_by = e.channel;
    p.renewed_insurer = e.insurer;
    p.renewed_compulsory_cents = e.compulsory_cents;
    p.renewed_commercial_cents = e.commercial_cents;
    p.renewed_premium_cents = e.premium_cents ?? ((e.compulsory_cents ?? 0) + (e.commercial_cents ?? 0) || null);
  } else if (lastLost) {
    p.status = 'lost';
    p.closed_at = lastLost.at;
    p.closed_by = lastLost.channel;
    p.lost_reason = lastLost.reason;
  }
  if (p.status !== 'open') p.next_contact_at = null;
  return p;
}

/** The vehicle's do-not-call mark: the latest `until` among its do_not_call events in force. */
async function refreshDoNotCall(tx: Tx, vehicleId: number): Promise<void> {
  const events = await tx.selectFrom('events').select(['id', 'supersedes_id', 'outcome', 'until']).where('vehicle_id', '=', vehicleId).execute();
  const until = effectiveEvents(events)
    .filter((e) => e.outcome === 'do_not_call' && e.until)
    .map((e) => e.until as string)
    .sort()
    .pop();
  await tx.updateTable('vehicles').set({ do_not_call_until: until ?? null }).where('id', '=', vehicleId).execute();
}
