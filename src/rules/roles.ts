/**
 * Who may do what (issue 16): a specialist works their own queue; a lead or a
 * manager also assigns cases, sets targets and settings, adds and disables people,
 * purges and restores. The commands ask `authorize` (src/features/team/access.ts),
 * which asks this.
 */
import type { UserRole } from './domain.js';

/** The actions only some roles may take, each named after its command. */
export const GUARDED_ACTIONS = ['assign', 'recycle', 'target', 'settings', 'purge', 'restore', 'user', 'queue-all'] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

/** The roles that run the store: they assign, set up and see everyone's queue. */
export const LEAD_ROLES: readonly UserRole[] = ['lead', 'manager'];

const ALLOWED: Record<GuardedAction, readonly UserRole[]> = {
  assign: LEAD_ROLES,
  recycle: LEAD_ROLES,
  target: LEAD_ROLES,
  settings: LEAD_ROLES,
  purge: LEAD_ROLES,
  restore: LEAD_ROLES,
  user: LEAD_ROLES,
  // `renew today --all` or another person's --specialist: everyone's queue.
  'queue-all': LEAD_ROLES,
};

/** The roles that may take `action` (for the refusal, which names them). */
export function rolesFor(action: GuardedAction): readonly UserRole[] {
  return ALLOWED[action];
}

/** True when `role` may take `action`: mayDo('specialist', 'assign') is false. */
export function mayDo(role: UserRole, action: GuardedAction): boolean {
  return ALLOWED[action].includes(role);
}

/** A lead or manager sees the whole store's queue (`renew today --all`); a specialist their own. */
export function seesEveryone(role: UserRole): boolean {
  return mayDo(role, 'queue-all');
}
