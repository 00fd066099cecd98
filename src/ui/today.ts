/**
 * The morning queue as people and programs read it: a screen per group on a TTY,
 * one tab-separated table when piped, JSON, and CSV for Excel. Phones are shown in
 * full only where the specialist dials them (see `shownPhone`); ID numbers are
 * always masked unless --reveal.
 */
import type { Io } from '../features/context.js';
import { SET_CERTIFIED_COMMAND } from '../rules/settings.js';
import type { Explanation, TeamView, TodayResult } from '../features/today/run.js';
import { csvLine, UTF8_BOM } from '../features/csv-write.js';
import { maskId, maskPhone, shownPlate } from '../rules/mask.js';
import { formatYuan, yuan } from '../rules/money.js';
import type { MessageKey } from '../i18n/index.js';
import { tsvLine } from './plain-text.js';
import { GROUPS, type GroupName, type TodayEntry, type TodayQueue } from '../features/today/groups.js';

type Out = Pick<Io, 't' | 'reveal' | 'color' | 'isTTY' | 'columns'>;

/** Groups whose phone numbers are dialled from this list (the lapsed are called to win them back). */
const DIAL_GROUPS: ReadonlySet<GroupName> = new Set(['callbacks', 'calls', 'lapsed']);

/**
 * The one rule for a phone in the queue (docs/today.md): in full where the
 * specialist dials it (callbacks, calls, lapsed) unless the customer asked not to
 * be called; masked otherwise (the sms group: the SMS batch carries the number);
 * --reveal shows every number.
 */
export function shownPhone(entry: TodayEntry, reveal: boolean): string {
  const dialled = DIAL_GROUPS.has(entry.group) && !entry.do_not_call;
  return reveal || dialled ? (entry.row.phone ?? '') : maskPhone(entry.row.phone);
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
    plate: shownPlate(r.plate, reveal),
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
    ...(entry.quote ? { quote: { state: entry.quote.state, best_total: yuan(entry.quote.bestTotalCents) } } : {}),
  };
}

export type Limited = Record<GroupName, { shown: TodayEntry[]; total: number }>;

/** Each group's entries with its exact size. */
export function limitGroups(queue: TodayQueue): Limited {
  const out = {} as Limited;
  for (const g of GROUPS) out[g] = { shown: queue.groups[g], total: queue.totals[g] };
  return out;
}

/** What --json starts with (the groups follow). */
export interface TodayHead {
  date: string;
  calling_hours: string;
  calling_now: boolean;
}

const indent = (text: string, pad: string) => text.replace(/\n/g, `\n${pad}`);

/**
 * --json, written as it is read: the same text as JSON.stringify(doc, null, 2) of
 * `{date, calling_hours, calling_now, callbacks, calls, sms, lapsed}`, but one entry
 * at a time, so a whole window never sits in memory as one document.
 */
export async function writeTodayJson(out: Sink, head: TodayHead, groups: GroupReader, reveal: boolean, team?: TeamView): Promise<void> {
  const list = async function* (name: string, entries: AsyncIterable<TodayEntry> | Iterable<TodayEntry>) {
    yield `,\n  ${JSON.stringify(name)}: [`;
    let n = 0;
    for await (const e of entries) yield `${n++ === 0 ? '' : ','}\n    ${indent(JSON.stringify(entryJson(e, reveal), null, 2), '    ')}`;
    yield n === 0 ? ']' : '\n  ]';
  };
  await writeBuffered(out, (async function* () {
    yield `{\n  "date": ${JSON.stringify(head.date)},\n  "calling_hours": ${JSON.stringify(head.calling_hours)},\n  "calling_now": ${head.calling_now}`;
    for (const g of GROUPS) yield* list(g, groups(g));
    // A specialist's own queue (a store with users): whose, and the pool to take cases from.
    if (team) {
      yield `,\n  "mine": ${JSON.stringify(team.mine)},\n  "pool_total": ${team.pool.total}`;
      yield* list('pool', team.pool.entries);
    }
    yield '\n}\n';
  })());
}

type Sink = { write(s: string): unknown };
type GroupReader = (g: GroupName) => AsyncIterable<TodayEntry>;

/** Writes text pieces in chunks of about 64 KB (few writes, little held in memory). */
async function writeBuffered(out: Sink, parts: AsyncIterable<string>): Promise<void> {
  let text = '';
  for await (const part of parts) {
    text += part;
    if (text.length > 65536) {
      out.write(text);
      text = '';
    }
  }
  if (text) out.write(text);
}

const CSV_HEADER = [
  'group', 'plate', 'owner', 'phone', 'id_no', 'end_date', 'days_left', 'kinds', 'compulsory_end', 'commercial_end',
  'insurer', 'last_premium', 'attempts', 'loan', 'specialist', 'callback_at', 'priority',
] as const;

/** What the CSV and TSV exports need: --reveal and the user's words (en keeps the field names programs read). */
type Export = Pick<Io, 't' | 'reveal'>;

/** The header in the user's language: 车牌, 到期日... in zh-CN; plate, end_date... in en. */
const exportHeader = (t: Io['t']) => CSV_HEADER.map((field) => t(`today.csv.${field}` as MessageKey));

function flatRow(entry: TodayEntry, o: Export): (string | number | null)[] {
  const j = entryJson(entry, o.reveal);
  return [
    o.t(`today.group.${entry.group}`), j.plate, j.owner, j.phone, j.id_no, j.end_date, j.days_left,
    j.kinds.map((k) => o.t(`today.csv.kind.${k}`)).join('+'), j.compulsory_end, j.commercial_end,
    j.insurer, j.last_premium, j.attempts, j.loan ? 1 : 0, j.specialist, j.callback_at, j.priority,
  ];
}

/** The same rows as --json, for Excel: UTF-8 with BOM, formula-looking cells neutralised; written as read. */
export async function writeTodayCsv(out: Sink, groups: GroupReader, o: Export): Promise<void> {
  await writeBuffered(out, (async function* () {
    yield UTF8_BOM + csvLine(exportHeader(o.t));
    for (const g of GROUPS) for await (const e of groups(g)) yield csvLine(flatRow(e, o));
  })());
}

/** Piped output: one tab-separated table with a group column (grep/cut friendly). */
export function todayTsv(limited: Limited, o: Export): string {
  return tsvLine(exportHeader(o.t)) + GROUPS.map((g) => limited[g].shown.map((e) => tsvLine(flatRow(e, o))).join('')).join('');
}

/** The same table written as it is read; returns the number of rows (nothing, not even the header, when 0). */
export async function writeTodayTsv(out: Sink, groups: GroupReader, o: Export): Promise<number> {
  let n = 0;
  await writeBuffered(out, (async function* () {
    for (const g of GROUPS) for await (const e of groups(g)) yield (n++ === 0 ? tsvLine(exportHeader(o.t)) : '') + tsvLine(flatRow(e, o));
  })());
  return n;
}

interface Column {
  head: MessageKey;
  cell: (e: TodayEntry) => string;
  right?: boolean;
  /** Kept whatever the width: what the specialist needs to make the call. */
  keep?: boolean;
}

/**
 * The group's table at most `columns` wide: while a line is too long, the widest
 * column that may go is dropped (an ID number or an insurer before the phone).
 */
async function fittedTable(cols: readonly Column[], entries: readonly TodayEntry[], out: Out, t: Out['t']): Promise<string> {
  const { boxTable, displayWidth } = await import('./terminal.js');
  let shown = [...cols];
  for (;;) {
    const rows = entries.map((e) => shown.map((col) => col.cell(e)));
    const text = await boxTable(shown.map((col) => t(col.head)), rows, { color: out.color, align: shown.map((col) => (col.right ? 'right' : 'left')) });
    if (out.columns === undefined) return text;
    const width = Math.max(...text.split('\n').map((l) => displayWidth(l.replace(/\x1b\[[0-9;]*m/g, ''))));
    const droppable = shown.filter((col) => !col.keep);
    if (width <= out.columns || droppable.length === 0) return text;
    const widthOf = (col: Column) => Math.max(displayWidth(t(col.head)), ...entries.map((e) => Math.max(...col.cell(e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').map(displayWidth))));
    const widest = droppable.reduce((a, b) => (widthOf(b) > widthOf(a) ? b : a));
    shown = shown.filter((col) => col !== widest);
  }
}

/** The screen: a header with counts, then one table per non-empty group. */
export async function todayScreen(queue: TodayQueue, limited: Limited, out: Out, only: GroupName | undefined): Promise<string> {
  const { makeChalk } = await import('./terminal.js');
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
    plate: { head: 'today.col.plate', cell: (e) => shownPlate(e.row.plate, out.reveal), keep: true },
    owner: { head: 'today.col.owner', cell: (e) => e.row.owner ?? '' },
    phone: { head: 'today.col.phone', cell: phone, keep: true },
    id: { head: 'today.col.id', cell: id },
    ends: { head: 'today.col.ends', cell: ends },
    daysLeft: { head: 'today.col.daysLeft', cell: (e) => urgent(e.days_left, String(e.days_left)), right: true, keep: true },
    insurer: { head: 'today.col.insurer', cell: (e) => e.row.last_insurer ?? '' },
    attempts: { head: 'today.col.attempts', cell: (e) => String(e.row.attempts), right: true },
    priority: { head: 'today.col.priority', cell: (e) => c.bold(e.priority.score.toFixed(1)), right: true },
    loan: { head: 'today.col.loan', cell: (e) => (e.row.installment ? t('today.yes') : '') },
    quote: { head: 'quote.today.col', cell: (e) => quoteCell(e, t, c) },
  } satisfies Record<string, Column>;
  // The quote column appears once the store records quotes: a store that does not is not shown an empty column.
  const quoting = [...limited.callbacks.shown, ...limited.calls.shown].some((e) => e.quote && e.quote.state !== 'none');
  const withQuote = (cols: Column[]) => (quoting ? [...cols, common.quote] : cols);
  const columns: Record<GroupName, Column[]> = {
    callbacks: withQuote([
      { head: 'today.col.callbackAt', cell: (e) => e.callback_at ?? '', keep: true },
      common.plate, common.owner, common.phone, common.id, common.ends, common.attempts, common.priority,
    ]),
    calls: withQuote([common.priority, common.plate, common.owner, common.phone, common.id, common.ends, common.daysLeft, common.insurer, common.attempts, common.loan]),
    sms: [common.plate, common.owner, common.phone, common.ends, common.daysLeft],
    lapsed: [
      common.plate, common.owner, common.phone, common.ends,
      { head: 'today.col.daysLapsed', cell: (e) => c.red(String(-e.days_left)), right: true, keep: true },
      common.insurer,
      { head: 'today.col.note', cell: (e) => (e.do_not_call ? t('today.doNotCall') : '') },
    ],
  };
  const counts = GROUPS.map((g) => `${t(`today.group.${g}`)} ${limited[g].total}`).join(' · ');
  let text = c.bold(t('today.header', { date: queue.date, counts })) + '\n';
  if (!queue.calling_now) text += c.yellow(t('today.outsideHours', { hours: queue.calling_hours })) + '\n';
  if (queue.waiting > 0) text += t('today.waiting', { count: queue.waiting }) + '\n';
  for (const g of GROUPS) {
    const { shown, total } = limited[g];
    if (total === 0 || (only !== undefined && only !== g)) continue;
    const note = (g === 'calls' || g === 'callbacks') && !queue.calling_now ? ` ${c.yellow(t('today.notNow'))}` : '';
    text += `\n${c.bold(t(`today.title.${g}`, { count: total }))}${note}\n`;
    text += await fittedTable(columns[g], shown, out, t);
    if (shown.length < total) text += c.dim(t('today.more', { count: total - shown.length, group: g })) + '\n';
  }
  return text;
}

/** The pool under a specialist's own queue: the cases nobody is assigned, to take by calling one. */
async function poolScreen(pool: TeamView['pool'], out: Out): Promise<string> {
  if (pool.total === 0) return '';
  const { boxTable, makeChalk } = await import('./terminal.js');
  const { t } = out;
  const c = makeChalk(out.color);
  const rows = pool.entries.map((e) => [e.row.plate, e.row.owner ?? '', shownPhone(e, out.reveal), e.row.due_date, String(e.days_left), t(`today.group.${e.group}`)]);
  const head = [t('today.col.plate'), t('today.col.owner'), t('today.col.phone'), t('today.col.ends'), t('today.col.daysLeft'), ''];
  let text = `\n${c.bold(t('team.today.pool', { count: pool.total }))}\n`;
  text += await boxTable(head, rows, { color: out.color, align: ['left', 'left', 'left', 'left', 'right', 'left'] });
  if (pool.entries.length < pool.total) text += c.dim(t('team.today.more', { count: pool.total - pool.entries.length })) + '\n';
  return text;
}

/** A call's quote state as the screen shows it: 'none', the best total, or 'expired' in yellow. */
function quoteCell(e: TodayEntry, t: Io['t'], c: { yellow(s: string): string }): string {
  if (!e.quote || e.quote.state === 'none') return t('quote.today.none');
  if (e.quote.state === 'expired') return c.yellow(t('quote.today.expired'));
  return t('quote.today.best', { total: formatYuan(e.quote.bestTotalCents) });
}

/** Nothing in any group. */
export function isEmptyDay(limited: Limited): boolean {
  return GROUPS.every((g) => limited[g].total === 0);
}

type Screen = Pick<Io, 'out' | 'err' | 't' | 'reveal' | 'color' | 'isTTY' | 'columns'>;

/** `renew today`'s output: the streamed export, the screen on a TTY, or the TSV of the screen's rows when piped. */
export async function renderToday(o: Screen, result: TodayResult, only: GroupName | undefined): Promise<void> {
  if (result.certifiedUnset) o.err.write(o.t('call.certifiedUnset', { command: SET_CERTIFIED_COMMAND }) + '\n');
  if (result.kind === 'stream') {
    const { plan, read } = result;
    if (result.format === 'json') await writeTodayJson(o.out, plan, read, o.reveal, result.team);
    else if (result.format === 'csv') await writeTodayCsv(o.out, read, o);
    else {
      // Piped without --limit: the whole queue as TSV, line by line.
      if (!plan.calling_now) o.err.write(o.t('today.outsideHours', { hours: plan.calling_hours }) + '\n');
      if ((await writeTodayTsv(o.out, read, o)) === 0) o.err.write(o.t('today.empty', { date: plan.date }) + '\n');
    }
    return;
  }
  const { queue, team } = result;
  const limited = limitGroups(queue);
  if (team && o.isTTY) o.out.write(o.t('team.today.mine', { name: team.mine }) + '\n');
  if (isEmptyDay(limited)) {
    (o.isTTY ? o.out : o.err).write(o.t('today.empty', { date: queue.date }) + '\n');
    if (team && o.isTTY) o.out.write(await poolScreen(team.pool, o));
    return;
  }
  if (o.isTTY) {
    o.out.write(await todayScreen(queue, limited, o, only));
    if (team) o.out.write(await poolScreen(team.pool, o));
    return;
  }
  if (!queue.calling_now) o.err.write(o.t('today.outsideHours', { hours: queue.calling_hours }) + '\n');
  o.out.write(todayTsv(limited, o));
}

/** `renew today --explain`: the factors of one vehicle's score as a table, or as JSON. */
export async function printExplanation(o: Pick<Io, 'out' | 't' | 'reveal'>, explained: Explanation, json: boolean): Promise<void> {
  const e = { ...explained, plate: shownPlate(explained.plate, o.reveal) };
  if (json) {
    const { printJson } = await import('./json.js');
    printJson(o.out, e);
    return;
  }
  const { plainTable } = await import('./terminal.js');
  const { t } = o;
  const head = t('today.explain.header', {
    plate: e.plate,
    end: e.end_date,
    days: e.days_left,
    group: e.group ? t(`today.group.${e.group}`) : t('today.explain.noGroup'),
  });
  const rows = e.factors.map((f) => [t(`today.factor.${f.factor}`), String(f.value), String(f.weight), f.points.toFixed(1)]);
  rows.push([t('today.explain.total'), '', '', e.priority.toFixed(1)]);
  o.out.write(`${head}\n${plainTable([t('today.explain.factor'), t('today.explain.value'), t('today.explain.weight'), t('today.explain.points')], rows, ['l', 'r', 'r', 'r'])}`);
}
