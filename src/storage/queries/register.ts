/**
 * The follow-up register (续保跟进登记本): append an event, then rebuild the case's
 * status and counters from all its events. Events are never edited or deleted; a
 * correction is a new event whose `supersedes_id` hides an earlier one, so the
 * history any report was made from can be reconstructed.
 *
 * The projection itself is a rule (src/rules/case-projection.ts). Call these only inside a
 * write transaction: the event and the projection must
 * land together.
 */
import { assertWriting, type Tx } from '../ports.js';
import type { NewRegisterEvent, RegisterEvent } from '../schema.js';
import { type EventInput, effectiveEvents, projectCase } from '../../rules/case-projection.js';
import { refreshCaseCopies } from './case-copies.js';

export type { EventInput };

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
    quote_id: input.quoteId ?? null,
    competitor_cents: input.competitorCents ?? null,
    competitor_channel: input.competitorChannel ?? null,
    actor: input.actor ?? null,
  };
}

/** The register's columns, in the order `toRow` writes them (for bulk writers: COPY, prepared inserts). */
export const REGISTER_COLUMNS = Object.keys(toRow({ caseId: 0, vehicleId: 0, at: '', outcome: 'renewed', channel: 'import' }, '')) as (keyof NewRegisterEvent)[];

/** Appends one event and brings its case, a do-not-call mark and the vehicle's cases' copies up to date. */
export async function recordEvent(tx: Tx, input: EventInput, recordedAt: string): Promise<RegisterEvent> {
  assertWriting(tx);
  await lockVehicle(tx, input.vehicleId);
  const event = await tx.insertInto('events').values(toRow(input, recordedAt)).returningAll().executeTakeFirstOrThrow();
  await refreshCase(tx, input.caseId, recordedAt);
  if (input.outcome === 'do_not_call' || input.supersedesId) await refreshDoNotCall(tx, input.vehicleId);
  // An SMS moves neither a callback nor the do-not-call mark (and a batch records thousands).
  if (input.outcome !== 'sms_sent' || input.supersedesId) await refreshCaseCopies(tx, [input.vehicleId]);
  return event;
}

/**
 * Queues writers of one vehicle's register. Each rebuilds the case and the vehicle's
 * marks from the events it can see; on a server two PCs' transactions run at once, and
 * without this the later one (not seeing the earlier one's uncommitted event) wrote a
 * projection that missed it (test/reliability/postgres.test.ts, 12a). An update that
 * changes nothing takes the vehicle's row lock until commit, in plain SQL both engines
 * run (SQLite's write transactions already run one at a time).
 */
async function lockVehicle(tx: Tx, vehicleId: number): Promise<void> {
  await tx.updateTable('vehicles').set((eb) => ({ plate: eb.ref('plate') })).where('id', '=', vehicleId).execute();
}

/** Rebuilds a case's projection from its events. */
export async function refreshCase(tx: Tx, caseId: number, now: string): Promise<void> {
  const events = await tx.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
  await tx.updateTable('renewal_cases').set({ ...projectCase(events), updated_at: now }).where('id', '=', caseId).execute();
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
