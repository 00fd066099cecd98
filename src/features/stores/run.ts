/** `renew store add` and `renew store list` as library calls: they return what src/ui/stores.ts prints. */
import { isoDateTime } from '../../rules/clock.js';
import { EXIT, RenewError } from '../../errors.js';
import { insertStore, listStores, storeCounts } from '../../storage/queries/stores.js';
import type { Context } from '../context.js';
import { ALL_STORES } from './scope.js';

/** A store's code: letters, digits, '-' or '_', at most 16 (GZ01, SZ-02). */
const CODE = /^[A-Za-z0-9_-]{1,16}$/;

export interface StoreAdded {
  code: string;
  name: string;
  /** Vehicles without a store that the first store took. */
  adopted: number;
}

/** Checks the code and name before anything is written (a bad one: exit 64). */
export function parseStore(code: string, name: string): { code: string; name: string } {
  const c = code.trim();
  if (!CODE.test(c) || c.toLowerCase() === ALL_STORES) throw new RenewError('stores.badCode', { code }, EXIT.usage);
  const n = name.trim();
  if (n === '') throw new RenewError('stores.badName', {}, EXIT.usage);
  return { code: c, name: n };
}

export async function addStore(ctx: Pick<Context, 'store' | 'now'>, input: { code: string; name: string }): Promise<StoreAdded> {
  const store = parseStore(input.code, input.name);
  return ctx.store.write(async (tx) => {
    const taken = await tx.selectFrom('stores').select('name').where('code', '=', store.code).executeTakeFirst();
    if (taken) throw new RenewError('stores.taken', { code: store.code, name: taken.name }, EXIT.failure);
    return { ...store, adopted: await insertStore(tx, store, isoDateTime(ctx.now())) };
  });
}

export interface StoreListRow {
  code: string;
  name: string;
  vehicles: number;
  openCases: number;
}

/** Every store with its vehicles and open cases; `unassigned` counts vehicles without a store (none once a store exists, unless written outside renew). */
export async function storeList(ctx: Pick<Context, 'db'>): Promise<{ stores: StoreListRow[]; unassigned: { vehicles: number; openCases: number } }> {
  const [stores, counts] = await Promise.all([listStores(ctx.db), storeCounts(ctx.db)]);
  return {
    stores: stores.map((s) => ({ code: s.code, name: s.name, ...(counts.get(s.code) ?? { vehicles: 0, openCases: 0 }) })),
    unassigned: counts.get(null) ?? { vehicles: 0, openCases: 0 },
  };
}
