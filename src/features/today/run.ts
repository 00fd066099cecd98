/**
 * `renew today` as a library call: build the queue for a day (or explain one
 * vehicle's score) and return it; src/ui/today.ts renders it, src/commands/today.ts
 * joins the two.
 */
import { daysBetween } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { EXIT, RenewError } from '../../errors.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { loadSettings } from '../../storage/queries/settings.js';
import { readStore } from '../stores/scope.js';
import { type DueRow, isEmptyStore, plateCasesQuery } from './due-list.js';
import { buildTodayQueue, GROUPS, type GroupName, openToday, type TodayEntry, type TodayOptions, type TodayPlan, type TodayQueue } from './groups.js';
import { attachQuoteStates, withQuoteStates } from './quote-state.js';
import { effectiveWeights, scorePriority, type Priority } from './priority.js';

export interface TodayRunOptions {
  /** 'YYYY-MM-DD'; default ctx.today. */
  date?: string | undefined;
  group?: GroupName | undefined;
  limit?: number | undefined;
  specialist?: string | undefined;
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
  const rows = await ctx.db.selectFrom('vehicles').select('specialist').distinct().where('specialist', 'is not', null).orderBy('specialist').execute();
  const known = rows.map((r) => r.specialist as string);
  if (!known.includes(name)) throw new RenewError('today.unknownSpecialist', { name, known: known.join(', ') || '-' }, EXIT.usage);
}

/**
 * What `renew today` shows, as data: either the queue to stream (--json, --csv, or
 * piped without --limit: every entry up to --limit per group, read as it is
 * written) or the counted and scored queue of the screen. src/ui/today.ts renders it.
 */
export type TodayResult = { certifiedUnset: boolean } & (
  | { kind: 'stream'; format: TodayRunOptions['format']; plan: TodayPlan; read: (g: GroupName) => AsyncIterable<TodayEntry> }
  | { kind: 'screen'; queue: TodayQueue }
);

export async function todayQueue(ctx: Context, options: TodayRunOptions): Promise<TodayResult> {
  await assertHasPolicies(ctx);
  await assertKnownSpecialist(ctx, options.specialist);
  const store = await readStore(ctx);
  const settings = await loadSettings(ctx.db, store);
  const certifiedUnset = settings.certified_insurers.length === 0;
  const day = { ...dayOptions(ctx, options.date, options.specialist), store, only: options.group };
  if (options.format !== 'screen' || (!ctx.isTTY && options.limit === undefined)) {
    const plan = await openToday(ctx.db, settings, day);
    const read = (g: GroupName) => (plan.groups.includes(g) ? withQuoteStates(ctx.db, plan.entries(g, options.limit), plan.date) : none());
    return { kind: 'stream', format: options.format, certifiedUnset, plan, read };
  }
  // The screen counts and scores every candidate (the streamed exports gain nothing from it).
  ctx.store.tuneForReads();
  const screenPage = ctx.isTTY && options.group === undefined ? TTY_PAGE : undefined;
  const queue = await buildTodayQueue(ctx.db, settings, { ...day, limit: options.limit ?? screenPage });
  if (options.group !== undefined) {
    // The headline counts every group, also when --group shows one.
    const all = await openToday(ctx.db, settings, { ...day, only: undefined });
    for (const g of GROUPS) if (g !== options.group) queue.totals[g] = await all.count(g);
  }
  await attachQuoteStates(ctx.db, [...queue.groups.callbacks, ...queue.groups.calls], queue.date);
  return { kind: 'screen', certifiedUnset, queue };
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
  const { plate } = await findVehicle(ctx.db, rawPlate); // the one plate lookup: suffixes, suggestions
  const rows = ((await plateCasesQuery(ctx.db, plate).execute()) as DueRow[]).filter((r) => r.status === 'open');
  const row = rows[0];
  if (!row) throw new RenewError('today.noOpenCase', { plate });
  const settings = await loadSettings(ctx.db);
  const day = dayOptions(ctx, date);
  // The same group queries as the queue: the group named is the one it is in today.
  const entry = await (await openToday(ctx.db, settings, day)).findCase(row.case_id);
  const daysLeft = daysBetween(day.date, row.due_date);
  const priority = entry?.priority ?? scorePriority(row, daysLeft, effectiveWeights(settings.priority_weights), settings.call_lead_days);
  return { plate, end_date: row.due_date, days_left: daysLeft, group: entry?.group ?? null, priority: priority.score, factors: priority.factors };
}
