/**
 * `renew user add|list|disable`: the store's people and their roles. The first
 * person added to a database that has none must be a lead or a manager (somebody
 * has to be able to add the others); after that only a lead or manager adds or
 * disables people.
 */
import { EXIT, RenewError } from '../../errors.js';
import { isoDateTime } from '../../rules/clock.js';
import { type UserRole, USER_ROLES } from '../../rules/domain.js';
import { LEAD_ROLES } from '../../rules/roles.js';
import { controlCharsIn } from '../../rules/safe-text.js';
import { countUsers, disableUser, findUser, insertUser, listUsers, storeExists, type UserWithLoad } from '../../storage/queries/users.js';
import type { User } from '../../storage/schema.js';
import type { Context } from '../context.js';
import { authorize } from './access.js';
import { readStore } from '../stores/scope.js';

export type { UserWithLoad };

/** --role as a role, or the usage error listing the roles. */
export function parseRole(value: string): UserRole {
  if ((USER_ROLES as readonly string[]).includes(value)) return value as UserRole;
  throw new RenewError('team.badRole', { value, roles: USER_ROLES.join('|') }, EXIT.usage);
}

/** A person's name as typed: trimmed, not empty, no control characters, at most 40 characters. */
export function parseUserName(value: string): string {
  const name = value.trim();
  if (name === '' || name.length > 40 || controlCharsIn(name).length > 0 || /[,\s]/.test(name)) throw new RenewError('team.badName', { value }, EXIT.usage);
  return name;
}

export interface NewUser {
  name: string;
  role: UserRole;
  store?: string | undefined;
}

export async function addUser(ctx: Context, user: NewUser): Promise<User> {
  if ((await countUsers(ctx.db)) === 0) {
    // Bootstrap: anyone may add the first person, who must be able to add the rest.
    if (!LEAD_ROLES.includes(user.role)) throw new RenewError('team.firstMustLead', { name: user.name }, EXIT.usage);
  } else {
    await authorize(ctx, 'user');
  }
  if (await findUser(ctx.db, user.name)) throw new RenewError('team.userExists', { name: user.name });
  if (user.store !== undefined && !(await storeExists(ctx.db, user.store))) throw new RenewError('team.unknownStore', { store: user.store });
  return ctx.store.write((tx) => insertUser(tx, { name: user.name, role: user.role, store: user.store ?? null, now: isoDateTime(ctx.now()) }));
}

/** The people of the store read (--store, else the person's own; docs/team.md) with the open cases each holds there. */
export async function userList(ctx: Pick<Context, 'db' | 'actor' | 'storeOption'>): Promise<UserWithLoad[]> {
  return listUsers(ctx.db, await readStore(ctx));
}

/** Disables a person: kept for the register, skipped by assignment, refused at the keyboard. */
export async function disable(ctx: Context, rawName: string): Promise<void> {
  const me = await authorize(ctx, 'user');
  const name = rawName.trim();
  const user = await findUser(ctx.db, name);
  if (!user) throw new RenewError('team.unknownUser', { name });
  // Nobody locks themselves out (the last manager could not undo it).
  if (me?.name === user.name) throw new RenewError('team.disableSelf', { name });
  if (user.disabled_at !== null) throw new RenewError('team.alreadyDisabled', { name });
  await ctx.store.write((tx) => disableUser(tx, name, isoDateTime(ctx.now())));
}
