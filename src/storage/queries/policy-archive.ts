/**
 * The policy archive's writer (issue 15): a renewal recorded by hand (a call)
 * stores the new policy of each kind it renewed, placed in a case by the one case
 * assignment rule (src/rules/case-assignment.ts), so next year's case exists at
 * once. Each such policy remembers its event (`event_id`), so correcting that event
 * corrects or removes it in the same transaction.
 *
 * A policy already stored (the export came first, or a correction writes it again)
 * is found by its natural key or by vehicle, kind and end date, and linked instead
 * of written twice; the importer does the same the other way round
 * (src/storage/sqlite/import/policy-writer.ts). Call these inside a write transaction.
 */
import { assertWriting, type Tx } from '../ports.js';
import type { PolicyKind } from '../schema.js';
import { CaseFinder, type CaseMember, summarizeCase } from '../../rules/case-assignment.js';
import { policyNaturalKey } from '../../rules/validate.js';
import { EXIT, RenewError } from '../../errors.js';
import { refreshCaseCopies } from './case-copies.js';

/** One new policy, as the renewal describes it. */
export interface ArchivedPolicyIn {
  kind: PolicyKind;
  insurer: string | null;
  policyNo: string | null;
  premiumCents: number | null;
  /** Null when not known (a policy typed in without its start). */
  startDate: string | null;
  endDate: string;
}

export interface ArchiveTarget {
  vehicleId: number;
  plate: string;
  /** The case the renewal closed: the policies renew it (null: typed in by `renew add`). */
  renewsCaseId: number | null;
  /** The register event that wrote them (null: typed in by `renew add`). */
  eventId: number | null;
}

/** Writes (or links) the renewal's (or `renew add`'s) policies and brings the vehicle's cases up to date; returns the policy ids. */
export async function archiveRenewedPolicies(tx: Tx, target: ArchiveTarget, policies: readonly ArchivedPolicyIn[], now: string): Promise<number[]> {
  assertWriting(tx);
  const stored = await tx
    .selectFrom('policies')
    .select(['id', 'case_id', 'kind', 'end_date', 'premium_cents', 'insurer', 'policy_no', 'natural_key'])
    .where('vehicle_id', '=', target.vehicleId)
    .execute();
  // The vehicle's cases and their members, for the assignment rule.
  const caseIds: number[] = [];
  const members: CaseMember[][] = [];
  const finder = new CaseFinder();
  for (const p of stored) {
    if (p.case_id === null) continue;
    let at = caseIds.indexOf(p.case_id);
    if (at < 0) at = caseIds.push(p.case_id) - 1;
    (members[at] ??= []).push({ policyId: p.id, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents, insurer: p.insurer });
    finder.add(at, p.end_date);
  }
  const touched = new Set<number>();
  const ids: number[] = [];
  for (const p of policies) {
    const key = policyNaturalKey(p.policyNo, target.plate, p.kind, p.endDate);
    const same = stored.find((s) => s.natural_key === key || (s.kind === p.kind && s.end_date === p.endDate && (s.policy_no === null || p.policyNo === null || s.policy_no === p.policyNo)));
    if (same) {
      // Already stored: link it, and fill in the number it lacked.
      const policyNo = same.policy_no ?? p.policyNo;
      await tx
        .updateTable('policies')
        .set((eb) => ({
          event_id: target.eventId ?? eb.ref('event_id'), renews_case_id: target.renewsCaseId ?? eb.ref('renews_case_id'),
          policy_no: policyNo, natural_key: policyNaturalKey(policyNo, target.plate, p.kind, p.endDate), updated_at: now,
        }))
        .where('id', '=', same.id)
        .execute();
      ids.push(same.id);
      continue;
    }
    if (p.policyNo !== null) await assertPolicyNoFree(tx, key, p);
    const member: CaseMember = { policyId: 0, kind: p.kind, end_date: p.endDate, premium_cents: p.premiumCents, insurer: p.insurer };
    let at = finder.pick(p.endDate);
    if (at < 0) {
      const caseId = await insertCase(tx, target.vehicleId, target.plate, [member], now);
      at = caseIds.push(caseId) - 1;
      members[at] = [];
    }
    const caseId = caseIds[at] as number;
    const row = await tx
      .insertInto('policies')
      .values({
        vehicle_id: target.vehicleId, case_id: caseId, renews_case_id: target.renewsCaseId, kind: p.kind, insurer: p.insurer, policy_no: p.policyNo,
        natural_key: key, premium_cents: p.premiumCents, start_date: p.startDate, end_date: p.endDate, coverages: null, row_hash: null,
        import_id: null, event_id: target.eventId, created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    member.policyId = row.id;
    (members[at] as CaseMember[]).push(member);
    finder.add(at, p.endDate);
    touched.add(caseId);
    ids.push(row.id);
  }
  for (const caseId of touched) await writeSummary(tx, caseId, members[caseIds.indexOf(caseId)] as CaseMember[], now);
  if (touched.size > 0) await refreshCaseCopies(tx, [target.vehicleId]);
  return ids;
}

/**
 * Takes back what a corrected renewal wrote: a policy no export has confirmed
 * goes (its case too, when nothing else is in it or points at it); one an export
 * has since brought stays, as the export's.
 */
export async function withdrawRenewedPolicies(tx: Tx, eventId: number, now: string): Promise<void> {
  assertWriting(tx);
  const written = await tx.selectFrom('policies').select(['id', 'case_id', 'import_id']).where('event_id', '=', eventId).execute();
  if (written.length === 0) return;
  const cases = new Set<number>();
  for (const p of written) {
    if (p.import_id !== null) {
      await tx.updateTable('policies').set({ event_id: null, updated_at: now }).where('id', '=', p.id).execute();
      continue;
    }
    await tx.deleteFrom('policies').where('id', '=', p.id).execute();
    if (p.case_id !== null) cases.add(p.case_id);
  }
  for (const caseId of cases) {
    const left = await tx.selectFrom('policies').select(['id as policyId', 'kind', 'end_date', 'premium_cents', 'insurer']).where('case_id', '=', caseId).execute();
    if (left.length > 0) {
      await writeSummary(tx, caseId, left, now);
      continue;
    }
    const history = await tx.selectFrom('events').select('id').where('case_id', '=', caseId).executeTakeFirst();
    const renewed = await tx.selectFrom('policies').select('id').where('renews_case_id', '=', caseId).executeTakeFirst();
    if (!history && !renewed) await tx.deleteFrom('renewal_cases').where('id', '=', caseId).execute();
  }
}

/** A policy number belongs to one policy: typing one another vehicle's policy carries is refused. */
async function assertPolicyNoFree(tx: Tx, key: string, p: ArchivedPolicyIn): Promise<void> {
  const other = await tx.selectFrom('policies').select('vehicle_id').where('natural_key', '=', key).executeTakeFirst();
  if (!other) return;
  const plate = await tx.selectFrom('vehicles').select('plate').where('id', '=', other.vehicle_id).executeTakeFirst();
  throw new RenewError('archive.policyNoTaken', { policyNo: p.policyNo ?? '', plate: plate?.plate ?? '' }, EXIT.failure);
}

/** A new open case for the vehicle, summarised from its first member; its copies are refreshed after. */
async function insertCase(tx: Tx, vehicleId: number, plate: string, first: CaseMember[], now: string): Promise<number> {
  const sum = summarizeCase(first);
  const row = await tx
    .insertInto('renewal_cases')
    .values({ vehicle_id: vehicleId, ...sum, plate, installment: 0, specialist: null, do_not_call_until: null, store: null, vehicle_next_contact_at: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function writeSummary(tx: Tx, caseId: number, members: readonly CaseMember[], now: string): Promise<void> {
  await tx.updateTable('renewal_cases').set({ ...summarizeCase(members), updated_at: now }).where('id', '=', caseId).execute();
}
