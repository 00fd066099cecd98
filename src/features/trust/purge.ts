/**
 * `renew purge --before DATE`: forget the customers the store no longer works with.
 *
 * A vehicle qualifies when it has cases, all of them are closed (renewed or lost),
 * each closed and due before DATE, and it was not purged already. For those:
 * - cleared on the vehicle: owner, insured, phone, id_no, address (the person),
 *   and vin, engine_no (they identify the car in registries and so lead back to
 *   the owner);
 * - kept: the plate (the unique key that lets a later import recognise the car and
 *   keeps one row per vehicle), model, first registration, loan flag, specialist,
 *   every policy, case and event row, so counts, premiums, outcomes and loss
 *   reasons of past months still add up;
 * - event notes of those vehicles are cleared (free text often holds names and
 *   numbers), and so are the old and new values of their changed owner, phone,
 *   address and plate (vehicle_changes) and to whom a policy was handed (custody).
 *   These are the only places the registers are edited in place: erasing personal
 *   data is a legal duty that outranks append-only.
 * `vehicles.purged_at` records when. All in one write transaction.
 *
 * DATE must lie at least `purge_min_age_days` (default 365) before today: a date in
 * the future once erased customers who had renewed five weeks earlier. Since every
 * case must have closed before DATE, none closed within that age is ever erased.
 */
import { addDays, isoDate, isoDateTime } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { CancelledError, EXIT, RenewError } from '../../errors.js';

/** The vehicle fields a purge clears. */
export const PURGED_FIELDS = ['owner', 'insured', 'phone', 'id_no', 'address', 'vin', 'engine_no'] as const;

export interface PurgeResult {
  before: string;
  vehicles: number;
  notes: number;
  purged_at: string | null;
}

export interface PurgeOptions {
  /** Skip the confirmation (`--yes`). */
  yes?: boolean;
  /** Only count what would be purged (`--dry-run`). */
  dryRun?: boolean;
}

/**
 * Ids of the vehicles a purge before `before` ('YYYY-MM-DD') would clear: every case closed before it,
 * none open, none due on or after it. With `before` at least purge_min_age_days ago (purgePersonalData
 * checks), no case closed within that age qualifies.
 */
export async function purgeCandidates(db: Context['db'], before: string): Promise<number[]> {
  const rows = await db
    .selectFrom('vehicles as v')
    .select('v.id')
    .where('v.purged_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('renewal_cases as c').select('c.id').whereRef('c.vehicle_id', '=', 'v.id')))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('renewal_cases as c')
            .select('c.id')
            .whereRef('c.vehicle_id', '=', 'v.id')
            .where((w) => w.or([w('c.status', '=', 'open'), w('c.closed_at', 'is', null), w('c.closed_at', '>=', before), w('c.due_date', '>=', before)])),
        ),
      ),
    )
    .orderBy('v.id')
    .execute();
  return rows.map((r) => r.id);
}

const CHUNK = 500; // stays under SQLite's bound-parameter limit

export async function purgePersonalData(
  ctx: Pick<Context, 'db' | 'store' | 'now' | 'prompter' | 'stdinIsTTY' | 't' | 'settings'>,
  before: string,
  options: PurgeOptions = {},
): Promise<PurgeResult> {
  const minAge = (await ctx.settings()).purge_min_age_days;
  const recent = addDays(isoDate(ctx.now()), -minAge);
  if (before > recent) throw new RenewError('trust.purge.tooRecent', { before, days: minAge, latest: recent }, EXIT.usage);
  const candidates = await purgeCandidates(ctx.db, before);
  if (candidates.length === 0 || options.dryRun) return { before, vehicles: candidates.length, notes: 0, purged_at: null };
  if (!options.yes) {
    if (!ctx.stdinIsTTY) throw new RenewError('trust.purge.needYes', { count: candidates.length }, EXIT.usage);
    const ok = await ctx.prompter.confirm(ctx.t('trust.purge.confirm', { count: candidates.length, before }), { default: false });
    if (!ok) throw new CancelledError();
  }
  const at = isoDateTime(ctx.now());
  return ctx.store.write(async (tx) => {
    // Re-select under the write lock: a call recorded since the count may have reopened a case.
    const ids = await purgeCandidates(tx, before);
    let notes = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const cleared = Object.fromEntries(PURGED_FIELDS.map((f) => [f, null]));
      await tx.updateTable('vehicles').set({ ...cleared, purged_at: at, updated_at: at }).where('id', 'in', chunk).execute();
      const r = await tx.updateTable('events').set({ note: null }).where('vehicle_id', 'in', chunk).where('note', 'is not', null).executeTakeFirst();
      notes += Number(r.numUpdatedRows);
      // The register of changed details keeps old and new values: those that name the person go too.
      await tx.updateTable('vehicle_changes').set({ old_value: null, new_value: null }).where('vehicle_id', 'in', chunk).where('field', 'in', ['owner', 'phone', 'address', 'plate']).execute();
      await tx.updateTable('custody').set({ recipient: null }).where('vehicle_id', 'in', chunk).where('recipient', 'is not', null).execute();
    }
    return { before, vehicles: ids.length, notes, purged_at: at };
  });
}
