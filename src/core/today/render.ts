/**
 * The morning queue as people and programs read it: a screen per group on a TTY,
 * one tab-separated table when piped, JSON, and CSV for Excel. Phones are shown in
 * full only where the specialist dials them (callbacks, calls); ID numbers are
 * always masked unless --reveal.
 */
import type { Io } from '../context.js';
import { csvDocument } from '../csv-write.js';
import { maskId, maskPhone } from '../mask.js';
import { yuan } from '../money.js';
import type { MessageKey } from '../../i18n/index.js';
import { GROUPS, type GroupName, type TodayEntry, type TodayQueue } from './groups.js';

type Out = Pick<Io, 't' | 'reveal' | 'color' | 'isTTY'>;

/** Groups whose phone numbers are dialled from this list. */
const DIAL_GROUPS: ReadonlySet<GroupName> = new Set(['callbacks', 'calls']);

export function shownPhone(entry: TodayEntry, reveal: boolean): string {
  return reveal || DIAL_GROUPS.has(entry.group) ? (entry.row.phone ?? '') : maskPhone(entry.row.phone);
}

export function kindsOf(entry: TodayEntry): ('compulsory' | 'commercial')[] {
  const kinds: ('compulsory' | 'commercial')[] = [];
  if (entry.row.compulsory_end !== null) kinds.push('compulsory');
  if (entry.row.commercial_end !== null) kinds.push('commercial');
  return kinds;
}

/** One entry as --json prints it. */
export function entryJson(entry: TodayEntry, reveal: boolean) {
  const r = entry.row;
  return {
    plate: r.plate,
    owner: r.owner,
    phone: shownPhone(entry, reveal),
    id_no: reveal ? r.id_no : maskId(r.id_no),
    end_date: r.due_date,
    days_left: entry.days_left,
    kinds: kindsOf(entry),
    compulsory_end: r.compulsory_end,
    commercial_end: r.commercial_end,
    ends_differ: entry.ends_differ,
    insurer: r.last_insurer,
    last_premium: yuan(r.last_premium_cents),
    attempts: r.attempts,
    unanswered: r.unanswered,
    loan: r.installment === 1,
    specialist: r.specialist,
    callback_at: entry.group === 'callbacks' ? entry.callback_at : null,
    do_not_call: entry.do_not_call,
    priority: entry.priority.score,
  };
}

export type Limited = Record<GroupName, { shown: TodayEntry[]; total: number }>;

/** Keeps the first `limit` entries of each group (all when undefined). */
export function limitGroups(queue: TodayQueue, only: GroupName | undefined, limit: number | undefined): Limited {
  const out = {} as Limited;
  for (const g of GROUPS) {
    const all = only === undefined || only === g ? queue.groups[g] : [];
    out[g] = { shown: limit === undefined ? all : all.slice(0, limit), total: all.length };
  }
  return out;
}

export function todayJson(queue: TodayQueue, limited: Limited, reveal: boolean) {
  const doc: Record<string, unknown> = { date: queue.date, calling_hours: queue.calling_hours, calling_now: queue.calling_now };
  for (const g of GROUPS) doc[g] = limited[g].shown.map((e) => entryJson(e, reveal));
  return doc;
}

const CSV_HEADER = [
  'group', 'plate', 'owner', 'phone', 'id_no', 'end_date', 'days_left', 'kinds', 'compulsory_end', 'commercial_end',
  'insurer', 'last_premium', 'attempts', 'loan', 'specialist', 'callback_at', 'priority',
] as const;

function flatRow(entry: TodayEntry, reveal: boolean): (string | number | null)[] {
  const j = entryJson(entry, reveal);
  return [
    entry.group, j.plate, j.owner, j.phone, j.id_no, j.end_date, j.days_left, j.kinds.join('+'), j.compulsory_end, j.commercial_end,
    j.insurer, j.last_premium, j.attempts, j.loan ? 1 : 0, j.specialist, j.callback_at, j.priority,
  ];
}

/** The same rows as --json, for Excel: UTF-8 with BOM, formula-looking cells neutralised. */
export function todayCsv(limited: Limited, reveal: boolean): string {
  return csvDocument([...CSV_HEADER], GROUPS.flatMap((g) => limited[g].shown.map((e) => flatRow(e, reveal))));
}

/** Piped output: one tab-separated table with a group column (grep/cut friendly). */
export async function todayTsv(limited: Limited, reveal: boolean): Promise<string> {
  const { tsv } = await import('../../ui/plain-text.js');
  const rows = GROUPS.flatMap((g) => limited[g].shown.map((e) => flatRow(e, reveal).map((c) => (c === null ? '' : String(c)))));
  return tsv([...CSV_HEADER], rows);
}

interface Column {
  head: MessageKey;
  cell: (e: TodayEntry) => string;
  right?: boolean;
}

/** The screen: a header with counts, then one table per non-empty group. */
export async function todayScreen(queue: TodayQueue, limited: Limited, out: Out, only: GroupName | undefined): Promise<string> {
  const { makeChalk, boxTable } = await import('../../ui/terminal.js');
  const { t } = out;
  const c = makeChalk(out.color);
  const urgent = (days: number, text: string) => (days <= 7 ? c.red(text) : days <= 15 ? c.yellow(text) : text);
  const ends = (e: TodayEntry) =>
    e.ends_differ
      ? `${t('today.kind.compulsory')} ${e.row.compulsory_end}\n${t('today.kind.commercial')} ${e.row.commercial_end} ${c.yellow(t('today.endsDiffer'))}`
      : e.row.due_date;
  const phone = (e: TodayEntry) => shownPhone(e, out.reveal);
  const id = (e: TodayEntry) => (out.reveal ? (e.row.id_no ?? '') : maskId(e.row.id_no));
  const common = {
    plate: { head: 'today.col.plate', cell: (e) => e.row.plate },
    owner: { head: 'today.col.owner', cell: (e) => e.row.owner ?? '' },
    phone: { head: 'today.col.phone', cell: phone },
    id: { head: 'today.col.id', cell: id },
    ends: { head: 'today.col.ends', cell: ends },
    daysLeft: { head: 'today.col.daysLeft', cell: (e) => urgent(e.days_left, String(e.days_left)), right: true },
    insurer: { head: 'today.col.insurer', cell: (e) => e.row.last_insurer ?? '' },
    attempts: { head: 'today.col.attempts', cell: (e) => String(e.row.attempts), right: true },
    priority: { head: 'today.col.priority', cell: (e) => c.bold(e.priority.score.toFixed(1)), right: true },
    loan: { head: 'today.col.loan', cell: (e) => (e.row.installment ? t('today.yes') : '') },
  } satisfies Record<string, Column>;
  const columns: Record<GroupName, Column[]> = {
    callbacks: [
      { head: 'today.col.callbackAt', cell: (e) => e.callback_at ?? '' },
      common.plate, common.owner, common.phone, common.id, common.ends, common.attempts, common.priority,
    ],
    calls: [common.priority, common.plate, common.owner, common.phone, common.id, common.ends, common.daysLeft, common.insurer, common.attempts, common.loan],
    sms: [common.plate, common.owner, common.phone, common.ends, common.daysLeft],
    lapsed: [
      common.plate, common.owner, common.phone, common.ends,
      { head: 'today.col.daysLapsed', cell: (e) => c.red(String(-e.days_left)), right: true },
      common.insurer,
      { head: 'today.col.note', cell: (e) => (e.do_not_call ? t('today.doNotCall') : '') },
    ],
  };
  const counts = GROUPS.map((g) => `${t(`today.group.${g}`)} ${limited[g].total}`).join(' · ');
  let text = c.bold(t('today.header', { date: queue.date, counts })) + '\n';
  if (!queue.calling_now) text += c.yellow(t('today.outsideHours', { hours: queue.calling_hours })) + '\n';
  if (queue.truncated) text += c.yellow(t('today.truncated', { scanned: queue.truncated.scanned, over: queue.truncated.over })) + '\n';
  if (queue.waiting > 0) text += t('today.waiting', { count: queue.waiting }) + '\n';
  for (const g of GROUPS) {
    const { shown, total } = limited[g];
    if (total === 0 || (only !== undefined && only !== g)) continue;
    const note = (g === 'calls' || g === 'callbacks') && !queue.calling_now ? ` ${c.yellow(t('today.notNow'))}` : '';
    text += `\n${c.bold(t(`today.title.${g}`, { count: total }))}${note}\n`;
    const cols = columns[g];
    text += await boxTable(
      cols.map((col) => t(col.head)),
      shown.map((e) => cols.map((col) => col.cell(e))),
      { color: out.color, align: cols.map((col) => (col.right ? 'right' : 'left')) },
    );
    if (shown.length < total) text += c.dim(t('today.more', { count: total - shown.length, group: g })) + '\n';
  }
  return text;
}

/** Nothing in any group. */
export function isEmptyDay(limited: Limited): boolean {
  return GROUPS.every((g) => limited[g].total === 0);
}
