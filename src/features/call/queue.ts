/**
 * `renew call` with no plate: work through today's queue. The first entry (callbacks
 * due, then calls, then lapsed cars) opens at once; after each recorded outcome the
 * next one is offered, so a morning of calls needs no typing of plates.
 */
import type { Context } from '../context.js';
import type { RegisterEvent } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import type { Settings } from '../../rules/settings.js';
import { buildTodayQueue, type TodayEntry } from '../today/groups.js';
import { type CallOptions, runCall } from './run.js';
import { claimFirstFree } from './claim.js';
import { seesEveryone } from '../../rules/roles.js';
import { releaseClaim } from '../../storage/queries/claims.js';
import { readStore } from '../stores/scope.js';

const CALL_GROUPS = ['callbacks', 'calls', 'lapsed'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/** How far down each group the next free case is looked for (others may be on the first few). */
const LOOK_AHEAD = 20;

/**
 * The first entry of today's call groups whose case has not been called in this run
 * and that nobody else is on, claimed for the caller (claim.ts). A specialist's
 * queue is their own cases, then the pool; a lead's or a single PC's, everyone's;
 * of one store's cases when `store` (a code) is given, as `renew today` reads them.
 */
export async function nextInQueue(
  ctx: Pick<Context, 'db' | 'store' | 'today' | 'now' | 'actor' | 'member' | 'settings' | 't' | 'err'>,
  settings: Settings,
  done: ReadonlySet<number>,
  store?: string,
): Promise<TodayEntry | undefined> {
  const now = ctx.now();
  const me = await ctx.member();
  const scopes: (string | null | undefined)[] = me && !seesEveryone(me.role) ? [me.name, null] : [undefined];
  const candidates: TodayEntry[] = [];
  for (const specialist of scopes) {
    const queue = await buildTodayQueue(ctx.db, settings, { date: ctx.today, time: `${pad(now.getHours())}:${pad(now.getMinutes())}`, limit: done.size + LOOK_AHEAD, specialist, store });
    for (const group of CALL_GROUPS) candidates.push(...queue.groups[group].filter((e) => !done.has(e.row.case_id)));
  }
  const caseId = await claimFirstFree(ctx, [...new Set(candidates.map((e) => e.row.case_id))]);
  return candidates.find((e) => e.row.case_id === caseId);
}

/** Calls the queue's entries one after another until it is empty or the specialist stops. */
export async function runQueueCalls(ctx: Context, options: CallOptions): Promise<RegisterEvent[]> {
  if (!ctx.stdinIsTTY) throw new RenewError('call.plateNeeded', {}, EXIT.usage);
  // The store `renew today` shows (--store, else the person's own): its cases and its settings.
  const store = await readStore(ctx);
  const settings = await ctx.settings(store);
  const done = new Set<number>();
  const events: RegisterEvent[] = [];
  for (;;) {
    const next = await nextInQueue(ctx, settings, done, store);
    if (!next) {
      ctx.err.write(ctx.t('call.queueDone', { count: events.length }) + '\n');
      return events;
    }
    done.add(next.row.case_id);
    if (events.length > 0) {
      const go = await ctx.prompter.confirm(ctx.t('call.ask.nextInQueue', { plate: next.row.plate, customer: next.row.owner ?? '' }), { default: true });
      if (!go) {
        await releaseOwnClaim(ctx, next.row.case_id);
        return events;
      }
    }
    events.push(await runCall(ctx, next.row.plate, options));
  }
}

/** The claim taken by nextInQueue on a case the caller then did not open. */
async function releaseOwnClaim(ctx: Pick<Context, 'store' | 'actor'>, caseId: number): Promise<void> {
  const actor = ctx.actor;
  if (actor !== null) await ctx.store.write((tx) => releaseClaim(tx, caseId, actor));
}
