/**
 * `renew custody`: where each paper policy (with the 交强险 sticker and the invoice) of
 * a customer is, when the store keeps it for them (代管保单): received by the store,
 * handed over, posted. Append-only (migration 0010): a correction supersedes an
 * earlier entry. `--list` shows what the store still holds and for how long.
 */
import type { Context } from '../context.js';
import type { CustodyAction, CustodyEntry, PolicyKind } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import { parseDateArg, isoDateTime } from '../../rules/clock.js';
import { heldPolicies } from '../../rules/custody-deposit.js';
import { shownPlate } from '../../rules/mask.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { cleanEntry } from '../entry-text.js';
import { assertCorrectable, parseEntryId, pastDate } from './corrections.js';
import { assertVehicleInStore } from '../stores/scope.js';

export interface CustodyOptions {
  received?: boolean;
  handedOver?: boolean;
  /** --posted TRACKING */
  posted?: string;
  to?: string;
  kind?: string;
  location?: string;
  date?: string;
  correct?: string;
}

export interface CustodyInput {
  action: CustodyAction;
  /** Empty: the corrected entry's kind. */
  kinds: PolicyKind[];
  on_date: string;
  location: string | null;
  recipient: string | null;
  tracking: string | null;
  supersedes: number | undefined;
}

const KINDS: Record<string, PolicyKind[]> = { compulsory: ['compulsory'], commercial: ['commercial'], all: ['compulsory', 'commercial'] };

const blankToNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());

/** Checks the flags; throws a usage error naming the first problem. `today` is 'YYYY-MM-DD'. */
export function checkCustody(ctx: Pick<Context, 't' | 'err'>, options: CustodyOptions, today: string): CustodyInput {
  const actions: CustodyAction[] = [];
  if (options.received) actions.push('received');
  if (options.handedOver) actions.push('handed_over');
  if (options.posted !== undefined) actions.push('posted');
  if (actions.length === 0) throw new RenewError('archive.custody.needAction', {}, EXIT.usage);
  if (actions.length > 1) throw new RenewError('archive.custody.oneAction', {}, EXIT.usage);
  const action = actions[0] as CustodyAction;
  const kindRaw = options.kind?.trim().toLowerCase();
  const kinds = kindRaw === undefined ? (options.correct ? [] : KINDS.all) : KINDS[kindRaw];
  if (!kinds) throw new RenewError('archive.custody.badKind', { value: options.kind ?? '' }, EXIT.usage);
  const tracking = action === 'posted' ? blankToNull(options.posted) : null;
  if (action === 'posted' && tracking === null) throw new RenewError('archive.custody.noTracking', {}, EXIT.usage);
  const text = (flag: string, v: string | undefined) => {
    const s = blankToNull(v);
    return s === null ? null : cleanEntry(ctx, flag, s);
  };
  return {
    action,
    // A correction replaces one entry: "all" means the corrected entry's kind.
    kinds: options.correct && kindRaw === 'all' ? [] : kinds,
    on_date: pastDate(options.date, today, (d) => parseDateArg(d, '--date')),
    location: text('--location', options.location),
    recipient: action === 'handed_over' ? text('--to', options.to) : null,
    tracking: tracking === null ? null : cleanEntry(ctx, '--posted', tracking),
    supersedes: parseEntryId(options.correct),
  };
}

/** Records where the policy of each kind is; returns the entries written. */
export async function runCustody(ctx: Pick<Context, 'db' | 'store' | 'now' | 'today' | 't' | 'err' | 'actor' | 'storeOption' | 'reveal'>, target: string, options: CustodyOptions) {
  const input = checkCustody(ctx, options, ctx.today);
  const vehicle = await findVehicle(ctx.db, target);
  await assertVehicleInStore(ctx, vehicle);
  const at = isoDateTime(ctx.now());
  const written = await ctx.store.write(async (tx) => {
    let kinds = input.kinds;
    if (input.supersedes !== undefined) {
      await assertCorrectable(tx, 'custody', input.supersedes, vehicle);
      const old = await tx.selectFrom('custody').select('kind').where('id', '=', input.supersedes).executeTakeFirstOrThrow();
      if (kinds.length === 0) kinds = [old.kind];
    }
    const rows = kinds.map((kind) => ({
      vehicle_id: vehicle.id, kind, action: input.action, on_date: input.on_date, location: input.location, recipient: input.recipient,
      tracking: input.tracking, supersedes_id: input.supersedes ?? null, recorded_at: at, actor: ctx.actor,
    }));
    return tx.insertInto('custody').values(rows).returningAll().execute();
  });
  const plate = shownPlate(vehicle.plate, ctx.reveal);
  ctx.err.write(ctx.t('archive.custody.done', { plate, what: ctx.t(`archive.custody.action.${input.action}`), ids: written.map((e) => e.id).join(', #') }) + '\n');
  return { plate, entries: written.map((e) => custodyJson(e)) };
}

/** An entry for --json and history. */
export function custodyJson(e: CustodyEntry, supersededBy?: number) {
  return {
    id: e.id, kind: e.kind, action: e.action, date: e.on_date, location: e.location, to: e.recipient, tracking: e.tracking,
    supersedes_id: e.supersedes_id, recorded_at: e.recorded_at, actor: e.actor,
    ...(supersededBy !== undefined ? { superseded_by: supersededBy } : {}),
  };
}

export interface HeldPolicy {
  plate: string;
  kind: PolicyKind;
  since: string;
  days: number;
  location: string | null;
}

/**
 * The paper policies the store holds on `asOf`, longest held first; `minDays` keeps only
 * those held longer, `store` (a code) only one store's vehicles.
 */
export async function heldInStore(ctx: Pick<Context, 'db' | 'reveal'>, asOf: string, only: { minDays?: number; store?: string | undefined } = {}): Promise<HeldPolicy[]> {
  const entries = await ctx.db.selectFrom('custody').selectAll().where('on_date', '<=', asOf).execute();
  const held = heldPolicies(entries, asOf).filter((h) => h.days > (only.minDays ?? -1));
  if (held.length === 0) return [];
  const plates = new Map(
    (await ctx.db.selectFrom('vehicles').select(['id', 'plate'])
      .where('id', 'in', [...new Set(held.map((h) => h.entry.vehicle_id))])
      .$if(only.store !== undefined, (q) => q.where('store', '=', only.store as string))
      .execute()).map((v) => [v.id, v.plate]),
  );
  return held
    .filter((h) => plates.has(h.entry.vehicle_id))
    .map((h) => ({ plate: shownPlate(plates.get(h.entry.vehicle_id) ?? '', ctx.reveal), kind: h.entry.kind, since: h.entry.on_date, days: h.days, location: h.entry.location }))
    .sort((a, b) => b.days - a.days || a.plate.localeCompare(b.plate) || a.kind.localeCompare(b.kind));
}
