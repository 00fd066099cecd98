/**
 * Turning what the specialist entered (flags or prompt answers, as text) into one
 * register event, with the same checks either way, and writing it in one
 * transaction. Nothing is written when any check fails.
 */
import type { Context } from '../context.js';
import type { CompetitorChannel, NewQuoteRow, Outcome, PolicyKind, RegisterEvent, RenewalCase, Vehicle } from '../../storage/schema.js';
import { insertQuote } from '../../storage/queries/quotes.js';
import { COMPETITOR_CHANNELS } from '../../rules/domain.js';
import { addDays, isoDateTime, parseDateArg } from '../../rules/clock.js';
import { EXIT, RenewError } from '../../errors.js';
import type { LossReason } from '../loss-reasons.js';
import { canonicalInsurer, type InsurerAliases } from '../insurers.js';
import { parseYuan } from '../../rules/money.js';
import { SET_CERTIFIED_COMMAND } from '../../rules/settings.js';
import { type EventInput, recordEvent } from '../../storage/queries/register.js';
import { caseKinds, kindEnd } from './facts.js';
import { parseSpokenNext } from './when.js';
import { policyYearEnd } from '../../rules/renewal.js';
import { SCIENTIFIC } from '../../rules/values.js';
import { moveVehicles } from '../../storage/queries/case-moves.js';
import { type ArchivedPolicyIn, archiveRenewedPolicies, withdrawRenewedPolicies } from '../../storage/queries/policy-archive.js';
import { markLeftByLossReason } from '../archive/edit.js';

/** Outcomes a call can record (sms_sent belongs to `renew sms`). */
export const CALL_OUTCOMES = ['renewed', 'callback', 'lost', 'no_answer', 'unreachable', 'do_not_call'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Above these a premium is a typing slip (an extra zero), not a quote. */
export const MAX_COMPULSORY_CENTS = 10_000_00;
export const MAX_TOTAL_CENTS = 300_000_00;

/** What was entered, as text: the command's flags, or the interactive answers. */
export interface OutcomeEntry {
  outcome?: string;
  insurer?: string;
  premium?: string;
  compulsoryPremium?: string;
  commercialPremium?: string;
  kind?: string;
  start?: string;
  /** Each kind's start as the interactive quote read it back (beats `start` and the default). */
  starts?: Partial<Record<PolicyKind, string>>;
  /** The new policies' numbers, when known at the close. */
  policyNoCompulsory?: string;
  policyNoCommercial?: string;
  next?: string;
  reason?: string;
  until?: string;
  note?: string;
  specialist?: string;
  objections?: readonly string[];
  durationS?: number;
  supersedesId?: number;
  /** A cheaper price the customer named elsewhere (yuan), and where (the price gap). */
  competitorPrice?: string;
  competitorChannel?: string;
}

type Field =
  | 'insurer' | 'premium' | 'compulsoryPremium' | 'commercialPremium' | 'kind' | 'start' | 'next' | 'reason' | 'until'
  | 'policyNoCompulsory' | 'policyNoCommercial' | 'competitorPrice' | 'competitorChannel';
const QUOTE_FIELDS: readonly Field[] = ['insurer', 'premium', 'compulsoryPremium', 'commercialPremium', 'kind'];
const COMPETITOR_FIELDS: readonly Field[] = ['competitorPrice', 'competitorChannel'];
/** Which fields each outcome accepts; anything else is a mistake worth naming. */
const FIELDS: Record<CallOutcome, readonly Field[]> = {
  renewed: [...QUOTE_FIELDS, ...COMPETITOR_FIELDS, 'start', 'policyNoCompulsory', 'policyNoCommercial'],
  callback: [...QUOTE_FIELDS, ...COMPETITOR_FIELDS, 'next'],
  lost: [...QUOTE_FIELDS, ...COMPETITOR_FIELDS, 'reason'],
  no_answer: [],
  unreachable: [],
  do_not_call: ['until'],
};
/** The flag a field comes from, for messages. */
export const FLAG: Record<Field, string> = {
  insurer: '--insurer', premium: '--premium', compulsoryPremium: '--compulsory-premium', commercialPremium: '--commercial-premium',
  kind: '--kind', start: '--start', next: '--next', reason: '--reason', until: '--until',
  policyNoCompulsory: '--policy-no-compulsory', policyNoCommercial: '--policy-no-commercial',
  competitorPrice: '--competitor-price', competitorChannel: '--competitor-channel',
};

export interface OutcomeRules {
  now: Date;
  today: string;
  /** Certified insurers, canonical names. */
  insurers: readonly string[];
  /** Maps an insurer as typed (中国人保, 人保财险) to its canonical name. */
  aliases: InsurerAliases;
  reasons: readonly LossReason[];
  case: Pick<RenewalCase, 'compulsory_end' | 'commercial_end' | 'due_date'>;
}

export type ValidatedOutcome = Omit<EventInput, 'caseId' | 'vehicleId' | 'at'> & {
  /** A renewal's new policies, one per kind renewed: what the archive stores. */
  policies?: ArchivedPolicyIn[];
  /** A quote entered during the call, stored with the event (a renewal's `quote_id` is then its id). */
  newQuote?: NewQuoteRow;
};

/** Checks an entry against the rules; throws a RenewError naming the first problem. */
export function validateOutcome(entry: OutcomeEntry, rules: OutcomeRules): ValidatedOutcome {
  const outcome = parseOutcome(entry.outcome);
  for (const field of Object.keys(FLAG) as Field[]) {
    if (entry[field] !== undefined && !FIELDS[outcome].includes(field)) {
      throw new RenewError('call.flagNotForOutcome', { flag: FLAG[field], outcome }, EXIT.usage);
    }
  }
  const result: ValidatedOutcome = {
    outcome,
    channel: 'phone',
    specialist: blankToNull(entry.specialist),
    note: blankToNull(entry.note),
    objections: entry.objections ?? [],
    durationS: entry.durationS ?? null,
    supersedesId: entry.supersedesId ?? null,
  };
  // No certified list, no renewal: an insurer merely seen in an import is not certified.
  if (outcome === 'renewed') assertCertifiedListSet(rules.insurers);
  const quoted = QUOTE_FIELDS.some((f) => entry[f] !== undefined);
  if (outcome === 'renewed' || quoted) Object.assign(result, validateQuote(entry, rules, outcome === 'renewed'));
  if (outcome === 'renewed') {
    result.startDate = parseStart(entry.start, result.kinds as PolicyKind[], rules);
    result.policies = newPolicies(entry, result, rules);
  }
  if (outcome === 'callback') result.nextAt = parseNext(entry.next, rules.now);
  if (outcome === 'lost') result.reason = parseReason(entry.reason, rules.reasons);
  if (outcome === 'do_not_call') result.until = parseUntil(entry.until, rules.today);
  if (entry.competitorPrice !== undefined || entry.competitorChannel !== undefined) Object.assign(result, parseCompetitor(entry));
  return result;
}

/** --competitor-price (required with --competitor-channel) and the channel, 'other' when not said. */
function parseCompetitor(entry: OutcomeEntry): Pick<ValidatedOutcome, 'competitorCents' | 'competitorChannel'> {
  if (entry.competitorPrice === undefined) throw new RenewError('quote.competitorPriceMissing', {}, EXIT.usage);
  const cents = parsePremium(entry.competitorPrice, '--competitor-price', MAX_TOTAL_CENTS);
  const channel = entry.competitorChannel?.trim() || 'other';
  if (!(COMPETITOR_CHANNELS as readonly string[]).includes(channel)) {
    throw new RenewError('quote.badCompetitorChannel', { value: channel, channels: COMPETITOR_CHANNELS.join(', ') }, EXIT.usage);
  }
  return { competitorCents: cents, competitorChannel: channel as CompetitorChannel };
}

export function parseOutcome(raw: string | undefined): CallOutcome {
  if (raw === undefined) throw new RenewError('call.outcomeMissing', { outcomes: CALL_OUTCOMES.join(', ') }, EXIT.usage);
  if (!(CALL_OUTCOMES as readonly string[]).includes(raw)) throw new RenewError('call.badOutcome', { value: raw, outcomes: CALL_OUTCOMES.join(', ') }, EXIT.usage);
  return raw as CallOutcome;
}

/** Insurer (certified only), kinds and premiums; `required` for a renewal. */
function validateQuote(entry: OutcomeEntry, rules: OutcomeRules, required: boolean): Partial<ValidatedOutcome> {
  const insurer = entry.insurer === undefined ? undefined : canonicalInsurer(entry.insurer, rules.aliases);
  if (insurer === undefined || insurer === '') {
    if (required) throw new RenewError('call.insurerMissing', { insurers: rules.insurers.join('、') }, EXIT.usage);
  } else {
    checkInsurer(insurer, rules.insurers);
  }
  const kinds = parseKind(entry.kind, caseKinds(rules.case));
  let compulsory = entry.compulsoryPremium !== undefined ? parsePremium(entry.compulsoryPremium, '--compulsory-premium', MAX_COMPULSORY_CENTS) : null;
  let commercial = entry.commercialPremium !== undefined ? parsePremium(entry.commercialPremium, '--commercial-premium', MAX_TOTAL_CENTS) : null;
  if (compulsory !== null && !kinds.includes('compulsory')) throw new RenewError('call.premiumKindMismatch', { flag: '--compulsory-premium', kinds: kinds.join(',') }, EXIT.usage);
  if (commercial !== null && !kinds.includes('commercial')) throw new RenewError('call.premiumKindMismatch', { flag: '--commercial-premium', kinds: kinds.join(',') }, EXIT.usage);
  let total = entry.premium !== undefined ? parsePremium(entry.premium, '--premium', MAX_TOTAL_CENTS) : null;
  const splitComplete = kinds.every((k) => (k === 'compulsory' ? compulsory : commercial) !== null);
  if (total === null && splitComplete && (compulsory !== null || commercial !== null)) total = (compulsory ?? 0) + (commercial ?? 0);
  if (total === null && (required || compulsory !== null || commercial !== null)) {
    throw new RenewError('call.premiumMissing', {}, EXIT.usage);
  }
  if (total !== null && splitComplete && (compulsory ?? 0) + (commercial ?? 0) !== total) {
    throw new RenewError('call.premiumSumMismatch', { total: yuanText(total), sum: yuanText((compulsory ?? 0) + (commercial ?? 0)) }, EXIT.usage);
  }
  if (total !== null && total > MAX_TOTAL_CENTS) throw new RenewError('call.premiumAbsurd', { field: '--premium', value: yuanText(total), max: yuanText(MAX_TOTAL_CENTS) }, EXIT.usage);
  // One kind and only a total: the total is that kind's premium.
  if (total !== null && kinds.length === 1) {
    if (kinds[0] === 'compulsory') compulsory ??= total;
    else commercial ??= total;
  }
  return { insurer: insurer || null, kinds, compulsoryCents: compulsory, commercialCents: commercial, premiumCents: total };
}

/** Refuses to quote or renew while the store has not said which insurers it is certified with. */
export function assertCertifiedListSet(insurers: readonly string[]): void {
  if (insurers.length === 0) throw new RenewError('call.noInsurers', { command: SET_CERTIFIED_COMMAND }, EXIT.failure);
}

/** `insurer` (a canonical name) must be on the certified list. */
export function checkInsurer(insurer: string, insurers: readonly string[]): void {
  assertCertifiedListSet(insurers);
  if (!insurers.includes(insurer)) throw new RenewError('call.insurerNotCertified', { insurer, insurers: insurers.join('、') }, EXIT.failure);
}

export function parseKind(raw: string | undefined, fallback: PolicyKind[]): PolicyKind[] {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'both') return ['compulsory', 'commercial'];
  if (raw === 'compulsory' || raw === 'commercial') return [raw];
  throw new RenewError('call.badKind', { value: raw }, EXIT.usage);
}

/** A premium in yuan as typed ('3,456.70', '￥950') -> fen; positive and below `max`. */
export function parsePremium(raw: string, field: string, max: number): number {
  const cents = parseYuan(raw);
  if (cents === null || cents === undefined) throw new RenewError('call.badPremium', { field, value: raw }, EXIT.usage);
  if (cents <= 0) throw new RenewError('call.premiumNotPositive', { field, value: raw }, EXIT.usage);
  if (cents > max) throw new RenewError('call.premiumAbsurd', { field, value: raw, max: yuanText(max) }, EXIT.usage);
  return cents;
}

/** The renewal's start: given, else the day after the earliest end among the kinds renewed. */
function parseStart(raw: string | undefined, kinds: readonly PolicyKind[], rules: OutcomeRules): string {
  if (raw !== undefined) return parseDateArg(raw, '--start');
  return kinds.map((k) => addDays(kindEnd(rules.case, k), 1)).sort()[0] as string;
}

/**
 * The renewal's new policies: each kind starts on the day its read-back said, else
 * on --start, else the day after that kind's old end (交强 and 商业 keep their own
 * dates), and runs a year.
 */
function newPolicies(entry: OutcomeEntry, v: ValidatedOutcome, rules: OutcomeRules): ArchivedPolicyIn[] {
  const kinds = v.kinds as PolicyKind[];
  for (const [kind, field] of [['compulsory', 'policyNoCompulsory'], ['commercial', 'policyNoCommercial']] as const) {
    if (entry[field] !== undefined && !kinds.includes(kind)) throw new RenewError('call.policyNoKindMismatch', { flag: FLAG[field], kinds: kinds.join(',') }, EXIT.usage);
  }
  return kinds.map((kind) => {
    const given = entry.starts?.[kind];
    const startDate = given !== undefined ? parseDateArg(given, FLAG.start)
      : entry.start !== undefined ? (v.startDate as string) : addDays(kindEnd(rules.case, kind), 1);
    const noField = kind === 'compulsory' ? 'policyNoCompulsory' : 'policyNoCommercial';
    return {
      kind,
      insurer: v.insurer ?? null,
      policyNo: parsePolicyNo(entry[noField], FLAG[noField]),
      premiumCents: (kind === 'compulsory' ? v.compulsoryCents : v.commercialCents) ?? null,
      startDate,
      endDate: policyYearEnd(startDate),
    };
  });
}

/** A policy number as typed: blank is none; Excel's 1.23E+17 is a number already lost. */
export function parsePolicyNo(raw: string | undefined, field: string): string | null {
  const no = raw?.trim() ?? '';
  if (no === '') return null;
  if (SCIENTIFIC.test(no) || /\s/.test(no)) throw new RenewError('call.badPolicyNo', { field, value: no }, EXIT.usage);
  return no;
}

/** 'YYYY-MM-DD HH:mm', a real moment after now, from what was said ("明天 15:00", "周五下午3点", "12-08 15:00"). */
export function parseNext(raw: string | undefined, now: Date): string {
  return parseSpokenNext(raw, now);
}

export function parseReason(raw: string | undefined, reasons: readonly LossReason[]): string {
  const codes = reasons.map((r) => r.code).join(', ');
  if (raw === undefined || raw.trim() === '') throw new RenewError('call.reasonMissing', { codes }, EXIT.usage);
  if (!reasons.some((r) => r.code === raw.trim())) throw new RenewError('call.badReason', { value: raw, codes }, EXIT.usage);
  return raw.trim();
}

/** do_not_call: a date after today. */
export function parseUntil(raw: string | undefined, today: string): string {
  if (raw === undefined || raw.trim() === '') throw new RenewError('call.untilMissing', {}, EXIT.usage);
  const until = parseDateArg(raw, '--until');
  if (until <= today) throw new RenewError('call.untilInPast', { value: until, today }, EXIT.usage);
  return until;
}

const blankToNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());
const yuanText = (cents: number) => (cents / 100).toFixed(2);

export interface CallTarget {
  vehicle: Vehicle;
  case: RenewalCase;
}

/** The event a correction supersedes: on this vehicle, and not already superseded. */
export async function correctionTarget(ctx: Pick<Context, 'db'>, vehicle: Vehicle, rawId: string): Promise<RegisterEvent> {
  const id = Number(rawId);
  if (!Number.isInteger(id) || id <= 0) throw new RenewError('call.badEventId', { value: rawId }, EXIT.usage);
  const event = await ctx.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!event || event.vehicle_id !== vehicle.id) throw new RenewError('call.eventNotOfVehicle', { id, plate: vehicle.plate }, EXIT.failure, 'call.historyHint');
  await assertNotSuperseded(ctx.db, id);
  return event;
}

async function assertNotSuperseded(db: Context['db'], id: number): Promise<void> {
  const later = await db.selectFrom('events').select(['id', 'recorded_at']).where('supersedes_id', '=', id).executeTakeFirst();
  if (later) throw new RenewError('call.eventSuperseded', { id, by: later.id, at: later.recorded_at }, EXIT.failure, 'call.historyHint');
}

/**
 * Writes the event in one transaction, re-checking inside it what another terminal
 * could have changed since the checks above (the case closing, the event being corrected).
 */
/** `takeFor`: the vehicle is in the pool and becomes this person's in the same transaction (a move, reason 'take'). */
export async function recordCall(ctx: Pick<Context, 'db' | 'store' | 'now' | 'actor'>, target: CallTarget, outcome: ValidatedOutcome, startedAt?: Date, takeFor?: string): Promise<RegisterEvent> {
  const now = isoDateTime(ctx.now());
  // A scripted call is dated when it began (with its duration); a logged outcome when it is written.
  const at = startedAt ? isoDateTime(startedAt) : now;
  return ctx.store.write(async (tx) => {
    if (outcome.supersedesId) {
      await assertNotSuperseded(tx, outcome.supersedesId);
    } else {
      const c = await tx.selectFrom('renewal_cases').select(['status', 'closed_at']).where('id', '=', target.case.id).executeTakeFirstOrThrow();
      if (c.status !== 'open') throw new RenewError('call.caseClosedMeanwhile', { plate: target.vehicle.plate, at: c.closed_at ?? '' });
    }
    if (takeFor !== undefined) {
      await moveVehicles(tx, [{ vehicleId: target.vehicle.id, caseId: target.case.id, from: null, to: takeFor }], { actor: ctx.actor, reason: 'take', at: now });
    }
    const { newQuote, ...input } = outcome;
    const stored = newQuote ? await insertQuote(tx, newQuote) : null;
    const quoteId = stored && outcome.outcome === 'renewed' ? stored.id : outcome.quoteId;
    const event = await recordEvent(tx, { ...input, quoteId, caseId: target.case.id, vehicleId: target.vehicle.id, at, actor: ctx.actor }, now);
    // Lost because the car was sold or scrapped (车辆转卖/报废): the vehicle is marked so, as `renew edit --status` would.
    if (event.outcome === 'lost') await markLeftByLossReason(tx, target.vehicle.id, event.reason, now, ctx.actor);
    // The archive follows the register in the same transaction: a corrected renewal takes back its policies.
    if (outcome.supersedesId) await withdrawRenewedPolicies(tx, outcome.supersedesId, now);
    if (outcome.policies && outcome.policies.length > 0) {
      await archiveRenewedPolicies(tx, { vehicleId: target.vehicle.id, plate: target.vehicle.plate, renewsCaseId: target.case.id, eventId: event.id }, outcome.policies, now);
    }
    return event;
  });
}

/** An event for --json and history: money in yuan, lists as lists. */
export function eventJson(e: RegisterEvent, supersededBy?: number) {
  const yuan = (c: number | null) => (c === null ? null : c / 100);
  return {
    id: e.id,
    case_id: e.case_id,
    at: e.at,
    recorded_at: e.recorded_at,
    specialist: e.specialist,
    actor: e.actor,
    outcome: e.outcome as Outcome,
    channel: e.channel,
    duration_s: e.duration_s,
    insurer: e.insurer,
    kinds: e.kinds ? e.kinds.split(',') : [],
    compulsory_premium: yuan(e.compulsory_cents),
    commercial_premium: yuan(e.commercial_cents),
    premium: yuan(e.premium_cents),
    start_date: e.start_date,
    next_at: e.next_at,
    reason: e.reason,
    until: e.until,
    objections: e.objections ? (JSON.parse(e.objections) as string[]) : [],
    note: e.note,
    supersedes_id: e.supersedes_id,
    quote_id: e.quote_id,
    competitor_price: yuan(e.competitor_cents),
    competitor_channel: e.competitor_channel,
    ...(supersededBy !== undefined ? { superseded_by: supersededBy } : {}),
  };
}
