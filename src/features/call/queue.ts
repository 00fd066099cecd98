/**
 * `renew call` with no plate: work through today's queue. The first entry (callbacks
 * due, then calls, then lapsed cars) opens at once; after each recorded outcome the
 * next one is offered, so a morning of calls needs no typing of plates.
 */
import type { Context } from '../context.js';
import type { RegisterEvent } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import type { Settings } from '../../rules/settings.js';
import { loadSettings } from '../../storage/queries/settings.js';
import { buildTodayQueue, type TodayEntry } from '../today/groups.js';
import { type CallOptions, runCall } from './run.js';

const CALL_GROUPS = ['callbacks', 'calls', 'lapsed'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/** The first entry of today's call groups whose case has not been called in this run. */
export async function nextInQueue(ctx: Pick<Context, 'db' | 'today' | 'now'>, settings: Settings, done: ReadonlySet<number>): Promise<TodayEntry | undefined> {
  const now = ctx.now();
  const queue = await buildTodayQueue(ctx.db, settings, { date: ctx.today, time: `${pad(now.getHours())}:${pad(now.getMinutes())}`, limit: done.size + 1 });
  for (const group of CALL_GROUPS) {
    const entry = queue.groups[group].find((e) => !done.has(e.row.case_id));
    if (entry) return entry;
  }
  return undefined;
}

/** Calls the queue's entries one after another until it is empty or the specialist stops. */
export async function runQueueCalls(ctx: Context, options: CallOptions): Promise<RegisterEvent[]> {
  if (!ctx.stdinIsTTY) throw new RenewError('call.plateNeeded', {}, EXIT.usage);
  const settings = await loadSettings(ctx.db);
  const done = new Set<number>();
  const events: RegisterEvent[] = [];
  for (;;) {
    const next = await nextInQueue(ctx, settings, done);
    if (!next) {
      ctx.err.write(ctx.t('call.queueDone', { count: events.length }) + '\n');
      return events;
    }
    if (events.length > 0) {
      const go = await ctx.prompter.confirm(ctx.t('call.ask.nextInQueue', { plate: next.row.plate, customer: next.row.owner ?? '' }), { default: true });
      if (!go) return events;
    }
    done.add(next.row.case_id);
    events.push(await runCall(ctx, next.row.plate, options));
  }
}
