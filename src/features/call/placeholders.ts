/** Filling the script's {placeholders} from the case, so every line reads as spoken. */
import type { Context } from '../context.js';
import type { PolicyKind } from '../../storage/schema.js';
import { fill } from '../../i18n/index.js';
import { daysBetween } from '../../rules/clock.js';
import { maskId, maskPhone, maskVin } from '../../rules/mask.js';
import { formatYuan } from '../../rules/money.js';
import type { CallFacts } from './facts.js';
import type { Placeholder } from './script.js';

export type ScriptVars = Partial<Record<Placeholder, string>>;

/** Shown for a value the records lack, so a read-back never has a silent hole. */
const MISSING = '—';

/** The values known before any quote: customer, vehicle, last year's cover, store, specialist. */
export function caseVars(ctx: Pick<Context, 't' | 'today' | 'reveal'>, facts: CallFacts, specialist: string | null): ScriptVars {
  const { vehicle: v, case: c, settings } = facts;
  const customer = v.owner ?? v.insured ?? '';
  const days = (date: string | null) => (date ? String(daysBetween(ctx.today, date)) : MISSING);
  const orMissing = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? MISSING : s);
  return {
    customer,
    surname: [...customer][0] ?? '',
    title: titleFor(ctx, v.id_no),
    plate: v.plate,
    model: orMissing(v.model),
    vin: orMissing(ctx.reveal ? v.vin : maskVin(v.vin)),
    first_registration: orMissing(v.first_registration),
    owner: orMissing(v.owner),
    insured: orMissing(v.insured),
    id_no: orMissing(ctx.reveal ? v.id_no : maskId(v.id_no)),
    address: orMissing(v.address),
    phone: orMissing(ctx.reveal ? v.phone : maskPhone(v.phone)),
    due_date: c.due_date,
    days_left: days(c.due_date),
    compulsory_end: orMissing(c.compulsory_end),
    compulsory_days: days(c.compulsory_end),
    commercial_end: orMissing(c.commercial_end),
    commercial_days: days(c.commercial_end),
    last_insurer: orMissing(c.last_insurer),
    last_premium: c.last_premium_cents === null ? MISSING : formatYuan(c.last_premium_cents),
    store: settings.store_name,
    store_phone: orMissing(settings.store_phone),
    specialist: specialist ?? '',
    specialist_phone: orMissing(specialist ? settings.specialist_phones[specialist] : undefined),
  };
}

/**
 * 先生/女士 (Mr/Ms) from the ID number: in an 18-digit resident ID the 17th digit is
 * odd for men and even for women. Without a usable ID the title is left out.
 */
export function titleFor(ctx: Pick<Context, 't'>, idNo: string | null): string {
  if (!idNo || !/^\d{17}[\dXx]$/.test(idNo)) return '';
  return ctx.t(Number(idNo[16]) % 2 === 1 ? 'call.title.male' : 'call.title.female');
}

/**
 * The read-back's facts as they are read to the customer: the ID number and the VIN in
 * full (the specialist reads them aloud to verify them; they are masked everywhere else), a loan
 * vehicle's first beneficiary, and an unknown fact empty, so `fillReadback` skips it.
 */
export function readbackVars(facts: CallFacts, vars: ScriptVars): ScriptVars {
  const v = facts.vehicle;
  const known = Object.fromEntries(Object.entries(vars).map(([k, x]) => [k, x === MISSING ? '' : x]));
  return { ...known, id_no: v.id_no ?? '', vin: v.vin ?? '', beneficiary: v.installment ? (v.beneficiary ?? '') : '' };
}

/**
 * Fills a read-back line clause by clause (clauses end at ，；,;), leaving out every
 * clause whose placeholders are all empty: "车型 —" is never read to a customer.
 */
export function fillReadback(template: string, vars: ScriptVars): string {
  const parts = template.split(/(?<=[，；,;])\s*/);
  const kept = parts.filter((clause) => {
    const names = [...clause.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as Placeholder);
    return names.length === 0 || names.some((n) => (vars[n] ?? '') !== '');
  });
  const end = /[。.]$/.exec(template)?.[0] ?? '';
  const text = fill(kept.join(template.includes('，') ? '' : ' '), vars).replace(/[，；,;]\s*$/, '');
  return text.endsWith(end) ? text : text + end;
}

export function fillLine(template: string, vars: ScriptVars): string {
  return fill(template, vars);
}

export function kindName(ctx: Pick<Context, 't'>, kind: PolicyKind): string {
  return ctx.t(kind === 'compulsory' ? 'call.kind.compulsory' : 'call.kind.commercial');
}
