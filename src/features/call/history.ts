/**
 * `renew history <plate>`: one vehicle's details, its policies, its cases and the
 * whole register for it, superseded events included and marked (the register is
 * the audit trail; hiding corrections would defeat it).
 */
import type { Context } from '../context.js';
import type { Policy, RegisterEvent, RenewalCase, Vehicle } from '../../storage/schema.js';
import { loadLossReasons } from '../loss-reasons.js';
import { maskId, maskPhone, maskVin, shownFreeText } from '../../rules/mask.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { eventJson } from './outcome.js';

export interface VehicleHistory {
  vehicle: Vehicle;
  policies: Policy[];
  cases: RenewalCase[];
  events: RegisterEvent[];
  /** Event id -> the id of the event that superseded it. */
  supersededBy: Map<number, number>;
}

export async function loadHistory(ctx: Pick<Context, 'db'>, plate: string): Promise<VehicleHistory> {
  const vehicle = await findVehicle(ctx.db, plate);
  const policies = await ctx.db.selectFrom('policies').selectAll().where('vehicle_id', '=', vehicle.id).orderBy('end_date').orderBy('kind').orderBy('id').execute();
  const cases = await ctx.db.selectFrom('renewal_cases').selectAll().where('vehicle_id', '=', vehicle.id).orderBy('due_date').orderBy('id').execute();
  const events = await ctx.db.selectFrom('events').selectAll().where('vehicle_id', '=', vehicle.id).orderBy('at').orderBy('id').execute();
  const supersededBy = new Map<number, number>();
  for (const e of events) if (e.supersedes_id !== null) supersededBy.set(e.supersedes_id, e.id);
  return { vehicle, policies, cases, events, supersededBy };
}

/** The vehicle's personal fields (phone, ID, VIN; numbers in the address) masked unless `reveal`. */
export function vehicleView(v: Vehicle, reveal: boolean) {
  return {
    plate: v.plate,
    model: v.model,
    vin: reveal ? v.vin : maskVin(v.vin) || null,
    engine_no: v.engine_no,
    first_registration: v.first_registration,
    owner: v.owner,
    insured: v.insured,
    phone: reveal ? v.phone : maskPhone(v.phone) || null,
    id_no: reveal ? v.id_no : maskId(v.id_no) || null,
    address: shownFreeText(v.address, reveal),
    installment: Boolean(v.installment),
    specialist: v.specialist,
    do_not_call_until: v.do_not_call_until,
  };
}

export function historyJson(h: VehicleHistory, reveal: boolean) {
  const yuan = (c: number | null) => (c === null ? null : c / 100);
  return {
    vehicle: vehicleView(h.vehicle, reveal),
    policies: h.policies.map((p) => ({
      id: p.id, case_id: p.case_id, kind: p.kind, insurer: p.insurer, policy_no: p.policy_no,
      start_date: p.start_date, end_date: p.end_date, premium: yuan(p.premium_cents), renews_case_id: p.renews_case_id,
    })),
    cases: h.cases.map((c) => ({
      id: c.id, due_date: c.due_date, status: c.status, closed_at: c.closed_at, closed_by: c.closed_by,
      renewed_insurer: c.renewed_insurer, renewed_premium: yuan(c.renewed_premium_cents), lost_reason: c.lost_reason,
      attempts: c.attempts, next_contact_at: c.next_contact_at,
    })),
    events: h.events.map((e) => ({ ...eventJson(e, h.supersededBy.get(e.id)), note: shownFreeText(e.note, reveal) })),
  };
}

/** The history as text: a details block, then policies, cases and the register as tables. */
export async function renderHistory(ctx: Pick<Context, 't' | 'isTTY' | 'color' | 'reveal' | 'dataDirs' | 'lang'>, h: VehicleHistory): Promise<string> {
  const { t } = ctx;
  const reasonLabels = new Map(loadLossReasons(ctx.dataDirs).map((r) => [r.code, r.label[ctx.lang]]));
  const { boxTable, padEnd, plainTable, displayWidth } = await import('../../ui/terminal.js');
  // boxTable needs an alignment for every column (cli-table3 rejects an explicit undefined).
  const table = (header: string[], rows: string[][], align: ('l' | 'r')[]) =>
    ctx.isTTY ? boxTable(header, rows, { color: ctx.color, align: align.map((a) => (a === 'r' ? 'right' : 'left')) }) : Promise.resolve(plainTable(header, rows, align));
  const v = vehicleView(h.vehicle, ctx.reveal);
  const fields: [string, string | null][] = [
    [t('history.field.plate'), v.plate],
    [t('history.field.model'), v.model],
    [t('history.field.vin'), v.vin],
    [t('history.field.firstRegistration'), v.first_registration],
    [t('history.field.owner'), v.owner],
    [t('history.field.insured'), v.insured],
    [t('history.field.phone'), v.phone],
    [t('history.field.idNo'), v.id_no],
    [t('history.field.address'), v.address],
    [t('history.field.installment'), t(v.installment ? 'history.yes' : 'history.no')],
    [t('history.field.specialist'), v.specialist],
    [t('history.field.doNotCall'), v.do_not_call_until],
  ];
  const labelWidth = Math.max(...fields.map(([label]) => displayWidth(label)));
  let out = `${t('history.vehicle')}\n`;
  for (const [label, value] of fields) if (value) out += `  ${padEnd(label, labelWidth)}  ${value}\n`;

  const money = (c: number | null) => (c === null ? '' : (c / 100).toFixed(2));
  const kind = (k: string) => t(k === 'compulsory' ? 'call.kind.compulsory' : 'call.kind.commercial');
  out += `\n${t('history.policies')}\n`;
  out += h.policies.length === 0
    ? `  ${t('history.none')}\n`
    : await table(
      [t('history.col.kind'), t('history.col.insurer'), t('history.col.policyNo'), t('history.col.start'), t('history.col.end'), t('history.col.premium'), t('history.col.case')],
      h.policies.map((p) => [kind(p.kind), p.insurer ?? '', p.policy_no ?? '', p.start_date ?? '', p.end_date, money(p.premium_cents), p.case_id === null ? '' : `#${p.case_id}`]),
      ['l', 'l', 'l', 'l', 'l', 'r', 'l'],
    );

  const status = (s: string) => t(s === 'open' ? 'history.status.open' : s === 'renewed' ? 'call.status.renewed' : 'call.status.lost');
  out += `\n${t('history.cases')}\n`;
  out += h.cases.length === 0
    ? `  ${t('history.none')}\n`
    : await table(
      [t('history.col.case'), t('history.col.due'), t('history.col.status'), t('history.col.closed'), t('history.col.attempts')],
      h.cases.map((c) => [`#${c.id}`, c.due_date, status(c.status), c.closed_at ?? '', String(c.attempts)]),
      ['l', 'l', 'l', 'l', 'r'],
    );

  out += `\n${t('history.register')}\n`;
  out += h.events.length === 0
    ? `  ${t('history.none')}\n`
    : await table(
      [t('history.col.id'), t('history.col.at'), t('history.col.outcome'), t('history.col.channel'), t('history.col.specialist'), t('history.col.details')],
      h.events.map((e) => {
        const by = h.supersededBy.get(e.id);
        const outcome = t(`call.outcome.${e.outcome}`);
        return [
          `#${e.id}`,
          e.at.slice(0, 16),
          by === undefined ? outcome : `${outcome} (${t('history.superseded', { by })})`,
          t(`call.channel.${e.channel}`),
          e.specialist ?? '',
          eventDetails(ctx, e, kind, reasonLabels),
        ];
      }),
      ['r', 'l', 'l', 'l', 'l', 'l'],
    );
  return out;
}

/** One line of what an event says beyond its outcome. */
function eventDetails(ctx: Pick<Context, 't' | 'reveal'>, e: RegisterEvent, kind: (k: string) => string, reasonLabels: ReadonlyMap<string, string>): string {
  const { t } = ctx;
  const parts: string[] = [];
  if (e.supersedes_id !== null) parts.push(t('history.supersedes', { id: e.supersedes_id }));
  if (e.insurer) parts.push(e.insurer);
  if (e.kinds) parts.push(e.kinds.split(',').map(kind).join('+'));
  if (e.premium_cents !== null) parts.push((e.premium_cents / 100).toFixed(2));
  if (e.start_date) parts.push(e.start_date);
  if (e.next_at) parts.push(t('history.detail.next', { next: e.next_at }));
  if (e.reason) parts.push(t('history.detail.reason', { reason: reasonLabels.get(e.reason) ?? e.reason }));
  if (e.until) parts.push(t('history.detail.until', { until: e.until }));
  if (e.objections) parts.push(t('history.detail.objections', { objections: (JSON.parse(e.objections) as string[]).join(',') }));
  if (e.duration_s) parts.push(t('history.detail.duration', { seconds: e.duration_s }));
  if (e.note) parts.push(shownFreeText(e.note, ctx.reveal) ?? '');
  return parts.join('; ');
}
