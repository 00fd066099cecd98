/**
 * `renew today` as a library call: build the queue for a day and print it in the
 * form asked for. The command file only parses argv into `TodayRunOptions`.
 */
import { daysBetween } from '../clock.js';
import type { Context } from '../context.js';
import { EXIT, RenewError } from '../errors.js';
import { normalizePlate } from '../plate.js';
import { loadSettings } from '../settings.js';
import { type DueRow, isEmptyStore, plateCasesQuery, unansweredOn } from './due-list.js';
import { buildTodayQueue, GROUPS, type GroupName, groupRows, type TodayOptions } from './groups.js';
import { effectiveWeights, scorePriority, type Priority } from './priority.js';
import { isEmptyDay, limitGroups, todayCsv, todayJson, todayScreen, todayTsv } from './render.js';

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

/**
 * What the everyday screen reads (see loadDueRows). Up to 2,000 candidates in the
 * window (a store of ~12,000 vehicles) everything is read and the queue is exact.
 * Past that, each candidate costs a random page read or two, so only the 200 most
 * urgent are read and the screen says so; --json, --csv and --group read everything.
 */
export const EVERYDAY_BUDGET = { exactUpTo: 2000, scan: 200 } as const;

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

export async function runToday(ctx: Context, options: TodayRunOptions): Promise<void> {
  await assertHasPolicies(ctx);
  const settings = await loadSettings(ctx.db);
  const everyday = options.format === 'screen' && options.group === undefined;
  const queue = await buildTodayQueue(ctx.db, settings, {
    ...dayOptions(ctx, options.date, options.specialist),
    only: options.group,
    budget: everyday ? EVERYDAY_BUDGET : undefined,
  });
  const screenPage = ctx.isTTY && options.format === 'screen' && options.group === undefined ? TTY_PAGE : undefined;
  const limited = limitGroups(queue, options.group, options.limit ?? screenPage);
  if (options.format === 'json') {
    const { printJson } = await import('../../ui/json.js');
    printJson(ctx.out, todayJson(queue, limited, ctx.reveal));
    return;
  }
  if (options.format === 'csv') {
    ctx.out.write(todayCsv(limited, ctx.reveal));
    return;
  }
  if (isEmptyDay(limited)) {
    (ctx.isTTY ? ctx.out : ctx.err).write(ctx.t('today.empty', { date: queue.date }) + '\n');
    return;
  }
  if (ctx.isTTY) {
    ctx.out.write(await todayScreen(queue, limited, ctx, options.group));
    return;
  }
  if (!queue.calling_now) ctx.err.write(ctx.t('today.outsideHours', { hours: queue.calling_hours }) + '\n');
  if (queue.truncated) ctx.err.write(ctx.t('today.truncated', { scanned: queue.truncated.scanned, over: queue.truncated.over }) + '\n');
  ctx.out.write(await todayTsv(limited, ctx.reveal));
}

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
  const plate = normalizePlate(rawPlate);
  const rows = ((await plateCasesQuery(ctx.db, plate).execute()) as DueRow[]).filter((r) => r.status === 'open');
  const row = rows[0];
  if (!row) throw new RenewError('today.noOpenCase', { plate });
  const settings = await loadSettings(ctx.db);
  const day = dayOptions(ctx, date);
  const queue = groupRows(rows, await unansweredOn(ctx.db, rows, day.date), settings, day);
  // A case can be in sms and a calling group at once; the calling group names it.
  const entry = (['callbacks', 'calls', 'lapsed', 'sms'] as const).map((g) => queue.groups[g].find((e) => e.row.case_id === row.case_id)).find(Boolean);
  const daysLeft = daysBetween(day.date, row.due_date);
  const priority = entry?.priority ?? scorePriority(row, daysLeft, effectiveWeights(settings.priority_weights), settings.call_lead_days);
  return { plate, end_date: row.due_date, days_left: daysLeft, group: entry?.group ?? null, priority: priority.score, factors: priority.factors };
}

export async function printExplanation(ctx: Context, e: Explanation, json: boolean): Promise<void> {
  if (json) {
    const { printJson } = await import('../../ui/json.js');
    printJson(ctx.out, e);
    return;
  }
  const { plainTable } = await import('../../ui/terminal.js');
  const { t } = ctx;
  const head = t('today.explain.header', {
    plate: e.plate,
    end: e.end_date,
    days: e.days_left,
    group: e.group ? t(`today.group.${e.group}`) : t('today.explain.noGroup'),
  });
  const rows = e.factors.map((f) => [t(`today.factor.${f.factor}`), String(f.value), String(f.weight), f.points.toFixed(1)]);
  rows.push([t('today.explain.total'), '', '', e.priority.toFixed(1)]);
  ctx.out.write(`${head}\n${plainTable([t('today.explain.factor'), t('today.explain.value'), t('today.explain.weight'), t('today.explain.points')], rows, ['l', 'r', 'r', 'r'])}`);
}
