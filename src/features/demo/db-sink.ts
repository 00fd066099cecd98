/**
 * The fleet and its register written into the database: vehicles, policies,
 * renewal cases (as docs/architecture.md builds them) and events, with each
 * case's projection computed by projectCase from the very events inserted. One
 * write transaction; rows go through the engine's bulk writer (`store.demoSink()`,
 * src/storage/sqlite/demo-sink.ts), because a million rows through kysely would take minutes.
 */
import type { Context } from '../context.js';
import { isoDateTime } from '../../rules/clock.js';
import { EXIT, RenewError } from '../../errors.js';
import { loadLossReasons } from '../loss-reasons.js';
import { type CaseCopies, COPIED_FIELDS } from '../../storage/queries/case-copies.js';
import { EVENT_COLUMNS, PROJECTION_COLUMNS } from '../../storage/queries/demo-rows.js';
import { type CaseProjection, projectCase } from '../../rules/case-projection.js';
import type { SettingKey } from '../../rules/settings.js';
import { loadSettings, saveSetting } from '../../storage/queries/settings.js';
import type { PolicyKind, RegisterEvent } from '../../storage/schema.js';
import type { DemoSink, Tx } from '../../storage/ports.js';
import { dayNumber } from './calendar.js';
import { CERTIFIED_INSURERS, type DemoPolicy, type DemoVehicle, type FleetOptions, generateFleet, SPECIALISTS } from './fleet.js';
import { buildHistory, type DemoEvent, type HistoryOptions, reasonTable } from './history.js';
import { Rng } from './random.js';
import { writeStore } from '../stores/scope.js';

export interface DemoDbResult {
  vehicles: number;
  policies: number;
  cases: number;
  events: number;
  /** Vehicles the database held before (replaced with --force). */
  replaced: number;
  /** A plate worth calling today (an open case in the call window), for the "try next" hint. */
  callPlate: string | null;
}

/** Settings the demo store needs; written only where the database has no value yet. */
export const DEMO_SETTINGS: Partial<Record<SettingKey, unknown>> = {
  store_name: '示例汽车4S店',
  certified_insurers: CERTIFIED_INSURERS,
  specialist_phones: SPECIALISTS,
};

/** Writes the sample data; refuses a database with vehicles unless `force` (then replaces them). */
export async function writeDemoDatabase(
  ctx: Pick<Context, 'db' | 'store' | 'now' | 'dataDirs' | 'actor' | 'storeOption'>,
  fleet: FleetOptions,
  options: { force: boolean },
): Promise<DemoDbResult> {
  const reasons = reasonTable(loadLossReasons(ctx.dataDirs));
  const now = isoDateTime(ctx.now());
  // The demo's cars are a store's like any import's (docs/team.md): --store, your store, the only one, or none.
  const store = await writeStore(ctx);
  const sink = ctx.store.demoSink();
  try {
    return await fillDatabase(ctx, sink, fleet, options, reasons, now, store);
  } finally {
    sink.close();
  }
}

async function fillDatabase(
  ctx: Pick<Context, 'db' | 'store'>,
  sink: DemoSink,
  fleet: FleetOptions,
  options: { force: boolean },
  reasons: HistoryOptions['reasons'],
  now: string,
  store: string | null,
): Promise<DemoDbResult> {
  return ctx.store.write(async (tx) => {
    const { n } = await tx.selectFrom('vehicles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const replaced = Number(n);
    if (replaced > 0 && !options.force) {
      throw new RenewError('demo.notEmpty', { path: ctx.store.location, vehicles: replaced }, EXIT.failure, 'demo.notEmptyHint');
    }
    await clearFleet(tx);
    await addMissingSettings(tx, now);
    // The register follows the store's own SMS and call lead days.
    const settings = await loadSettings(tx);
    const history: HistoryOptions = {
      today: dayNumber(fleet.today),
      smsLeadDays: settings.sms_lead_days,
      callLeadDays: settings.call_lead_days,
      reasons,
    };
    sink.begin(tx);
    const { cohorts, ...counts } = insertRows(sink, fleet, history, now, store);
    sink.finish();
    await addMissingTargets(tx, cohorts, fleet.today, now);
    return { ...counts, replaced };
  });
}

/** Vehicles and everything hanging off them; settings and targets stay. */
async function clearFleet(tx: Tx): Promise<void> {
  await tx.deleteFrom('events').execute();
  await tx.deleteFrom('policies').execute();
  await tx.deleteFrom('renewal_cases').execute();
  await tx.deleteFrom('vehicles').execute();
  await tx.deleteFrom('imports').execute();
}

async function addMissingSettings(tx: Tx, now: string): Promise<void> {
  const keys = Object.keys(DEMO_SETTINGS) as SettingKey[];
  const stored = new Set((await tx.selectFrom('settings').select('key').where('key', 'in', keys).execute()).map((r) => r.key));
  for (const key of keys) if (!stored.has(key)) await saveSetting(tx, key, JSON.stringify(DEMO_SETTINGS[key]), now);
}

/** Cases and last year's premium by the month their cover ends, for plausible targets. */
type Cohorts = Map<string, { cases: number; premiumCents: number }>;

/** Share of a month's cases (and premium) the demo store aims to renew. */
const TARGET_RATE = 0.7;

/**
 * Store targets for the three months before today's and today's month, so `renew report`
 * has attainment to show; a month that already has a store target keeps it.
 */
async function addMissingTargets(tx: Tx, cohorts: Cohorts, today: string, now: string): Promise<void> {
  const months: string[] = [];
  for (let back = 3; back >= 0; back--) {
    const d = new Date(Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1 - back, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  const taken = new Set((await tx.selectFrom('targets').select('month').where('specialist', '=', '').where('month', 'in', months).execute()).map((r) => r.month));
  for (const month of months) {
    const cohort = cohorts.get(month);
    if (taken.has(month) || !cohort) continue;
    await tx.insertInto('targets').values({
      month, specialist: '', vehicles: Math.round(cohort.cases * TARGET_RATE),
      premium_cents: Math.round((cohort.premiumCents * TARGET_RATE) / 100_000) * 100_000, rate: TARGET_RATE, updated_at: now,
    }).execute();
  }
}

/** Runs the generator into the sink; ids are assigned here (the tables were just emptied). */
function insertRows(put: DemoSink, fleet: FleetOptions, history: HistoryOptions, now: string, store: string | null): Omit<DemoDbResult, 'replaced'> & { cohorts: Cohorts } {
  const rng = new Rng(fleet.seed, 2);
  const ids = { vehicle: 0, policy: 0, case: 0, event: 0 };
  let callPlate: string | null = null;
  let anyOpenPlate: string | null = null;
  const cohorts: Cohorts = new Map();
  for (const v of generateFleet(fleet)) {
    const vehicleId = ++ids.vehicle;
    const caseId = ++ids.case;
    const renewalCaseId = v.renewal.length > 0 ? ++ids.case : null;
    const policyIds = v.current.map(() => ++ids.policy);
    const renewalIds = v.renewal.map(() => ++ids.policy);
    const events = buildHistory(v, history, rng).map((e) => registerRow(e, ++ids.event, caseId, vehicleId, renewalIds));
    const projection = projectCase(events);
    let doNotCall: string | null = null;
    for (const e of events) if (e.outcome === 'do_not_call' && e.until !== null && (doNotCall === null || e.until > doNotCall)) doNotCall = e.until;

    put.vehicle([vehicleId, v.plate, v.vin, v.engineNo, v.model, v.firstRegistration, v.owner, v.insured, v.phone, v.idNo,
      v.installment ? 1 : 0, v.specialist, doNotCall, store, now, now]);
    // The renewal case has no register of its own: the current case's callback is the vehicle's latest.
    const copies: CaseCopies = {
      plate: v.plate, installment: v.installment ? 1 : 0, specialist: v.specialist, do_not_call_until: doNotCall, store,
      vehicle_next_contact_at: projection.next_contact_at,
    };
    const columns = putCase(put, caseId, vehicleId, copies, v.current, projection, now);
    const cohort = cohorts.get(columns.dueDate.slice(0, 7)) ?? { cases: 0, premiumCents: 0 };
    cohort.cases += 1;
    cohort.premiumCents += columns.lastPremiumCents;
    cohorts.set(columns.dueDate.slice(0, 7), cohort);
    v.current.forEach((p, i) => putPolicy(put, policyIds[i] as number, vehicleId, caseId, null, p, now));
    if (renewalCaseId !== null) {
      putCase(put, renewalCaseId, vehicleId, copies, v.renewal, projectCase([]), now);
      v.renewal.forEach((p, i) => putPolicy(put, renewalIds[i] as number, vehicleId, renewalCaseId, caseId, p, now));
    }
    for (const e of events) put.event(EVENT_COLUMNS.map((c) => e[c]));

    if (callPlate === null && doNotCall === null && isCallable(v, projection, history)) callPlate = v.plate;
    if (anyOpenPlate === null && projection.status === 'open') anyOpenPlate = v.plate;
  }
  return { vehicles: ids.vehicle, policies: ids.policy, cases: ids.case, events: ids.event, callPlate: callPlate ?? anyOpenPlate, cohorts };
}

function registerRow(e: DemoEvent, id: number, caseId: number, vehicleId: number, renewalIds: readonly number[]): RegisterEvent {
  return {
    id, case_id: caseId, vehicle_id: vehicleId, at: e.at, recorded_at: e.at, specialist: e.specialist, outcome: e.outcome,
    channel: e.channel, duration_s: e.durationS, next_at: e.nextAt, reason: e.reason, note: e.note, objections: e.objections,
    insurer: e.insurer, kinds: e.kinds, compulsory_cents: e.compulsoryCents, commercial_cents: e.commercialCents,
    premium_cents: e.premiumCents, start_date: e.startDate, until: e.until,
    policy_id: e.renewalIndex === null ? null : (renewalIds[e.renewalIndex] as number), supersedes_id: null,
    // The demo's specialists make their own calls; an imported renewal is the importer's.
    quote_id: null, competitor_cents: null, competitor_channel: null, actor: e.channel === 'import' ? null : e.specialist,
  };
}

/** A case row as the importer builds it: earliest end, each kind's end, summed premium, commercial insurer first. */
export function caseColumns(policies: readonly DemoPolicy[]) {
  const end = (kind: PolicyKind) => policies.find((p) => p.kind === kind)?.endDate ?? null;
  const compulsoryEnd = end('compulsory');
  const commercialEnd = end('commercial');
  const dueDate = [compulsoryEnd, commercialEnd].filter((d): d is string => d !== null).sort()[0] as string;
  const insurer = (policies.find((p) => p.kind === 'commercial') ?? policies.find((p) => p.kind === 'compulsory'))?.insurer ?? null;
  return { dueDate, compulsoryEnd, commercialEnd, lastPremiumCents: policies.reduce((s, p) => s + p.premiumCents, 0), lastInsurer: insurer };
}

function putCase(put: DemoSink, id: number, vehicleId: number, copies: CaseCopies, policies: readonly DemoPolicy[], projection: CaseProjection, now: string) {
  const c = caseColumns(policies);
  put.renewalCase([id, vehicleId, c.dueDate, c.compulsoryEnd, c.commercialEnd, c.lastPremiumCents, c.lastInsurer,
    ...PROJECTION_COLUMNS.map((k) => projection[k]), ...COPIED_FIELDS.map((k) => copies[k]), now, now]);
  return c;
}

function putPolicy(put: DemoSink, id: number, vehicleId: number, caseId: number, renewsCaseId: number | null, p: DemoPolicy, now: string): void {
  put.policy([id, vehicleId, caseId, renewsCaseId, p.kind, p.insurer, p.policyNo, `P|${p.policyNo}`, p.premiumCents, p.startDate, p.endDate, now, now]);
}

/** An open case inside the call window with no callback booked for a later day: `renew today` lists it. */
function isCallable(v: DemoVehicle, p: CaseProjection, h: HistoryOptions): boolean {
  const daysLeft = dayNumber(caseColumns(v.current).dueDate) - h.today;
  const callback = p.next_contact_at as string | null;
  return p.status === 'open' && daysLeft >= 0 && daysLeft <= h.callLeadDays && (callback === null || dayNumber(callback.slice(0, 10)) <= h.today);
}
