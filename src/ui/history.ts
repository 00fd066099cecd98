/** `renew history <plate>` as text: a details block, then policies, cases and the register as tables. */
import type { Io } from '../features/context.js';
import { vehicleView, type VehicleHistory } from '../features/call/history.js';
import { loadLossReasons } from '../features/loss-reasons.js';
import type { RegisterEvent } from '../storage/schema.js';
import { shownFreeText } from '../rules/mask.js';

/** The history as text: a details block, then policies, cases and the register as tables. */
export async function renderHistory(ctx: Pick<Io, 't' | 'isTTY' | 'color' | 'reveal' | 'dataDirs' | 'lang'>, h: VehicleHistory): Promise<string> {
  const { t } = ctx;
  const reasonLabels = new Map(loadLossReasons(ctx.dataDirs).map((r) => [r.code, r.label[ctx.lang]]));
  const { boxTable, padEnd, plainTable, displayWidth } = await import('./terminal.js');
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
    [t('archive.edit.field.status'), v.status ? t(`archive.status.${v.status}`) : null],
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
          // Who recorded it: the person at the keyboard since migration 0009, else the name given then.
          e.actor ?? e.specialist ?? '',
          eventDetails(ctx, e, kind, reasonLabels),
        ];
      }),
      ['r', 'l', 'l', 'l', 'l', 'l'],
    );
  out += await (await import('./history-registers.js')).renderRegisters(ctx, h.registers, table);

  // Who the customer was given to, by whom and why (renew assign, recycle, a call taking it from the pool).
  if (h.moves.length > 0) {
    const person = (name: string | null) => name ?? t('team.history.pool');
    out += `\n${t('team.history.moves')}\n`;
    out += await table(
      [t('team.history.col.at'), t('team.history.col.from'), t('team.history.col.to'), t('team.history.col.by'), t('team.history.col.why')],
      h.moves.map((m) => [m.at.slice(0, 16), person(m.from_specialist), person(m.to_specialist), m.actor ?? '', t(`team.move.${m.reason}`)]),
      ['l', 'l', 'l', 'l', 'l'],
    );
  }
  return out;
}

/** One line of what an event says beyond its outcome. */
function eventDetails(ctx: Pick<Io, 't' | 'reveal'>, e: RegisterEvent, kind: (k: string) => string, reasonLabels: ReadonlyMap<string, string>): string {
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
