/**
 * The store's people (`users`, migration 0009): who they are, their role and store,
 * whether they are disabled, and how many open cases each holds. Readers take the
 * kysely reader; writers a write transaction (assertWriting).
 */
import type { Kysely } from 'kysely';
import type { UserRole } from '../../rules/domain.js';
import { assertWriting, type Tx } from '../ports.js';
import type { Database, User } from '../schema.js';

/** How many people the database knows (0: one person's file, nobody is checked). */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findUser(db: Kysely<Database>, name: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
}

/** These names' rows, in no particular order (unknown names are simply missing). */
export async function findUsers(db: Kysely<Database>, names: readonly string[]): Promise<User[]> {
  if (names.length === 0) return [];
  return db.selectFrom('users').selectAll().where('name', 'in', [...names]).execute();
}

export interface UserWithLoad extends User {
  /** Open cases whose assigned specialist is this person, in the person's own store (when they have one). */
  open_cases: number;
}

/**
 * Everyone, by name, with the open cases each is assigned. A case counts for a person
 * when its specialist is their name and it belongs to their store (a person without a
 * store: any store); with `store` (a code), only that store's cases count, and only
 * its people and those without a store are listed. A name is only text on the
 * vehicle: another store's export may name its own 王丽.
 */
export async function listUsers(db: Kysely<Database>, store?: string): Promise<UserWithLoad[]> {
  const users = await db
    .selectFrom('users')
    .selectAll()
    .$if(store !== undefined, (q) => q.where((eb) => eb.or([eb('store', '=', store as string), eb('store', 'is', null)])))
    .orderBy('name')
    .execute();
  const loads = await db
    .selectFrom('renewal_cases')
    .select(['specialist', 'store', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'open')
    .where('specialist', 'is not', null)
    .$if(store !== undefined, (q) => q.where('store', '=', store as string))
    .groupBy(['specialist', 'store'])
    .execute();
  const openOf = (u: User) => loads.reduce((n, l) => n + (l.specialist === u.name && (u.store === null || l.store === u.store) ? Number(l.n) : 0), 0);
  return users.map((u) => ({ ...u, open_cases: openOf(u) }));
}

export async function insertUser(tx: Tx, user: { name: string; role: UserRole; store: string | null; now: string }): Promise<User> {
  assertWriting(tx);
  return tx
    .insertInto('users')
    .values({ name: user.name, role: user.role, store: user.store, created_at: user.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks the person disabled (kept for the register's history); false when already disabled. */
export async function disableUser(tx: Tx, name: string, now: string): Promise<boolean> {
  assertWriting(tx);
  const result = await tx.updateTable('users').set({ disabled_at: now }).where('name', '=', name).where('disabled_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether a store code exists (a user's store must). */
export async function storeExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return (await db.selectFrom('stores').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}
