/**
 * Renewal by import on PostgreSQL, after the file's last chunk (the rule of
 * src/rules/renewal.ts, applied as src/storage/sqlite/import/renewals.ts applies it
 * to the vehicles it checks after a load): every policy this import wrote with a
 * start date and no renewal yet, against the other not-lost cases of its vehicle due
 * before it ends; the latest case whose window holds its start wins. One streamed
 * query finds the candidates, the rule picks in memory, and the results go back in
 * bulk: `renews_case_id` (set once: a second import adds nothing), the register's
 * events (`toRow`, as `recordEvent` writes them) and each renewed case's projection
 * rebuilt from all its events (`projectCase`, as `refreshCase` does).
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Tx } from '../../ports.js';
import type { NewRegisterEvent, RegisterEvent } from '../../schema.js';
import { REGISTER_COLUMNS, toRow } from '../../queries/register.js';
import { type CaseProjection, projectCase } from '../../../rules/case-projection.js';
import { renewalEvent, renewsCase } from '../../../rules/renewal.js';
import { copyIn, copyLine } from './copy-text.js';

/** Cases per read of their events, policies per update. */
const BATCH = 5_000;

/** PostgreSQL's type of each projected column (migrations/0005-initial.ts). */
const PROJECTED: Record<keyof CaseProjection, string> = {
  status: 'text', closed_at: 'timestamptz', closed_by: 'text', renewed_insurer: 'text', renewed_compulsory_cents: 'bigint',
  renewed_commercial_cents: 'bigint', renewed_premium_cents: 'bigint', lost_reason: 'text', sms_sent_at: 'timestamptz', attempts: 'integer',
  unanswered: 'integer', last_contact_at: 'timestamptz', last_outcome: 'text', next_contact_at: 'timestamp', reached: 'boolean', quoted: 'boolean',
};
export const PROJECTED_COLUMNS = Object.keys(PROJECTED) as (keyof CaseProjection)[];

/**
 * Decides and records the renewals of import `importId`'s policies, of the given
 * vehicles only when `vehicleIds` is set (the others were decided in memory:
 * new-vehicles.ts); returns how many cases it renewed.
 */
export async function decideRenewals(
  tx: Tx, client: pg.ClientBase, importId: number, windowDays: number, now: string, vehicleIds?: readonly number[],
): Promise<number> {
  if (vehicleIds?.length === 0) return 0;
  const matches: { policyId: number; caseId: number; event: NewRegisterEvent }[] = [];
  const candidates = tx
    .selectFrom('policies as p')
    .innerJoin('renewal_cases as c', (j) => j.onRef('c.vehicle_id', '=', 'p.vehicle_id').onRef('c.id', '<>', 'p.case_id'))
    .select([
      'p.id as policyId', 'p.vehicle_id as vehicleId', 'p.kind', 'p.insurer', 'p.premium_cents', 'p.start_date', 'c.specialist',
      'c.id as caseId', 'c.due_date', 'c.compulsory_end', 'c.commercial_end',
    ])
    .where('p.import_id', '=', importId)
    .$if(vehicleIds !== undefined, (q) => q.where(sql<boolean>`p.vehicle_id = any(${vehicleIds}::integer[])`))
    .where('p.renews_case_id', 'is', null)
    .where('p.start_date', 'is not', null)
    .where('c.status', '<>', 'lost')
    .whereRef('c.due_date', '<', 'p.end_date')
    .orderBy('p.id')
    .orderBy('c.due_date', 'desc')
    .orderBy('c.id');
  let last = -1;
  for await (const r of candidates.stream(BATCH)) {
    const start = r.start_date as string;
    if (r.policyId === last || !renewsCase(start, r, windowDays)) continue; // the latest matching case wins
    last = r.policyId;
    matches.push({ policyId: r.policyId, caseId: r.caseId, event: toRow(renewalEvent({ ...r, start_date: start }, r.caseId, now), now) });
  }

  for (let i = 0; i < matches.length; i += BATCH) {
    const part = matches.slice(i, i + BATCH);
    await sql`
      update policies p set renews_case_id = u.case_id
        from unnest(${part.map((m) => m.policyId)}::integer[], ${part.map((m) => m.caseId)}::integer[]) as u(id, case_id)
       where p.id = u.id`.execute(tx);
  }
  // The register's rows through COPY.
  for (let i = 0; i < matches.length; i += BATCH) {
    const text = matches.slice(i, i + BATCH).map((m) => copyLine(REGISTER_COLUMNS.map((c) => m.event[c]))).join('');
    await copyIn(client, `events (${REGISTER_COLUMNS.join(', ')})`, text);
  }
  const renewed = [...new Set(matches.map((m) => m.caseId))].sort((a, b) => a - b);
  for (let i = 0; i < renewed.length; i += BATCH) await project(tx, renewed.slice(i, i + BATCH), now);
  return renewed.length;
}

/** Rebuilds these cases' projections from their events; a case whose booked callback changed has its vehicle's cases learn their latest again. */
async function project(tx: Tx, caseIds: number[], now: string): Promise<void> {
  const before = await tx.selectFrom('renewal_cases').select(['id', 'vehicle_id', 'next_contact_at']).where('id', 'in', caseIds).execute();
  const events = await tx.selectFrom('events').selectAll().where('case_id', 'in', caseIds).orderBy('case_id').orderBy('at').orderBy('id').execute();
  const byCase = new Map<number, RegisterEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.case_id);
    if (list) list.push(e);
    else byCase.set(e.case_id, [e]);
  }
  const projections = caseIds.map((id) => projectCase(byCase.get(id) ?? []));
  const arrays = PROJECTED_COLUMNS.map((c) => sql`${projections.map((p) => p[c])}::${sql.raw(PROJECTED[c])}[]`);
  await sql`
    update renewal_cases c set ${sql.raw(PROJECTED_COLUMNS.map((col) => `${col} = u.${col}`).join(', '))}, updated_at = ${now}
      from unnest(${caseIds}::integer[], ${sql.join(arrays)}) as u(id, ${sql.raw(PROJECTED_COLUMNS.join(', '))})
     where c.id = u.id`.execute(tx);
  // A renewal clears the case's booked callback: the vehicle's cases learn their latest again (src/storage/queries/case-copies.ts).
  const projected = new Map(caseIds.map((id, i) => [id, projections[i] as CaseProjection]));
  const vehicles = [...new Set(before.filter((b) => b.next_contact_at !== null && b.next_contact_at !== projected.get(b.id)?.next_contact_at).map((b) => b.vehicle_id))];
  if (vehicles.length === 0) return;
  await sql`
    update renewal_cases c set vehicle_next_contact_at = (select max(o.next_contact_at) from renewal_cases o where o.vehicle_id = c.vehicle_id)
     where c.vehicle_id = any(${vehicles}::integer[])`.execute(tx);
}
