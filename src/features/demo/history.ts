/**
 * A case's follow-up register as a specialist would have written it: the renewal
 * SMS two months ahead, calls from the call window on (unanswered, callbacks,
 * quotes), and for closed cases the outcome (renewed by phone and/or by an
 * imported new policy, or lost with a reason). Only days before today get events.
 */
import type { Channel, Outcome, PolicyKind } from '../../storage/schema.js';
import { dayNumber, dayText } from './calendar.js';
import type { DemoPolicy, DemoVehicle } from './fleet.js';
import { type Rng, type WeightTable, weights } from './random.js';

export interface DemoEvent {
  at: string;
  outcome: Outcome;
  channel: Channel;
  specialist: string | null;
  durationS: number | null;
  nextAt: string | null;
  reason: string | null;
  note: string | null;
  /** JSON array of objection ids, as the register stores it. */
  objections: string | null;
  insurer: string | null;
  kinds: string | null;
  compulsoryCents: number | null;
  commercialCents: number | null;
  premiumCents: number | null;
  startDate: string | null;
  until: string | null;
  /** For an import event: which of the vehicle's renewal policies it records. */
  renewalIndex: number | null;
}

/** A loss reason as the generator needs it: its code and the objections that lead to it. */
export interface ReasonChoice {
  code: string;
  objections: readonly string[];
}

export interface HistoryOptions {
  /** Today as a day number (calendar.ts); events land on earlier days only. */
  today: number;
  smsLeadDays: number;
  callLeadDays: number;
  reasons: WeightTable<ReasonChoice>;
}

/** How often each loss reason comes up; a code the store added gets weight 2. */
const REASON_WEIGHTS: Readonly<Record<string, number>> = {
  price: 28, telesales: 22, other_dealer: 14, acquaintance: 9, service: 6, sold: 7, scrapped: 2, moved: 4, unreachable: 4, other: 4,
};

export function reasonTable(reasons: readonly ReasonChoice[]): WeightTable<ReasonChoice> {
  return weights(reasons.map((r) => [r, REASON_WEIGHTS[r.code] ?? 2] as const));
}

const LOSS_NOTES: Readonly<Record<string, readonly string[]>> = {
  price: ['比了三家的价格，说我们贵了{n}百块', '觉得今年报价比去年高，不想续', '要再便宜{n}百才肯续，超出折扣权限'],
  telesales: ['保险公司电销直接打给客户，报价更低', '客户已经在保险公司 App 上自己买了'],
  other_dealer: ['朋友介绍的修理厂送两次保养，在那边买了', '在另一家 4S 店买的，说那边送了礼品'],
  acquaintance: ['亲戚在保险公司上班，交给亲戚办了', '同事帮忙买的，不好推掉'],
  service: ['上次理赔拖了很久，对我们不满意', '对上次保养的服务有意见，不想再来'],
  sold: ['车已经卖了，新车主联系方式没留', '车转给了家人，以后由对方自己办'],
  scrapped: ['车已报废注销'],
  moved: ['客户调到外地工作，车也开走了', '人已回老家，车在当地投保'],
  unreachable: ['多次打不通，号码可能已经停用', '一直无人接听，短信也没回'],
  other: ['暂时不想续，没有说原因'],
};
const CALLBACK_NOTES: readonly (readonly [note: string, objection: string | null])[] = [
  ['客户在开车，约晚点再打', null],
  ['说还没到期，快到期时再联系', 'not_due'],
  ['要和家里人商量一下', null],
  ['在外地出差，回来再谈', null],
  ['问有没有送保养或礼品，要先比较一下', 'gift'],
];
const QUOTE_NOTES: readonly (readonly [note: string, objection: string | null])[] = [
  ['已报价，客户考虑中', null],
  ['报价已发微信，客户说有点贵', 'too_expensive'],
  ['报了价，客户说电销那边更便宜，要再比比', 'telesales'],
  ['已报价，客户问老客户有没有优惠', 'loyal_discount'],
];
const RENEWED_NOTES = ['客户同意续保，已出单', '按报价续保，约好到店刷卡', '续保成功，客户要求保额不变'];

const PRE_CALL = weights([['no_answer', 40], ['unreachable', 5], ['callback', 35], ['quote', 20]] as const);

type Fate = 'renewed' | 'lost' | 'open' | 'do_not_call';

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A time during working hours on `day`. */
function workTime(rng: Rng, day: number): string {
  return `${dayText(day)} ${pad(rng.between(9, 19))}:${pad(rng.int(60))}:${pad(rng.int(60))}`;
}

/** Up to `count` distinct days in [from, to], in order. */
function spreadDays(rng: Rng, from: number, to: number, count: number): number[] {
  const span = to - from + 1;
  if (span <= 0 || count <= 0) return [];
  if (count >= span) return Array.from({ length: span }, (_, i) => from + i);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(from + rng.int(span));
  return [...picked].sort((a, b) => a - b);
}

function blankEvent(at: string, outcome: Outcome, channel: Channel, specialist: string | null): DemoEvent {
  return {
    at, outcome, channel, specialist, durationS: null, nextAt: null, reason: null, note: null, objections: null, insurer: null,
    kinds: null, compulsoryCents: null, commercialCents: null, premiumCents: null, startDate: null, until: null, renewalIndex: null,
  };
}

function kindsOf(policies: readonly DemoPolicy[]): string {
  return policies.map((p) => p.kind).join(',');
}

function premiumOf(policies: readonly DemoPolicy[], kind: PolicyKind): number | null {
  return policies.find((p) => p.kind === kind)?.premiumCents ?? null;
}

/** The register for the vehicle's current case, oldest first. */
export function buildHistory(v: DemoVehicle, o: HistoryOptions, rng: Rng): DemoEvent[] {
  let due = Infinity;
  for (const p of v.current) due = Math.min(due, dayNumber(p.endDate));
  const daysLeft = due - o.today;
  if (daysLeft > o.smsLeadDays) return [];
  const last = o.today - 1;
  const events: DemoEvent[] = [];

  const smsFrom = due - o.smsLeadDays;
  let callFrom = due - o.callLeadDays;
  if (smsFrom <= last && rng.chance(daysLeft > o.callLeadDays ? 0.7 : 0.92)) {
    const day = rng.between(smsFrom, Math.min(last, smsFrom + 10));
    events.push(blankEvent(workTime(rng, day), 'sms_sent', 'sms', v.specialist));
    callFrom = Math.max(callFrom, day + 1);
  }
  if (daysLeft > o.callLeadDays) return events;

  let fate: Fate;
  let callTo = last;
  let importDay: number | null = null;
  let phoneRenewal = true;
  if (daysLeft >= 0) {
    const progress = (o.callLeadDays - daysLeft) / o.callLeadDays;
    fate = rng.chance(0.45 * progress) ? 'renewed' : rng.chance(0.12 * progress) ? 'lost' : rng.chance(0.03) ? 'do_not_call' : 'open';
  } else {
    fate = v.pastFate === 'lapsed' || v.pastFate === null ? 'open' : v.pastFate;
    if (fate === 'renewed') {
      importDay = Math.min(last, rng.between(due - 20, due + 10));
      callTo = importDay - 1;
      phoneRenewal = rng.chance(0.8);
    } else {
      callTo = Math.min(last, due + (fate === 'lost' ? 20 : 40));
    }
  }

  const closing = fate === 'open' || (fate === 'renewed' && !phoneRenewal) ? 0 : 1;
  const preCalls = fate === 'open' ? 1 + rng.int(3) : rng.int(3);
  const days = spreadDays(rng, callFrom, callTo, preCalls + closing);
  // Too few days for the whole story: keep the ending, drop early calls.
  const finalDay = closing === 1 ? days.pop() : undefined;
  if (closing === 1 && finalDay === undefined && daysLeft >= 0) fate = 'open';

  // An open case is still being worked: its latest call is from the past week, so a callback it
  // booked falls due around today (overdue, today, or in the coming days), not months ago.
  const latest = days.length - 1;
  if (fate === 'open' && latest >= 0 && (days[latest] as number) < last - 6) {
    days[latest] = rng.between(Math.max(last - 6, (days[latest - 1] ?? callFrom - 1) + 1, callFrom), last);
  }
  for (const day of days) events.push(preCall(v, rng, day));
  if (finalDay !== undefined) events.push(closingCall(v, rng, fate, finalDay, o));
  if (importDay !== null) {
    const at = `${dayText(importDay)} 08:${pad(rng.between(10, 50))}:`;
    v.renewal.forEach((p, i) => {
      const e = blankEvent(`${at}${pad(i)}`, 'renewed', 'import', null);
      e.insurer = p.insurer;
      e.kinds = p.kind;
      e.premiumCents = p.premiumCents;
      e.startDate = p.startDate;
      e.renewalIndex = i;
      events.push(e);
    });
  }
  return events;
}

function preCall(v: DemoVehicle, rng: Rng, day: number): DemoEvent {
  const kind = rng.weighted(PRE_CALL);
  const at = workTime(rng, day);
  if (kind === 'no_answer' || kind === 'unreachable') return blankEvent(at, kind, 'phone', v.specialist);
  const e = blankEvent(at, 'callback', 'phone', v.specialist);
  e.durationS = rng.between(30, 420);
  e.nextAt = `${dayText(day + rng.between(1, 6))} ${pad(rng.between(10, 18))}:${rng.chance(0.5) ? '00' : '30'}`;
  const [note, objection] = rng.pick(kind === 'quote' ? QUOTE_NOTES : CALLBACK_NOTES);
  e.note = note;
  e.objections = objection ? JSON.stringify([objection]) : null;
  if (kind === 'quote') quote(v, rng, e);
  return e;
}

/** Fills a quote (or a renewal on the phone) from last year's premiums. */
function quote(v: DemoVehicle, rng: Rng, e: DemoEvent): void {
  const last = v.current;
  const commercial = premiumOf(last, 'commercial');
  e.insurer = (last[last.length - 1] as DemoPolicy).insurer;
  e.kinds = kindsOf(last);
  e.compulsoryCents = premiumOf(last, 'compulsory');
  e.commercialCents = commercial === null ? null : Math.round((commercial * (0.9 + rng.next() * 0.15)) / 10) * 10;
  e.premiumCents = (e.compulsoryCents ?? 0) + (e.commercialCents ?? 0);
}

function closingCall(v: DemoVehicle, rng: Rng, fate: Fate, day: number, o: HistoryOptions): DemoEvent {
  const at = workTime(rng, day);
  const e = blankEvent(at, fate === 'open' ? 'callback' : fate, 'phone', v.specialist);
  e.durationS = rng.between(60, 600);
  if (fate === 'renewed') {
    e.note = rng.pick(RENEWED_NOTES);
    if (v.renewal.length > 0) {
      // Past case: the call agreed what the imported policies later show.
      e.insurer = (v.renewal[v.renewal.length - 1] as DemoPolicy).insurer;
      e.kinds = kindsOf(v.renewal);
      e.compulsoryCents = premiumOf(v.renewal, 'compulsory');
      e.commercialCents = premiumOf(v.renewal, 'commercial');
      e.premiumCents = (e.compulsoryCents ?? 0) + (e.commercialCents ?? 0);
      e.startDate = (v.renewal[0] as DemoPolicy).startDate;
    } else {
      quote(v, rng, e);
      e.startDate = dayText(dayNumber((v.current[0] as DemoPolicy).endDate) + 1);
    }
  } else if (fate === 'lost') {
    const reason = rng.weighted(o.reasons);
    e.reason = reason.code;
    const notes = LOSS_NOTES[reason.code] ?? ['客户决定不在本店续保'];
    e.note = rng.pick(notes).replace('{n}', String(rng.between(2, 8)));
    if (reason.objections.length > 0) e.objections = JSON.stringify([rng.pick(reason.objections)]);
  } else if (fate === 'do_not_call') {
    e.until = dayText(day + rng.between(30, 120));
    e.note = '客户要求近期不要再打电话';
  }
  return e;
}
