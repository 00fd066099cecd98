/**
 * The interactive call, as a list of steps (create-astro style): each step takes
 * only the parts of the Context it needs and the session so far, prints its stage
 * of the script and asks as little as possible, with defaults that make the usual
 * answer one Enter. Nothing is written here: the flow ends with an OutcomeEntry
 * that outcome.ts validates and records, so Ctrl-C at any prompt leaves no trace.
 */
import type { Context } from '../context.js';
import type { PolicyKind, QuoteRow } from '../../storage/schema.js';
import { rowTotal } from '../../storage/queries/quotes.js';
import { askQuoteEntry } from '../quote/ask.js';
import { loadCoverages } from '../quote/coverages.js';
import { checkedQuote } from '../quote/record.js';
import type { Quote as InsurerQuote } from '../quote/types.js';
import { quotedKinds } from './from-quote.js';
import { addDays, parseDateArg } from '../../rules/clock.js';
import { RenewError } from '../../errors.js';
import { reasonForObjections } from '../loss-reasons.js';
import { canonicalInsurer } from '../insurers.js';
import { formatYuan } from '../../rules/money.js';
import { type CallFacts, caseKinds, kindEnd, lastPremium } from './facts.js';
import { nearHoliday } from './holiday.js';
import { nextFreeSlot, parseSpokenDate, parseSpokenTime, spokenDateTime } from './when.js';
import { MAX_COMPULSORY_CENTS, MAX_TOTAL_CENTS, type OutcomeEntry, assertCertifiedListSet, parseNext, parsePolicyNo, parsePremium, parseUntil } from './outcome.js';
import { type ScriptVars, fillLine, fillReadback, kindName, readbackVars } from './placeholders.js';
import type { CallScript } from './script.js';
import { askEdit, DETAIL_FIELDS, runEdit } from '../archive/edit.js';

export interface Quote {
  insurer: string;
  kinds: PolicyKind[];
  cents: Partial<Record<PolicyKind, number>>;
  starts: Partial<Record<PolicyKind, string>>;
  /** A stored quote picked: a renewal takes its insurer and premiums from it, as `--quote ID` does. */
  storedId?: number;
  /** A quote entered during the call: stored with the call's event, as `renew quote` stores it. */
  entered?: InsurerQuote;
}

/**
 * How the call screen marks its text: the command passes the terminal's colours
 * (src/ui/call-paint.ts); without them, plain text (PLAIN_PAINT), as piped output and
 * NO_COLOR want it. The feature decides what is said, the UI how it looks.
 */
export interface CallPaint {
  /** The header line (plate, customer, phone, due). */
  header(text: string): string;
  /** A stage heading: ── 报价 ──. */
  stage(text: string): string;
  /** An objection's heading. */
  objection(text: string): string;
  /** The arrow before an objection's follow-up question. */
  arrow(text: string): string;
  warning(text: string): string;
  error(text: string): string;
}

const plain = (text: string) => text;
export const PLAIN_PAINT: CallPaint = { header: plain, stage: plain, objection: plain, arrow: plain, warning: plain, error: plain };

export interface CallSession {
  paint: CallPaint;
  /** 'YYYY-MM-DD' when the call began. */
  today: string;
  facts: CallFacts;
  script: CallScript;
  vars: ScriptVars;
  /** Objection ids in the order raised (each once). */
  objections: string[];
  quote?: Quote;
  /** The case's stored quotes still valid today, cheapest first: the quote stage offers them. */
  storedQuotes?: readonly QuoteRow[];
  /** Set once the call has an outcome. */
  entry?: OutcomeEntry;
}

type Say = Pick<Context, 'out' | 't'>;
type Ask = Pick<Context, 'prompter' | 't'>;
/** A step may hang up early (nobody answered): the remaining steps are skipped. */
type Step = (ctx: Context, s: CallSession) => Promise<'hang_up' | void>;

/** The steps of a call, in order. */
export const CALL_STEPS: readonly Step[] = [
  (ctx, s) => opening(ctx, s),
  (ctx, s) => answered(ctx, s),
  (ctx, s) => needs(ctx, s),
  (ctx, s) => conversation(ctx, s),
  (ctx, s) => closing(ctx, s),
  (ctx, s) => askNote(ctx, s),
];

/** Runs the steps; returns what to record (without duration and specialist, which the caller adds). */
export async function runCallFlow(ctx: Context, s: CallSession): Promise<OutcomeEntry> {
  for (const step of CALL_STEPS) {
    if ((await step(ctx, s)) === 'hang_up') break;
  }
  if (!s.entry) throw new Error('internal: the call ended without an outcome');
  return { ...s.entry, objections: s.objections };
}

function section(ctx: Say, s: Pick<CallSession, 'paint'>, titleKey: Parameters<Context['t']>[0]): void {
  ctx.out.write(`\n${s.paint.stage(`── ${ctx.t(titleKey)} ──`)}\n`);
}

function say(ctx: Say, lines: readonly string[], vars: ScriptVars): void {
  for (const line of lines) ctx.out.write(`  ${fillLine(line, vars)}\n`);
}

/** Turns a RenewError into the prompt's inline complaint, so a typo is re-asked, not fatal. */
function check(ctx: Pick<Context, 't'>, parse: () => unknown): true | string {
  try {
    parse();
    return true;
  } catch (e) {
    if (e instanceof RenewError) return ctx.t(e.key, e.vars);
    throw e;
  }
}

async function opening(ctx: Say, s: CallSession): Promise<void> {
  const v = s.facts.vehicle;
  ctx.out.write(s.paint.header(ctx.t('call.header', { plate: v.plate, customer: s.vars.customer ?? '', phone: v.phone ?? '—', due: s.facts.case.due_date, days: s.vars.days_left ?? '' })) + '\n');
  if (v.do_not_call_until && v.do_not_call_until > s.today) {
    ctx.out.write(s.paint.warning(ctx.t('call.doNotCallWarning', { until: v.do_not_call_until })) + '\n');
  }
  section(ctx, s, 'call.stage.opening');
  say(ctx, s.script.opening, s.vars);
  if (v.installment) {
    section(ctx, s, 'call.stage.loan');
    say(ctx, s.script.loan, s.vars);
  }
}

async function answered(ctx: Ask, s: CallSession): Promise<'hang_up' | void> {
  const answer = await ctx.prompter.select(ctx.t('call.ask.answered'), [
    { value: 'answered', name: ctx.t('call.answer.answered') },
    { value: 'no_answer', name: ctx.t('call.answer.noAnswer') },
    { value: 'unreachable', name: ctx.t('call.answer.unreachable') },
  ] as const, { default: 'answered' });
  if (answer === 'answered') return;
  s.entry = { outcome: answer };
  return 'hang_up';
}

async function needs(ctx: Say, s: CallSession): Promise<void> {
  section(ctx, s, 'call.stage.needs');
  say(ctx, s.script.needs, s.vars);
}

type Action = 'quote' | 'close' | 'edit' | 'do_not_call' | 'not_sold' | 'lost' | `objection:${string}`;

/**
 * The menu the specialist returns to: quote, close, any objection, or end the call
 * not sold. The endings sit at the bottom so one Up arrow (the menu wraps) reaches them.
 */
async function conversation(ctx: Context, s: CallSession): Promise<void> {
  const loan = Boolean(s.facts.vehicle.installment);
  const objections = s.script.objections.filter((o) => o.id !== 'loan' || loan);
  while (!s.entry) {
    const choices = [
      { value: 'quote' as Action, name: ctx.t(s.quote ? 'call.menu.requote' : 'call.menu.quote') },
      { value: 'close' as Action, name: ctx.t('call.menu.close') },
      ...objections.map((o) => ({ value: `objection:${o.id}` as Action, name: ctx.t('call.menu.objection', { label: o.label }) })),
      { value: 'edit' as Action, name: ctx.t('call.menu.edit') },
      { value: 'do_not_call' as Action, name: ctx.t('call.menu.doNotCall') },
      { value: 'not_sold' as Action, name: ctx.t('call.menu.notSold') },
      { value: 'lost' as Action, name: ctx.t('call.menu.lost') },
    ];
    const action = await ctx.prompter.select<Action>(ctx.t('call.ask.next'), choices, { default: s.quote ? 'close' : 'quote' });
    if (action === 'quote') await quote(ctx, s);
    else if (action === 'close') await close(ctx, s);
    else if (action === 'not_sold') await notSold(ctx, s);
    else if (action === 'lost') await lost(ctx, s);
    else if (action === 'do_not_call') await doNotCall(ctx, s);
    else if (action === 'edit') await editDetails(ctx, s);
    else objection(ctx, s, action.slice('objection:'.length));
  }
}

/**
 * The customer's details changed (a new phone, a move, the loan paid off): `renew edit`
 * without leaving the call, kept in the register at once. A typo is said and the call
 * goes on; the car's status and plate are not changed mid-call.
 */
async function editDetails(ctx: Context, s: CallSession): Promise<void> {
  const options = await askEdit(ctx, s.facts.vehicle, DETAIL_FIELDS);
  try {
    await runEdit(ctx, s.facts.vehicle.plate, options);
  } catch (e) {
    if (!(e instanceof RenewError)) throw e;
    ctx.out.write(`${s.paint.warning(ctx.t(e.key, e.vars))}\n`);
  }
}

function objection(ctx: Say, s: CallSession, id: string): void {
  const o = s.script.objections.find((x) => x.id === id);
  if (!o) return;
  if (!s.objections.includes(id)) s.objections.push(id);
  ctx.out.write(`\n${s.paint.objection(`── ${ctx.t('call.stage.objection', { label: o.label })} ──`)}\n`);
  o.answers.forEach((answer, i) => ctx.out.write(`  ${i + 1}. ${fillLine(answer, s.vars)}\n`));
  ctx.out.write(`  ${s.paint.arrow('→')} ${fillLine(o.follow_up, s.vars)}\n`);
}

/** Insurer (certified only), kinds, each kind's premium and start: last year's values are the defaults. */
async function quote(ctx: Context, s: CallSession): Promise<void> {
  section(ctx, s, 'call.stage.quote');
  say(ctx, s.script.quote, s.vars);
  const { insurers, case: c, policies } = s.facts;
  assertCertifiedListSet(insurers); // no list set: refuse before any price is asked
  if (s.storedQuotes && s.storedQuotes.length > 0) return pickQuote(ctx, s, s.storedQuotes);
  const previous = s.quote?.insurer ?? canonicalInsurer(c.last_insurer, s.facts.aliases);
  const insurer = await ctx.prompter.select(
    ctx.t('call.ask.insurer'),
    insurers.map((name) => ({ value: name, name })),
    { default: previous && insurers.includes(previous) ? previous : insurers[0] },
  );
  const usual = caseKinds(c);
  const kindChoice = await ctx.prompter.select(ctx.t('call.ask.kinds'), [
    { value: 'both', name: ctx.t('call.kind.both') },
    { value: 'compulsory', name: ctx.t('call.kind.compulsory') },
    { value: 'commercial', name: ctx.t('call.kind.commercial') },
  ] as const, { default: usual.length === 2 ? 'both' : (usual[0] as PolicyKind) });
  const kinds: PolicyKind[] = kindChoice === 'both' ? ['compulsory', 'commercial'] : [kindChoice];
  const q: Quote = { insurer, kinds, cents: {}, starts: {} };
  for (const kind of kinds) {
    const last = s.quote?.cents[kind] ?? lastPremium(policies, kind);
    const max = kind === 'compulsory' ? MAX_COMPULSORY_CENTS : MAX_TOTAL_CENTS;
    const raw = await ctx.prompter.input(ctx.t('call.ask.premium', { kind: kindName(ctx, kind) }), {
      default: last === null ? undefined : (last / 100).toFixed(2),
      validate: (v) => check(ctx, () => parsePremium(v, kindName(ctx, kind), max)),
    });
    q.cents[kind] = parsePremium(raw, kindName(ctx, kind), max);
    q.starts[kind] = await ctx.prompter.input(ctx.t('call.ask.start', { kind: kindName(ctx, kind) }), {
      default: s.quote?.starts[kind] ?? addDays(kindEnd(c, kind), 1),
      validate: (v) => check(ctx, () => parseDateArg(v, kindName(ctx, kind))),
    });
  }
  s.quote = q;
  ctx.out.write(`  ${ctx.t('call.quoteSummary', { insurer, total: formatYuan(quoteTotal(q)) })}\n`);
}

/**
 * The case has valid stored quotes: pick one (insurer, plan, total and validity shown) or
 * enter a new one with `renew quote`'s questions and checks; then each kind's start.
 */
async function pickQuote(ctx: Context, s: CallSession, stored: readonly QuoteRow[]): Promise<void> {
  const NEW = 'new';
  const choice = await ctx.prompter.select(ctx.t('call.ask.pickQuote'), [
    ...stored.map((r) => ({
      value: String(r.id),
      name: ctx.t('call.pick.quote', { id: r.id, insurer: r.insurer, plan: r.plan ? ` ${r.plan}` : '', total: formatYuan(rowTotal(r)), date: r.valid_until }),
    })),
    { value: NEW, name: ctx.t('call.pick.new') },
  ], { default: String(s.quote?.storedId ?? (stored[0] as QuoteRow).id) });
  const row = stored.find((r) => String(r.id) === choice);
  let q: Quote;
  if (row) {
    q = { insurer: row.insurer, kinds: quotedKinds(row), cents: { compulsory: row.compulsory_cents, commercial: row.commercial_cents }, starts: {}, storedId: row.id };
  } else {
    const entered = await enterQuote(ctx, s);
    q = { insurer: entered.insurer, kinds: quotedKinds({ compulsory_cents: entered.compulsory, commercial_cents: entered.commercial }), cents: { compulsory: entered.compulsory, commercial: entered.commercial }, starts: {}, entered };
  }
  if (q.kinds.length === 0) q.kinds = caseKinds(s.facts.case);
  for (const kind of q.kinds) {
    q.starts[kind] = await ctx.prompter.input(ctx.t('call.ask.start', { kind: kindName(ctx, kind) }), {
      default: s.quote?.starts[kind] ?? addDays(kindEnd(s.facts.case, kind), 1),
      validate: (v) => check(ctx, () => parseDateArg(v, kindName(ctx, kind))),
    });
  }
  s.quote = q;
  ctx.out.write(`  ${ctx.t('call.quoteSummary', { insurer: q.insurer, total: formatYuan(quoteTotal(q)) })}\n`);
}

/** `renew quote`'s questions, asked again until the quote passes its checks (a refusal is shown, not fatal). */
async function enterQuote(ctx: Context, s: CallSession): Promise<InsurerQuote> {
  const { settings, aliases, insurers, policies, case: c } = s.facts;
  const catalogue = loadCoverages(ctx.dataDirs);
  for (;;) {
    const entry = await askQuoteEntry(ctx, { insurers, lastInsurer: canonicalInsurer(c.last_insurer, aliases), policies, validUntil: addDays(ctx.today, settings.quote_valid_days) });
    try {
      return checkedQuote(ctx, entry, { settings, aliases, catalogue });
    } catch (e) {
      if (!(e instanceof RenewError)) throw e;
      ctx.out.write(`  ${s.paint.error(ctx.t(e.key, e.vars))}\n`);
    }
  }
}

const quoteTotal = (q: Quote) => q.kinds.reduce((sum, k) => sum + (q.cents[k] ?? 0), 0);

/** What a quote contributes to the outcome entry (so callbacks and losses keep the price offered). */
function quoteEntry(q: Quote | undefined): OutcomeEntry {
  if (!q) return {};
  return {
    insurer: q.insurer,
    kind: q.kinds.length === 2 ? 'both' : q.kinds[0],
    compulsoryPremium: q.cents.compulsory !== undefined ? (q.cents.compulsory / 100).toFixed(2) : undefined,
    commercialPremium: q.cents.commercial !== undefined ? (q.cents.commercial / 100).toFixed(2) : undefined,
  };
}

/** Close and read back every detail; the renewal is recorded only once the customer confirms. */
async function close(ctx: Context, s: CallSession): Promise<void> {
  if (!s.quote) await quote(ctx, s);
  const q = s.quote as Quote;
  const rb = s.script.readback;
  const total = formatYuan(quoteTotal(q));
  section(ctx, s, 'call.stage.close');
  say(ctx, s.script.close, s.vars);
  ctx.out.write(`  ${fillReadback(rb.vehicle, readbackVars(s.facts, s.vars))}\n`);
  for (const kind of q.kinds) say(ctx, [rb.kind], { ...s.vars, kind_name: kindName(ctx, kind), insurer: q.insurer, premium: formatYuan(q.cents[kind]) });
  const starts = q.kinds.map((k) => q.starts[k] as string);
  if (new Set(starts).size === 1) say(ctx, [rb.start_same], { ...s.vars, start_date: starts[0] });
  else for (const kind of q.kinds) say(ctx, [rb.start_each], { ...s.vars, kind_name: kindName(ctx, kind), start_date: q.starts[kind] });
  say(ctx, [rb.total, ...rb.reminders, ...rb.delivery], { ...s.vars, insurer: q.insurer, total });
  if (await ctx.prompter.confirm(ctx.t('call.ask.confirmRenewal', { total }), { default: true })) {
    // A picked stored quote gives insurer and premiums itself (run.ts: entryFromQuote, as --quote ID).
    s.entry = { outcome: 'renewed', ...(q.storedId === undefined ? quoteEntry(q) : {}), start: [...starts].sort()[0], starts: q.starts, ...(await askPolicyNumbers(ctx, q.kinds)) };
  }
}

/** The new policies' numbers, when already issued: blank leaves them for the insurer's export to fill in. */
async function askPolicyNumbers(ctx: Ask, kinds: readonly PolicyKind[]): Promise<Pick<OutcomeEntry, 'policyNoCompulsory' | 'policyNoCommercial'>> {
  const numbers: Pick<OutcomeEntry, 'policyNoCompulsory' | 'policyNoCommercial'> = {};
  for (const kind of kinds) {
    const field = kind === 'compulsory' ? 'policyNoCompulsory' : 'policyNoCommercial';
    const raw = await ctx.prompter.input(ctx.t('archive.ask.policyNo', { kind: kindName(ctx, kind) }), {
      default: '',
      validate: (v) => check(ctx, () => parsePolicyNo(v, kindName(ctx, kind))),
    });
    if (raw.trim() !== '') numbers[field] = raw.trim();
  }
  return numbers;
}

/**
 * Not sold today: book the next contact (said as people say it: 明天, 周五, 12-08;
 * 15:00, 下午3点) and offer the quote. The defaults are the next free slot inside
 * calling hours, never "now".
 */
async function notSold(ctx: Context, s: CallSession): Promise<void> {
  const slot = nextFreeSlot(ctx.now(), s.facts.settings.calling_hours, s.facts.booked);
  const dateText = await ctx.prompter.input(ctx.t('call.ask.nextDate'), {
    default: slot.slice(0, 10),
    validate: (v) => check(ctx, () => parseSpokenDate(v, ctx.today) ?? parseDateArg(v, ctx.t('call.ask.nextDate'))),
  });
  const date = parseSpokenDate(dateText, ctx.today) as string;
  // Another day than the slot's: that day's first free slot.
  const dayStart = date === ctx.today ? ctx.now() : new Date(`${addDays(date, -1)}T23:59:00`);
  const daySlot = date === slot.slice(0, 10) ? slot : nextFreeSlot(dayStart, s.facts.settings.calling_hours, s.facts.booked);
  const timeText = await ctx.prompter.input(ctx.t('call.ask.nextTime'), {
    default: daySlot.slice(11, 16),
    validate: (v) => check(ctx, () => parseNext(`${date} ${parseSpokenTime(v) ?? v}`, ctx.now())),
  });
  const nextAt = parseNext(`${date} ${parseSpokenTime(timeText) ?? timeText}`, ctx.now());
  const channel = await ctx.prompter.select(ctx.t('call.ask.nextChannel'), [
    { value: 'phone', name: ctx.t('call.channel.phone') },
    { value: 'wechat', name: ctx.t('call.channel.wechat') },
    { value: 'visit', name: ctx.t('call.channel.visit') },
  ] as const, { default: 'phone' });
  section(ctx, s, 'call.stage.notSold');
  say(ctx, s.script.not_sold, { ...s.vars, next_at: spokenDateTime(nextAt, ctx.lang, ctx.today) });
  // The register has no column for the next contact's channel: it is kept in the note.
  const via = channel === 'phone' ? undefined : ctx.t('call.nextVia', { channel: ctx.t(`call.channel.${channel}`) });
  s.entry = { outcome: 'callback', next: nextAt, ...quoteEntry(s.quote), note: via };
}

/** Lost: the reason is pre-selected from the objections raised. */
async function lost(ctx: Context, s: CallSession): Promise<void> {
  const { reasons } = s.facts;
  const suggested = reasonForObjections(reasons, s.objections) ?? 'other';
  const reason = await ctx.prompter.select(
    ctx.t('call.ask.reason'),
    reasons.map((r) => ({ value: r.code, name: r.label[ctx.lang] })),
    { default: reasons.some((r) => r.code === suggested) ? suggested : reasons[0]?.code },
  );
  s.entry = { outcome: 'lost', reason, ...quoteEntry(s.quote) };
}

async function doNotCall(ctx: Context, s: CallSession): Promise<void> {
  const until = await ctx.prompter.input(ctx.t('call.ask.until'), {
    default: addDays(ctx.today, 90),
    validate: (v) => check(ctx, () => parseUntil(v, ctx.today)),
  });
  s.entry = { outcome: 'do_not_call', until };
}

/** Thanks, and a holiday greeting when a major holiday is at most a week away. */
async function closing(ctx: Say & Pick<Context, 'today' | 'lang'>, s: CallSession): Promise<void> {
  section(ctx, s, 'call.stage.closing');
  say(ctx, s.script.closing, s.vars);
  const holiday = await nearHoliday(ctx.today, ctx.lang);
  if (holiday) say(ctx, [s.script.holiday], { ...s.vars, holiday: holiday.name });
}

async function askNote(ctx: Ask, s: CallSession): Promise<void> {
  const note = await ctx.prompter.input(ctx.t(s.entry?.outcome === 'lost' ? 'call.ask.lostNote' : 'call.ask.note'), { default: '' });
  const entry = s.entry as OutcomeEntry;
  const parts = [entry.note, note.trim()].filter((x): x is string => Boolean(x));
  entry.note = parts.length > 0 ? parts.join('; ') : undefined;
}
