/**
 * Who is at the keyboard, as a person of the store, and whether they may do a
 * thing: the one place every command asks (src/commands/app.ts resolves the actor
 * for every command and hands it on as `ctx.member()`; guarded commands call `authorize`). A database with no users
 * is one person's file: nobody is checked, everything works as before users existed.
 */
import { EXIT, RenewError } from '../../errors.js';
import type { UserRole } from '../../rules/domain.js';
import { type GuardedAction, mayDo, rolesFor } from '../../rules/roles.js';
import { countUsers, findUser } from '../../storage/queries/users.js';
import type { Context } from '../context.js';

export interface TeamMember {
  name: string;
  role: UserRole;
  store: string | null;
}

type ActorCtx = Pick<Context, 'db' | 'actor'>;

/**
 * The person at the keyboard, or null when the database has no users (nobody is
 * checked). Once users exist the actor must be one of them and not disabled, else a
 * one-line refusal naming RENEW_USER and `renew user add` (exit 77).
 */
export async function resolveActor(ctx: ActorCtx): Promise<TeamMember | null> {
  if ((await countUsers(ctx.db)) === 0) return null;
  const user = ctx.actor === null ? undefined : await findUser(ctx.db, ctx.actor);
  if (!user) throw new RenewError('team.unknownActor', { name: ctx.actor ?? '-' }, EXIT.notAllowed);
  if (user.disabled_at !== null) throw new RenewError('team.disabledActor', { name: user.name }, EXIT.notAllowed);
  return { name: user.name, role: user.role, store: user.store };
}

/** Refuses `action` unless the actor's role allows it (anyone may while there are no users). */
export async function authorize(ctx: Pick<Context, 'db' | 'actor' | 't'>, action: GuardedAction): Promise<TeamMember | null> {
  const me = await resolveActor(ctx);
  assertAllowed(ctx, me, action);
  return me;
}

/** Refuses `action` unless `me` (resolved already: `ctx.member()`) may do it; one line naming the roles that may (exit 77). */
export function assertAllowed(ctx: Pick<Context, 't'>, me: TeamMember | null, action: GuardedAction): void {
  if (me !== null && !mayDo(me.role, action)) {
    const roles = rolesFor(action).map((r) => ctx.t(`team.role.${r}`)).join(ctx.t('team.or'));
    throw new RenewError('team.notAllowed', { name: me.name, role: ctx.t(`team.role.${me.role}`), action: ctx.t(`team.action.${action}`), roles }, EXIT.notAllowed);
  }
}
