/**
 * The dealer group's stores (migration 0009's `stores`, 0012's `vehicles.store` and its
 * case copy): listing them with their counts, adding one, and the store a person
 * belongs to. What a store scope means for each command is src/features/stores/scope.ts.
 */
import type { Kysely } from 'kysely';
import { assertWriting, type Tx } from '../ports.js';
import type { Database } from '../schema.js';
import { INVALID, storedValue } from '../../rules/settings.js';

export interface StoreRow {
  code: string;
  name: string;
  createdAt: string;
}

/** Every store, by code. */
export async function listStores(db: Kysely<Database>): Promise<StoreRow[]> {
  const rows = await db.selectFrom('stores').select(['code', 'name', 'created_at']).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, createdAt: r.created_at }));
}

/** Vehicles and open cases per store code (null: vehicles without a store). Open cases are counted on the queue index. */
export async function storeCounts(db: Kysely<Database>): Promise<Map<string | null, { vehicles: number; openCases: number }>> {
  const [vehicles, open] = await Promise.all([
    db.selectFrom('vehicles').select(['store', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('store').execute(),
    db.selectFrom('renewal_cases').select(['store', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'open').groupBy('store').execute(),
  ]);
  const counts = new Map<string | null, { vehicles: number; openCases: number }>();
  const of = (store: string | null) => {
    let c = counts.get(store);
    if (!c) counts.set(store, (c = { vehicles: 0, openCases: 0 }));
    return c;
  };
  for (const r of vehicles) of(r.store).vehicles = Number(r.n);
  for (const r of open) of(r.store).openCases = Number(r.n);
  return counts;
}

/**
 * Adds a store. The first store of a database whose vehicles have none takes them
 * (and their cases' copies): a single store's file grows into a group without losing
 * anything. Returns how many vehicles it took.
 */
export async function insertStore(tx: Tx, store: { code: string; name: string }, now: string): Promise<number> {
  assertWriting(tx);
  const before = await tx.selectFrom('stores').select('code').limit(1).executeTakeFirst();
  await tx.insertInto('stores').values({ code: store.code, name: store.name, created_at: now }).execute();
  if (before) return 0;
  const taken = await tx.updateTable('vehicles').set({ store: store.code }).where('store', 'is', null).executeTakeFirst();
  await tx.updateTable('renewal_cases').set({ store: store.code }).where('store', 'is', null).execute();
  return Number(taken.numUpdatedRows);
}

/**
 * The name a store's own report is titled with: its own store_name setting, else its
 * name in the stores list (the group-wide store_name is the group's). Undefined: no such store.
 */
export async function storeNameOf(db: Kysely<Database>, code: string): Promise<string | undefined> {
  const own = await db.selectFrom('settings').select('value').where('store', '=', code).where('key', '=', 'store_name').executeTakeFirst();
  const value = own ? storedValue('store_name', own.value) : INVALID;
  if (typeof value === 'string') return value;
  return (await db.selectFrom('stores').select('name').where('code', '=', code).executeTakeFirst())?.name;
}

/** The store of a person of the group (users.store), or null: unknown person, or one without a store. */
export async function userStore(db: Kysely<Database>, name: string | null): Promise<string | null> {
  if (name === null) return null;
  const row = await db.selectFrom('users').select('store').where('name', '=', name).executeTakeFirst();
  return row?.store ?? null;
}
