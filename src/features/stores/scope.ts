/**
 * Which store a command works on (docs/team.md, "Stores and the dealer group").
 *
 * Reading (today, sms, quote --due, report, target list, settings): `--store CODE`;
 * else the store of the person at the keyboard (users.store); else every store (in a
 * one-store or store-less database that is all there is). `--store all` asks for every
 * store explicitly. Writing vehicles (import, add, demo): `--store CODE`; else the
 * person's store; else the only store; none when the database has no stores; several
 * stores and no way to choose is a usage error naming them.
 */
import { EXIT, RenewError } from '../../errors.js';
import { listStores, userStore } from '../../storage/queries/stores.js';
import type { Context } from '../context.js';
import type { Vehicle } from '../../storage/schema.js';
import { shownPlate } from '../../rules/mask.js';

/** `--store all`: every store, whoever asks. */
export const ALL_STORES = 'all';

type ScopeContext = Pick<Context, 'db' | 'actor' | 'storeOption'>;

/** The store named by --store, checked; undefined for `all` or no option. */
async function namedStore(ctx: ScopeContext): Promise<string | undefined> {
  const named = ctx.storeOption?.trim();
  if (named === undefined || named === '' || named.toLowerCase() === ALL_STORES) return undefined;
  const stores = await listStores(ctx.db);
  if (!stores.some((s) => s.code === named)) {
    throw new RenewError('stores.unknown', { code: named, known: stores.map((s) => s.code).join(', ') || '-' }, EXIT.usage, 'stores.unknownHint');
  }
  return named;
}

/** The store to read: a code, or undefined for every store. */
export async function readStore(ctx: ScopeContext): Promise<string | undefined> {
  const named = await namedStore(ctx);
  if (named !== undefined || ctx.storeOption?.trim().toLowerCase() === ALL_STORES) return named;
  return (await userStore(ctx.db, ctx.actor)) ?? undefined;
}

/** The store new and re-imported vehicles belong to: a code, or null in a database without stores. */
export async function writeStore(ctx: ScopeContext): Promise<string | null> {
  const named = await namedStore(ctx);
  if (named !== undefined) return named;
  const own = await userStore(ctx.db, ctx.actor);
  if (own !== null) return own;
  const stores = await listStores(ctx.db);
  if (stores.length <= 1) return stores[0]?.code ?? null;
  throw new RenewError('stores.choose', { known: stores.map((s) => s.code).join(', ') }, EXIT.usage);
}

/**
 * Refuses a vehicle outside the store being read (a plate typed in `call`, `history`,
 * `today --explain`), naming its store and the option that reaches it (exit 64): a
 * specialist of one store does not call, or read the details of, another store's
 * customers by accident. A vehicle with no store is outside every store.
 */
export async function assertVehicleInStore(ctx: ScopeContext, vehicle: Pick<Vehicle, 'plate' | 'store'>): Promise<void> {
  const store = await readStore(ctx);
  if (store === undefined || vehicle.store === store) return;
  const vars = { plate: shownPlate(vehicle.plate, false), store: vehicle.store ?? '-', current: store, option: vehicle.store ?? ALL_STORES };
  throw new RenewError('stores.otherStore', vars, EXIT.usage, 'stores.otherStoreHint');
}
