/**
 * `renew today` as a library call: build the queue for a day (or explain one
 * vehicle's score) and return it; src/ui/today.ts renders it, src/commands/today.ts
 * joins the two.
 */
import { daysBetween } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { EXIT, RenewError } from '../../errors.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { assertVehicleInStore, readStore } from '../stores/scope.js';
import { type DueRow, isEmptyStore, plateCasesQuery } from './due-list.js';
import type { Settings } from '../../rules/settings.js';
import { seesEveryone } from '../../rules/roles.js';
import { assertAllowed } from '../team/access.js';
import { buildTodayQueue, GROUPS, type GroupName, openToday, type TodayEntry, type TodayOptions, type TodayPlan, type TodayQueue } from './groups.js';
import { attachQuoteStates, withQuoteStates } from './quote-state.js';
import { effectiveWeights, scorePriority, type Priority } from './priority.js';

export interface TodayRunOptions {
  /** 'YYYY-MM-DD'; default ctx.today. */
  date?: string | undefined;
  group?: GroupName | undefined;
  limit?: number | undefined;
  specialist?: string | undefined;
  /** Everyone's queue (`--all`): a lead's or manager's; a specialist is refused. */
  all?: boolean | undefined;
  format: 'screen' | 'json' | 'csv';
}

/** Rows per group on a TTY when neither --limit nor --group says otherwise. */
export const TTY_PAGE = 10;

/** Validates --group; the message lists the groups. */
export function parseGroup(value: string): GroupName {
  if ((GROUPS as readonly string[]).includes(value)) return value as GroupName;
  throw new RenewError('today.badGroup', { value, groups: GROUPS.join(', ') }, EXIT.usage);
}

/** Validates --limit: a whole number >= 1. */
export function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new RenewError('today.badLimit', { value }, EXIT.usage);
  return n;
}

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

function dayOptions(ctx: Pick<Context, 'now' | 'today'>, date: string | undefined, specialist?: string): TodayOptions {
  return { date: date ?? ctx.today, time: hhmm(ctx.now()), specialist };
}

async function assertHasPolicies(ctx: Pick<Context, 'db'>): Promise<void> {
  if (await isEmptyStore(ctx.db)) throw new RenewError('errors.emptyDatabase', {}, EXIT.failure, 'errors.emptyDatabaseHint');
}

/** An unknown --specialist is an error that lists the names the register knows (exit 64). */
export async function assertKnownSpecialist(ctx: Pick<Context, 'db'>, name: string | undefined): Promise<void> {
  if (name === undefined) return;
  // A known name is found at its first vehicle; only a wrong one reads every vehicle (for the list it names).
  if (await ctx.db.selectFrom('vehicles').select('id').where('specialist', '=', name).limit(1).executeTakeFirst()) return;
  const rows = await ctx.db.selectFrom('vehicles').select('specialist').distinct().where('specialist', 'is not', null).orderBy('specialist').execute();
  const known = rows.map((r) => r.specialist as string);
  if (!known.includes(name)) throw new RenewError('today.unknownSpecialist', { name, known: known.join(', ') || '-' }, EXIT.usage);
}

/**
 * What `renew today` shows, as data: either the queue to stream (--json, --csv, or
 * piped without --limit: every entry up to --limit per group, read as it is
 * written) or the counted and scored queue of the screen. src/ui/today.ts renders it.
 */
export type TodayResult = { certifiedUnset: boolean; team?: TeamView | undefined } & (
  | { kind: 'stream'; format: TodayRunOptions['format']; plan: TodayPlan; read: (g: GroupName) => AsyncIterable<TodayEntry> }
  | { kind: 'screen'; queue: TodayQueue }
);

/** A specialist's own queue on a store with users: whose it is, and the pool to take cases from. */
export interface TeamView {
  mine: string;
  pool: { entries: TodayEntry[]; total: number };
}

/** The groups a pool case may be called from (the sms group is the SMS batch's). */
const POOL_GROUPS = ['callbacks', 'calls', 'lapsed'] as const;

/**
 * Whose queue this is: a specialist on a store with users sees their own by default
 * (asking for everyone's, or another person's, needs a lead or manager); everyone
 * else sees what they asked for.
 */
async function queueOwner(ctx: Context, options: TodayRunOptions): Promise<{ specialist: string | undefined; mine?: string }> {
  const me = await ctx.member();
  if (me === null || seesEveryone(me.role)) {
    await assertKnownSpecialist(ctx, options.specialist);
    return { specialist: options.specialist };
  }
  if (options.all || (options.specialist !== undefined && options.specialist !== me.name)) assertAllowed(ctx, me, 'queue-all');
  return { specialist: me.name, mine: me.name };
}

/** The pool's first `limit` entries (all when undefined) over the dialling groups, and its size. */
async function poolOf(ctx: Context, settings: Settings, day: TodayOptions, limit: number | undefined): Promise<TeamView['pool']> {
  const queue = await buildTodayQueue(ctx.db, settings, { ...day, specialist: null, only: undefined, limit });
  const entries = POOL_GROUPS.flatMap((g) => queue.groups[g]);
  const total = POOL_GROUPS.reduce((n, g) => n + queue.totals[g], 0);
  return { entries: limit === undefined ? entries : entries.slice(0, limit), total };
}

export async function todayQueue(ctx: Context, options: TodayRunOptions): Promise<TodayResult> {
  await assertHasPolicies(ctx);
  const owner = await queueOwner(ctx, options);
  const store = await readStore(ctx);
  const settings = await ctx.settings(store);
  const certifiedUnset = settings.certified_insurers.length === 0;
  const day = { ...dayOptions(ctx, options.date, owner.specialist), store, only: options.group };
  const screenPage = ctx.isTTY && options.group === undefined ? TTY_PAGE : undefined;
  const team = owner.mine === undefined ? undefined : { mine: owner.mine, pool: await poolOf(ctx, settings, day, options.limit ?? screenPage) };
  if (options.format !== 'screen' || (!ctx.isTTY && options.limit === undefined)) {
    const plan = await openToday(ctx.db, settings, day);
    const read = (g: GroupName) => (plan.groups.includes(g) ? withQuoteStates(ctx.db, plan.entries(g, options.limit), plan.date) : none());
    return { kind: 'stream', format: options.format, certifiedUnset, team, plan, read };
  }
  // The screen counts and scores every candidate (the streamed exports gain nothing from it).
  ctx.store.tuneForReads();
  const queue = await buildTodayQueue(ctx.db, settings, { ...day, limit: options.limit ?? screenPage });
  if (options.group !== undefined) {
    // The headline counts every group, also when --group shows one.
    const all = await openToday(ctx.db, settings, { ...day, only: undefined });
    for (const g of GROUPS) if (g !== options.group) queue.totals[g] = await all.count(g);
  }
  await attachQuoteStates(ctx.db, [...queue.groups.callbacks, ...queue.groups.calls], queue.date);
  return { kind: 'screen', certifiedUnset, team, queue };
}

async function* none(): AsyncIterable<TodayEntry> {}

export interface Explanation {
  plate: string;
  end_date: string;
  days_left: number;
  /** The group the case is in today, or null (out of the window, waiting, hidden). */
  group: GroupName | null;
  priority: number;
  factors: Priority['factors'];
}

/** How one vehicle's score is made (its earliest open case). */
export async function explainPlate(ctx: Context, rawPlate: string, date: string | undefined): Promise<Explanation> {
  await assertHasPolicies(ctx);
  const vehicle = await findVehicle(ctx.db, rawPlate); // the one plate lookup: suffixes, suggestions
  await assertVehicleInStore(ctx, vehicle);
  const { plate } = vehicle;
  const rows = ((await plateCasesQuery(ctx.db, plate).execute()) as DueRow[]).filter((r) => r.status === 'open');
  const row = rows[0];
  if (!row) throw new RenewError('today.noOpenCase', { plate });
  const settings = await ctx.settings(vehicle.store ?? undefined);
  const day = dayOptions(ctx, date);
  // The same group queries as the queue: the group named is the one it is in today.
  const entry = await (await openToday(ctx.db, settings, day)).findCase(row.case_id);
  const daysLeft = daysBetween(day.date, row.due_date);
  const priority = entry?.priority ?? scorePriority(row, daysLeft, effectiveWeights(settings.priority_weights), settings.call_lead_days);
  return { plate, end_date: row.due_date, days_left: daysLeft, group: entry?.group ?? null, priority: priority.score, factors: priority.factors };
}
