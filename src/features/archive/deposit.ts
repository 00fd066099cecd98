/**
 * `renew deposit`: a loan customer's renewal deposit (续保押金), which the store takes so
 * the loan car is renewed through it and returns after the renewal. Received, refunded
 * (in part or whole), or forfeited. Append-only (migration 0010): a correction
 * supersedes an earlier entry. A refund above what is held is refused, nothing written.
 */
import type { Context } from '../context.js';
import type { DepositAction, DepositEntry, DepositMethod } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import { DEPOSIT_METHODS } from '../../rules/domain.js';
import { daysBetween, isoDateTime, parseDateArg } from '../../rules/clock.js';
import { depositHeld } from '../../rules/custody-deposit.js';
import { formatYuan, parseYuan, yuan } from '../../rules/money.js';
import { shownPlate } from '../../rules/mask.js';
import { currentCase, findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { assertCorrectable, parseEntryId, pastDate } from './corrections.js';
import { assertVehicleInStore } from '../stores/scope.js';

export interface DepositOptions {
  /** --received YUAN */
  received?: string;
  method?: string;
  /** --refunded YUAN */
  refunded?: string;
  forfeited?: boolean;
  date?: string;
  correct?: string;
}

export interface DepositInput {
  action: DepositAction;
  /** Fen; null for forfeited (what is held then). */
  amountCents: number | null;
  method: DepositMethod | null;
  on_date: string;
  supersedes: number | undefined;
}

/** Yuan above 0 (the money rules' spellings: 2,000, ￥2000, 2000元) -> fen. */
function amount(flag: string, raw: string): number {
  const cents = parseYuan(raw);
  if (cents === null || cents === undefined || cents <= 0) throw new RenewError('archive.deposit.badAmount', { flag, value: raw }, EXIT.usage);
  return cents;
}

/** Checks the flags; throws a usage error naming the first problem. */
export function checkDeposit(options: DepositOptions, today: string): DepositInput {
  const given = [options.received !== undefined, options.refunded !== undefined, Boolean(options.forfeited)].filter(Boolean).length;
  if (given === 0) throw new RenewError('archive.deposit.needAction', {}, EXIT.usage);
  if (given > 1) throw new RenewError('archive.deposit.oneAction', {}, EXIT.usage);
  const method = options.method?.trim().toLowerCase();
  if (method !== undefined && !(DEPOSIT_METHODS as readonly string[]).includes(method)) throw new RenewError('archive.deposit.badMethod', { value: options.method ?? '' }, EXIT.usage);
  const on_date = pastDate(options.date, today, (d) => parseDateArg(d, '--date'));
  const supersedes = parseEntryId(options.correct);
  const common = { method: (method as DepositMethod | undefined) ?? null, on_date, supersedes };
  if (options.received !== undefined) return { action: 'received', amountCents: amount('--received', options.received), ...common };
  if (options.refunded !== undefined) return { action: 'refunded', amountCents: amount('--refunded', options.refunded), ...common };
  return { action: 'forfeited', amountCents: null, ...common };
}

/** Records one deposit entry; returns it with what is held after it. */
export async function runDeposit(ctx: Pick<Context, 'db' | 'store' | 'now' | 'today' | 't' | 'err' | 'actor' | 'storeOption' | 'reveal'>, target: string, options: DepositOptions) {
  const input = checkDeposit(options, ctx.today);
  const vehicle = await findVehicle(ctx.db, target);
  await assertVehicleInStore(ctx, vehicle);
  const plate = shownPlate(vehicle.plate, ctx.reveal);
  const at = isoDateTime(ctx.now());
  const { entry, held } = await ctx.store.write(async (tx) => {
    if (input.supersedes !== undefined) await assertCorrectable(tx, 'deposits', input.supersedes, vehicle);
    const entries = await tx.selectFrom('deposits').selectAll().where('vehicle_id', '=', vehicle.id).execute();
    // What is held without the entry being corrected: the new entry stands in its place.
    const before = depositHeld(entries.filter((e) => e.id !== input.supersedes));
    let amountCents = input.amountCents;
    if (input.action === 'forfeited') {
      if (before <= 0) throw new RenewError('archive.deposit.nothingHeld', { plate }, EXIT.failure);
      amountCents = before;
    }
    if (input.action === 'refunded' && (amountCents as number) > before) {
      throw new RenewError('archive.deposit.refundTooHigh', { plate, amount: formatYuan(amountCents), held: formatYuan(Math.max(before, 0)) }, EXIT.failure);
    }
    // The renewal the deposit secures: the case being worked now (a receipt), or the one the deposit was taken for.
    const received = entries.filter((e) => e.action === 'received' && e.case_id !== null).pop();
    const caseId = input.action === 'received' ? ((await currentCase(tx, vehicle.id, ctx.today))?.id ?? null) : (received?.case_id ?? null);
    const written = await tx.insertInto('deposits').values({
      vehicle_id: vehicle.id, case_id: caseId, action: input.action, amount_cents: amountCents, method: input.action === 'received' ? input.method : null,
      on_date: input.on_date, supersedes_id: input.supersedes ?? null, recorded_at: at, actor: ctx.actor,
    }).returningAll().executeTakeFirstOrThrow();
    return { entry: written, held: depositHeld([...entries, written]) };
  });
  const what = `${ctx.t(`archive.deposit.action.${input.action}`)} ${formatYuan(entry.amount_cents)}`;
  ctx.err.write(ctx.t('archive.deposit.done', { plate, what, held: formatYuan(held) }) + '\n');
  return { plate, entry: depositJson(entry), held: yuan(held) };
}

/** An entry for --json and history: money in yuan. */
export function depositJson(e: DepositEntry, supersededBy?: number) {
  return {
    id: e.id, case_id: e.case_id, action: e.action, amount: yuan(e.amount_cents), method: e.method, date: e.on_date,
    supersedes_id: e.supersedes_id, recorded_at: e.recorded_at, actor: e.actor,
    ...(supersededBy !== undefined ? { superseded_by: supersededBy } : {}),
  };
}

export interface DepositAfterRenewal {
  plate: string;
  held: number;
  /** When the case it secured was renewed. */
  renewed_on: string;
  days: number;
}

/**
 * Deposits still held on `asOf` whose renewal is done: the money should have gone
 * back to the customer. Longest waiting first; of one store's cases when `store` is set.
 */
export async function depositsAfterRenewal(ctx: Pick<Context, 'db' | 'reveal'>, asOf: string, store?: string): Promise<DepositAfterRenewal[]> {
  const entries = await ctx.db.selectFrom('deposits').selectAll().where('on_date', '<=', asOf).orderBy('id').execute();
  const byVehicle = new Map<number, DepositEntry[]>();
  for (const e of entries) byVehicle.set(e.vehicle_id, [...(byVehicle.get(e.vehicle_id) ?? []), e]);
  const holding = [...byVehicle].map(([vehicleId, list]) => ({ vehicleId, held: depositHeld(list), caseId: list.filter((e) => e.action === 'received').pop()?.case_id ?? null }))
    .filter((h) => h.held > 0 && h.caseId !== null);
  if (holding.length === 0) return [];
  const cases = await ctx.db.selectFrom('renewal_cases').select(['id', 'plate', 'status', 'closed_at'])
    .where('id', 'in', holding.map((h) => h.caseId as number)).where('status', '=', 'renewed')
    .$if(store !== undefined, (q) => q.where('store', '=', store as string))
    .execute();
  const out: DepositAfterRenewal[] = [];
  for (const h of holding) {
    const c = cases.find((x) => x.id === h.caseId);
    const renewedOn = c?.closed_at?.slice(0, 10);
    if (!c || !renewedOn || renewedOn > asOf) continue;
    out.push({ plate: shownPlate(c.plate, ctx.reveal), held: h.held, renewed_on: renewedOn, days: daysBetween(renewedOn, asOf) });
  }
  return out.sort((a, b) => b.days - a.days || a.plate.localeCompare(b.plate));
}
