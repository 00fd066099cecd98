/**
 * Monthly targets (vehicles renewed, renewed premium, renewal rate) for the store
 * ('' specialist) and per specialist. `set` changes only the figures given, so a
 * manager can add the premium target later without retyping the others.
 */
import { parseMonthArg } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { EXIT, RenewError } from '../../errors.js';
import { parseYuan } from '../../rules/money.js';

export interface TargetInput {
  month?: string;
  specialist?: string;
  vehicles?: string;
  /** Yuan, as typed: '360000', '360,000', '¥360000'. */
  premium?: string;
  /** '0.65' or '65%'. */
  rate?: string;
}

/** A validated change: only the figures present are written. */
export interface TargetChange {
  month: string;
  /** '' for the store. */
  specialist: string;
  vehicles?: number;
  premiumCents?: number;
  rate?: number;
}

export interface TargetRecord {
  /** The store's code; '' for the whole group (or a database without stores). */
  store: string;
  month: string;
  specialist: string;
  vehicles: number | null;
  premiumCents: number | null;
  rate: number | null;
  updatedAt: string;
}

/** Upper bounds that no store's month reaches: a typo or an overflow (1e400 -> Infinity) is refused, never stored. */
export const MAX_TARGET_VEHICLES = 1_000_000;
export const MAX_TARGET_PREMIUM_CENTS = 100_000_000_000; // one billion yuan

/** Checks every field before anything is written; throws naming the bad one (a bad option value: exit 64). */
export function parseTargetInput(input: TargetInput): TargetChange {
  if (input.month === undefined) throw new RenewError('target.monthRequired', {}, EXIT.usage);
  const change: TargetChange = { month: parseMonthArg(input.month), specialist: '' };
  if (input.specialist !== undefined) {
    change.specialist = input.specialist.trim();
    if (change.specialist === '') throw new RenewError('target.badSpecialist', {}, EXIT.usage);
  }
  if (input.vehicles !== undefined) {
    const v = input.vehicles.trim();
    if (!/^\d+$/.test(v) || Number(v) > MAX_TARGET_VEHICLES) throw new RenewError('target.badVehicles', { value: input.vehicles }, EXIT.usage);
    change.vehicles = Number(v);
  }
  if (input.premium !== undefined) {
    const cents = parseYuan(input.premium);
    if (cents === null || cents === undefined || !Number.isSafeInteger(cents) || cents < 0 || cents > MAX_TARGET_PREMIUM_CENTS) {
      throw new RenewError('target.badPremium', { value: input.premium }, EXIT.usage);
    }
    change.premiumCents = cents;
  }
  if (input.rate !== undefined) {
    const rate = parseRate(input.rate);
    if (rate === null) throw new RenewError('target.badRate', { value: input.rate }, EXIT.usage);
    change.rate = rate;
  }
  if (change.vehicles === undefined && change.premiumCents === undefined && change.rate === undefined) {
    throw new RenewError('target.nothingToSet', {}, EXIT.usage);
  }
  return change;
}

/** '0.65' -> 0.65, '65%' -> 0.65; anything outside 0..1 (or not a number) -> null. */
export function parseRate(raw: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(raw);
  if (!m) return null;
  const value = m[2] ? Number(m[1]) / 100 : Number(m[1]);
  return value >= 0 && value <= 1 ? Math.round(value * 1e6) / 1e6 : null;
}

/** Inserts or updates the month's target for the store or a specialist (of `store`, '' the group); returns the row as stored. */
export async function setTarget(ctx: Pick<Context, 'db' | 'store'>, change: TargetChange, now: string, store = ''): Promise<TargetRecord> {
  const set = {
    ...(change.vehicles !== undefined && { vehicles: change.vehicles }),
    ...(change.premiumCents !== undefined && { premium_cents: change.premiumCents }),
    ...(change.rate !== undefined && { rate: change.rate }),
    updated_at: now,
  };
  return ctx.store.write(async (tx) => {
    const row = await tx
      .insertInto('targets')
      .values({ store, month: change.month, specialist: change.specialist, vehicles: null, premium_cents: null, rate: null, ...set })
      .onConflict((oc) => oc.columns(['store', 'month', 'specialist']).doUpdateSet(set))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  });
}

/** Whether any vehicle is assigned to this specialist (a typo check, not a rule). */
export async function specialistKnown(ctx: Pick<Context, 'db' | 'store'>, specialist: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('vehicles').select('id').where('specialist', '=', specialist).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Targets, newest month first, the store before its specialists; one store's (`store`) or every store's. */
export async function listTargets(ctx: Pick<Context, 'db' | 'store'>, month?: string, store?: string): Promise<TargetRecord[]> {
  let q = ctx.db.selectFrom('targets').selectAll();
  if (month !== undefined) q = q.where('month', '=', month);
  if (store !== undefined) q = q.where('store', '=', store);
  const rows = await q.orderBy('month', 'desc').orderBy('store').orderBy('specialist').execute();
  return rows.map(toRecord);
}

function toRecord(r: { store: string; month: string; specialist: string; vehicles: number | null; premium_cents: number | null; rate: number | null; updated_at: string }): TargetRecord {
  return { store: r.store, month: r.month, specialist: r.specialist, vehicles: r.vehicles, premiumCents: r.premium_cents, rate: r.rate, updatedAt: r.updated_at };
}
