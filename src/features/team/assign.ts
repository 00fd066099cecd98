/**
 * `renew assign`: share the store's open cases among people (`--split`, evenly by
 * count, then by premium: src/rules/case-split.ts) or move one person's cases to
 * another (`--from --to`). A vehicle's open cases move together, since the assigned
 * specialist is the vehicle's (vehicles.specialist, copied onto its cases). Every
 * move is recorded (storage/queries/case-moves.ts) in the same transaction.
 */
import { EXIT, RenewError } from '../../errors.js';
import { isoDateTime } from '../../rules/clock.js';
import { monthRange } from '../../rules/month.js';
import { splitEvenly } from '../../rules/case-split.js';
import { moveVehicles, type VehicleMove } from '../../storage/queries/case-moves.js';
import { findUser, findUsers } from '../../storage/queries/users.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import type { Context } from '../context.js';
import { authorize } from './access.js';
import { assertVehicleInStore, readStore } from '../stores/scope.js';
import { type OpenVehicle, openVehicles } from './open-vehicles.js';

export interface SplitOptions {
  people: readonly string[];
  /** 'YYYY-MM': only cases due that month. */
  month?: string | undefined;
  /** Only cases nobody is assigned (the pool). */
  unassigned?: boolean | undefined;
}

export interface ShareResult {
  name: string;
  cases: number;
  premium_cents: number;
}

export interface SplitResult {
  shares: ShareResult[];
  /** Named but disabled: given nothing. */
  skipped: string[];
  moved: number;
}

/** Shares the chosen open cases evenly among the enabled people named. */
export async function splitCases(ctx: Context, o: SplitOptions): Promise<SplitResult> {
  const me = await authorize(ctx, 'assign');
  const names = [...new Set(o.people.map((p) => p.trim()).filter((p) => p !== ''))];
  if (names.length === 0) throw new RenewError('team.splitNeedsPeople', {}, EXIT.usage);
  const users = await findUsers(ctx.db, names);
  const unknown = names.filter((n) => !users.some((u) => u.name === n));
  if (unknown.length > 0) throw new RenewError('team.unknownUser', { name: unknown.join(', ') }, EXIT.usage, 'team.unknownUserHint');
  const skipped = names.filter((n) => users.some((u) => u.name === n && u.disabled_at !== null));
  const people = names.filter((n) => !skipped.includes(n));
  if (people.length === 0) throw new RenewError('team.nobodyEnabled', { names: names.join(', ') });
  const range = o.month === undefined ? undefined : monthRange(o.month);
  // The open cases of the store read (--store, else the person's own): a store's lead deals out that store's customers.
  const vehicles = await openVehicles(ctx.db, { dueFrom: range?.from, dueTo: range?.to, unassigned: o.unassigned, store: await readStore(ctx) });
  const split = splitEvenly(vehicles, people);
  const moves: VehicleMove[] = [];
  for (const [name, share] of split) for (const v of share) moves.push({ vehicleId: v.id, caseId: v.caseId, from: v.specialist, to: name });
  const moved = await ctx.store.write((tx) => moveVehicles(tx, moves, { actor: me?.name ?? ctx.actor, reason: 'split', at: isoDateTime(ctx.now()) }));
  const shares = [...split].map(([name, share]) => ({ name, cases: share.length, premium_cents: share.reduce((n, v) => n + v.premiumCents, 0) }));
  return { shares, skipped, moved };
}

export interface HandOverOptions {
  from: string;
  to: string;
  /** Only these plates (each must be `from`'s); default every open case of `from`. */
  plates?: readonly string[] | undefined;
}

/** Moves `from`'s open cases (or the plates named) to `to`, an enabled person. */
export async function handOver(ctx: Context, o: HandOverOptions): Promise<{ moved: number; plates: string[] }> {
  const me = await authorize(ctx, 'assign');
  const to = await findUser(ctx.db, o.to);
  if (!to) throw new RenewError('team.unknownUser', { name: o.to }, EXIT.usage, 'team.unknownUserHint');
  if (to.disabled_at !== null) throw new RenewError('team.toDisabled', { name: o.to });
  // `from`'s cases in the store read: another store's export may name its own 王丽.
  const theirs = await openVehicles(ctx.db, { specialist: o.from, store: await readStore(ctx) });
  let chosen: OpenVehicle[] = theirs;
  if (o.plates !== undefined) {
    chosen = [];
    for (const raw of o.plates) {
      const vehicle = await findVehicle(ctx.db, raw);
      await assertVehicleInStore(ctx, vehicle);
      const open = theirs.find((v) => v.id === vehicle.id);
      if (!open) throw new RenewError('team.notTheirs', { plate: vehicle.plate, name: o.from });
      chosen.push(open);
    }
  }
  const moves = chosen.map((v) => ({ vehicleId: v.id, caseId: v.caseId, from: v.specialist, to: to.name }));
  const moved = await ctx.store.write((tx) => moveVehicles(tx, moves, { actor: me?.name ?? ctx.actor, reason: 'handover', at: isoDateTime(ctx.now()) }));
  return { moved, plates: chosen.map((v) => v.plate) };
}
