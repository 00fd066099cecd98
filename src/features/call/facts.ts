/**
 * Everything a call about one vehicle needs, read once before the first prompt:
 * the vehicle, its current case and that case's policies, the store's settings,
 * the certified insurers, the loss reasons and the script.
 */
import type { Context } from '../context.js';
import type { Policy, PolicyKind, RegisterEvent, RenewalCase, Vehicle } from '../../storage/schema.js';
import { effectiveEvents } from '../../rules/case-projection.js';
import { EXIT, RenewError } from '../../errors.js';
import { type LossReason, loadLossReasons } from '../loss-reasons.js';
import { certifiedInsurers, type InsurerAliases, loadInsurerAliases } from '../insurers.js';
import type { Settings } from '../../rules/settings.js';
import { currentCase } from '../../storage/queries/vehicle-lookup.js';
import { type CallScript, loadCallScript } from './script.js';

export interface CallFacts {
  vehicle: Vehicle;
  case: RenewalCase;
  /** The case's policies (last year's cover). */
  policies: Policy[];
  settings: Settings;
  /** Certified insurers (canonical names); empty until the store sets `certified_insurers`. */
  insurers: string[];
  aliases: InsurerAliases;
  /** Callbacks already booked ('YYYY-MM-DD HH:mm') by the vehicle's specialist: the default slot skips them. */
  booked: ReadonlySet<string>;
  reasons: LossReason[];
}

export type FactsContext = Pick<Context, 'db' | 'today' | 'dataDirs' | 'lang' | 'settings'>;

/** The vehicle and the case a call is about; `caseId` pins one (a correction), else the current case. */
export async function loadCallFacts(ctx: FactsContext, vehicle: Vehicle, caseId?: number): Promise<CallFacts> {
  const renewalCase = caseId !== undefined
    ? await ctx.db.selectFrom('renewal_cases').selectAll().where('id', '=', caseId).executeTakeFirst()
    : await currentCase(ctx.db, vehicle.id, ctx.today);
  if (!renewalCase) throw new RenewError('call.noCase', { plate: vehicle.plate }, EXIT.failure, 'call.noCaseHint');
  const policies = await ctx.db.selectFrom('policies').selectAll().where('case_id', '=', renewalCase.id).orderBy('kind').orderBy('end_date').execute();
  // The vehicle's store's settings: its certified insurers, its own store name in the script.
  const settings = await ctx.settings(vehicle.store ?? undefined);
  const aliases = loadInsurerAliases(ctx.dataDirs);
  const insurers = certifiedInsurers(settings, aliases);
  const reasons = loadLossReasons(ctx.dataDirs);
  let bookedQuery = ctx.db.selectFrom('renewal_cases').select('next_contact_at').where('status', '=', 'open').where('next_contact_at', '>=', ctx.today);
  if (vehicle.specialist) bookedQuery = bookedQuery.where('specialist', '=', vehicle.specialist);
  const booked = new Set((await bookedQuery.execute()).map((r) => r.next_contact_at as string));
  return { vehicle, case: renewalCase, policies, settings, insurers, aliases, booked, reasons };
}

/** The script in the user's language, checked against the loss reasons. */
export function loadScriptFor(ctx: Pick<Context, 'dataDirs' | 'lang'>, reasons: readonly LossReason[]): CallScript {
  return loadCallScript(ctx.dataDirs, ctx.lang, reasons);
}

/** The kinds of cover in a case: what a renewal covers unless told otherwise. */
export function caseKinds(c: Pick<RenewalCase, 'compulsory_end' | 'commercial_end'>): PolicyKind[] {
  const kinds: PolicyKind[] = [];
  if (c.compulsory_end) kinds.push('compulsory');
  if (c.commercial_end) kinds.push('commercial');
  return kinds.length > 0 ? kinds : ['compulsory', 'commercial'];
}

/** The end date of one kind in the case (falls back to the due date). */
export function kindEnd(c: Pick<RenewalCase, 'compulsory_end' | 'commercial_end' | 'due_date'>, kind: PolicyKind): string {
  return (kind === 'compulsory' ? c.compulsory_end : c.commercial_end) ?? c.due_date;
}

/** Last year's premium for one kind, summed over the case's policies of that kind. */
export function lastPremium(policies: readonly Policy[], kind: PolicyKind): number | null {
  const of = policies.filter((p) => p.kind === kind && p.premium_cents !== null);
  return of.length === 0 ? null : of.reduce((s, p) => s + (p.premium_cents as number), 0);
}

/** Refuses a closed case, saying when and how it closed (and which event to correct to reopen it). */
export async function assertCaseOpen(ctx: Pick<Context, 'db' | 't' | 'lang'>, vehicle: Vehicle, c: RenewalCase, reasons: readonly LossReason[]): Promise<void> {
  if (c.status === 'open') return;
  const events = await ctx.db.selectFrom('events').selectAll().where('case_id', '=', c.id).orderBy('at').orderBy('id').execute();
  const closing = closingEvent(events, c);
  const detail = c.status === 'renewed'
    ? [c.renewed_insurer, c.renewed_premium_cents !== null ? `${(c.renewed_premium_cents / 100).toFixed(2)}` : null].filter(Boolean).join(' ')
    : (reasons.find((r) => r.code === c.lost_reason)?.label[ctx.lang] ?? c.lost_reason ?? '');
  throw new RenewError(
    'call.caseClosed',
    {
      plate: vehicle.plate,
      status: ctx.t(c.status === 'renewed' ? 'call.status.renewed' : 'call.status.lost'),
      at: c.closed_at ?? '',
      how: [c.closed_by ? ctx.t(`call.channel.${c.closed_by}`) : '', detail].filter(Boolean).join(' '),
      event: closing?.id ?? '',
    },
    EXIT.failure,
    'call.caseClosedHint',
  );
}

/** The event in force that closed the case (the one to correct to reopen it). */
function closingEvent(events: readonly RegisterEvent[], c: RenewalCase): RegisterEvent | undefined {
  return effectiveEvents(events).filter((e) => e.outcome === c.status && e.at === c.closed_at).pop();
}
