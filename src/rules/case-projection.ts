/**
 * A renewal case as its register says it is. Events are never edited or deleted; a
 * correction is a new event whose `supersedes_id` hides an earlier one, so the case
 * is rebuilt from the events in force whenever one is added (storage/queries/register.ts),
 * by the import's renewals and by the demo generator: one definition for all three.
 */
import type { CaseStatus, Channel, CompetitorChannel, Outcome, PolicyKind } from './domain.js';

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
  /** The quote a renewal came from, or the first quote a proposal showed. */
  quoteId?: number | null;
  competitorCents?: number | null;
  competitorChannel?: CompetitorChannel | null;
  /** Who recorded it: the person at the keyboard (Context.actor). */
  actor?: string | null;
}

/** Outcomes of a phone (or WeChat, or visit) contact: each is one attempt (unless its channel is an import). */
export const CALL_OUTCOMES: ReadonlySet<Outcome> = new Set(['renewed', 'callback', 'lost', 'no_answer', 'unreachable', 'do_not_call']);
/** Of those, the calls nobody answered. */
export const UNANSWERED: ReadonlySet<Outcome> = new Set(['no_answer', 'unreachable']);

/** The events still in force: those no later event supersedes. */
export function effectiveEvents<E extends Pick<EventFacts, 'id' | 'supersedes_id'>>(events: readonly E[]): E[] {
  const superseded = new Set(events.map((e) => e.supersedes_id).filter((id): id is number => id !== null));
  return events.filter((e) => !superseded.has(e.id));
}

/** A case's status and counters, as stored on the case (the register's projection). */
export interface CaseProjection {
  status: CaseStatus;
  closed_at: string | null;
  closed_by: Channel | null;
  renewed_insurer: string | null;
  renewed_compulsory_cents: number | null;
  renewed_commercial_cents: number | null;
  renewed_premium_cents: number | null;
  lost_reason: string | null;
  sms_sent_at: string | null;
  attempts: number;
  unanswered: number;
  last_contact_at: string | null;
  last_outcome: Outcome | null;
  next_contact_at: string | null;
  reached: number;
  quoted: number;
}

/** What the projection reads of a register row. */
export interface EventFacts {
  id: number;
  supersedes_id: number | null;
  at: string;
  outcome: Outcome;
  channel: Channel;
  next_at: string | null;
  reason: string | null;
  insurer: string | null;
  kinds: string | null;
  compulsory_cents: number | null;
  commercial_cents: number | null;
  premium_cents: number | null;
}

/**
 * The case as its events say it is (events in time order). Rules, stated once:
 * - renewed if any event in force says renewed; else lost if any says lost; else open.
 * - renewed premium: when imported renewing policies exist they are the truth (their
 *   premiums, by kind); otherwise the latest renewal recorded on a call.
 * - attempts count calls of any outcome; unanswered counts no_answer and unreachable.
 * - vehicle_gone (sold or scrapped) closes the case as lost with its reason; no attempt.
 * - a callback stays booked until any later call.
 */
export function projectCase<E extends EventFacts>(all: readonly E[]): CaseProjection {
  const events = effectiveEvents(all);
  const p: CaseProjection = {
    status: 'open', closed_at: null, closed_by: null, renewed_insurer: null, renewed_compulsory_cents: null,
    renewed_commercial_cents: null, renewed_premium_cents: null, lost_reason: null, sms_sent_at: null, attempts: 0,
    unanswered: 0, last_contact_at: null, last_outcome: null, next_contact_at: null, reached: 0, quoted: 0,
  };
  let lastLost: E | undefined;
  let lastCallRenewal: E | undefined;
  const imported: E[] = [];
  for (const e of events) {
    if (e.outcome === 'sms_sent') {
      p.sms_sent_at ??= e.at;
      continue;
    }
    if (e.channel === 'import') {
      if (e.outcome === 'renewed') imported.push(e);
      continue;
    }
    // Sold or scrapped: the case is lost for that reason, but nobody was contacted.
    if (e.outcome === 'vehicle_gone') {
      lastLost = e;
      continue;
    }
    if (!CALL_OUTCOMES.has(e.outcome)) continue;
    p.attempts = p.attempts + 1;
    if (UNANSWERED.has(e.outcome)) p.unanswered = p.unanswered + 1;
    else p.reached = 1;
    if (e.premium_cents !== null || e.compulsory_cents !== null || e.commercial_cents !== null) p.quoted = 1;
    p.last_contact_at = e.at;
    p.last_outcome = e.outcome;
    p.next_contact_at = e.outcome === 'callback' ? e.next_at : null;
    if (e.outcome === 'lost') lastLost = e;
    if (e.outcome === 'renewed') lastCallRenewal = e;
  }
  if (imported.length > 0) {
    const first = imported[0] as E;
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
