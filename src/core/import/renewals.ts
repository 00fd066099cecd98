/**
 * Renewal by import, after all rows are in (so file order does not matter): a
 * policy written by this import whose start date lies in [earliest end - 1 day,
 * latest end + renewal_window_days] of another, not-lost case of the same vehicle
 * renews that case. The candidates come from one set-based query; each renewal
 * goes through `recordEvent`, so the register and the case projection are exactly
 * what a renewal logged by hand produces. `renews_case_id` is set once, so
 * importing the file again adds nothing.
 */
import type { Tx } from '../../db/transaction.js';
import { addDays } from '../clock.js';
import { recordEvent } from '../register.js';

export interface RenewalFound {
  policyId: number;
  caseId: number;
}

/**
 * Finds and records renewals for policies of import `importId`. `nowText` is the
 * import time; the event is dated the policy's start (00:00) when that is already
 * past, else now, so back-filled files land in the month the renewal happened.
 */
export async function detectRenewals(tx: Tx, importId: number, windowDays: number, nowText: string): Promise<RenewalFound[]> {
  const rows = await tx
    .selectFrom('policies as p')
    .innerJoin('renewal_cases as c', (j) => j.onRef('c.vehicle_id', '=', 'p.vehicle_id').onRef('c.id', '<>', 'p.case_id'))
    .innerJoin('vehicles as v', 'v.id', 'p.vehicle_id')
    .select([
      'p.id as policyId', 'p.vehicle_id as vehicleId', 'p.kind', 'p.insurer', 'p.premium_cents', 'p.start_date', 'v.specialist',
      'c.id as caseId', 'c.due_date', 'c.compulsory_end', 'c.commercial_end',
    ])
    .where('p.import_id', '=', importId)
    .where('p.renews_case_id', 'is', null)
    .where('p.start_date', 'is not', null)
    .where('c.status', '<>', 'lost')
    .orderBy('p.id')
    .orderBy('c.due_date', 'desc')
    .execute();
  const found: RenewalFound[] = [];
  let last = -1;
  for (const r of rows) {
    if (r.policyId === last) continue; // the latest matching case wins
    const start = r.start_date as string;
    const latestEnd = [r.due_date, r.compulsory_end, r.commercial_end].reduce<string>((a, b) => (b !== null && b > a ? b : a), r.due_date);
    if (start < addDays(r.due_date, -1) || start > addDays(latestEnd, windowDays)) continue;
    last = r.policyId;
    await tx.updateTable('policies').set({ renews_case_id: r.caseId }).where('id', '=', r.policyId).execute();
    const at = `${start} 00:00:00` < nowText ? `${start} 00:00:00` : nowText;
    await recordEvent(
      tx,
      {
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
      },
      nowText,
    );
    found.push({ policyId: r.policyId, caseId: r.caseId });
  }
  return found;
}
