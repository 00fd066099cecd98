/** The archive registers' part of `renew history` as text: changed details, policies in custody, the renewal deposit. */
import type { Io } from '../features/context.js';
import type { VehicleRegisters } from '../features/archive/registers.js';
import { shownChange } from '../features/archive/edit.js';
import { formatYuan } from '../rules/money.js';

type Table = (header: string[], rows: string[][], align: ('l' | 'r')[]) => Promise<string>;

/** A value of a change as read: the loan flag and the status in words. */
function changeValue(t: Io['t'], field: string, value: string | null): string {
  if (value === null) return '—';
  if (field === 'installment') return t(value === '1' ? 'history.yes' : 'history.no');
  if (field === 'status' && (value === 'sold' || value === 'scrapped')) return t(`archive.status.${value}`);
  return value;
}

export async function renderRegisters(ctx: Pick<Io, 't' | 'reveal'>, r: VehicleRegisters, table: Table): Promise<string> {
  const { t } = ctx;
  let out = '';
  if (r.changes.length > 0) {
    out += `\n${t('history.changes')}\n`;
    out += await table(
      [t('history.col.at'), t('history.col.field'), t('history.col.old'), t('history.col.new'), t('history.col.by')],
      r.changes.map((raw) => {
        const c = shownChange({ field: raw.field, old: raw.old_value, new: raw.new_value }, ctx.reveal);
        const field = `archive.edit.field.${c.field}` as Parameters<typeof t>[0];
        return [raw.recorded_at.slice(0, 16), t(field), changeValue(t, c.field, c.old), changeValue(t, c.field, c.new), raw.actor ?? ''];
      }),
      ['l', 'l', 'l', 'l', 'l'],
    );
  }
  const marked = (id: number, text: string, by: ReadonlyMap<number, number>) => (by.has(id) ? `${text} (${t('history.superseded', { by: by.get(id) as number })})` : text);
  if (r.custody.length > 0) {
    out += `\n${t('history.custody')}\n`;
    out += await table(
      [t('history.col.id'), t('history.col.date'), t('history.col.kind'), t('history.col.action'), t('history.col.details'), t('history.col.by')],
      r.custody.map((e) => {
        const details = [
          e.supersedes_id !== null ? t('history.supersedes', { id: e.supersedes_id }) : '',
          e.location ? t('archive.custody.detail.location', { location: e.location }) : '',
          e.recipient ? t('archive.custody.detail.to', { to: e.recipient }) : '',
          e.tracking ? t('archive.custody.detail.tracking', { tracking: e.tracking }) : '',
        ].filter(Boolean).join('; ');
        return [`#${e.id}`, e.on_date, t(`call.kind.${e.kind}`), marked(e.id, t(`archive.custody.action.${e.action}`), r.custodySupersededBy), details, e.actor ?? ''];
      }),
      ['r', 'l', 'l', 'l', 'l', 'l'],
    );
  }
  if (r.deposits.length > 0) {
    out += `\n${t('history.deposits')}\n`;
    out += await table(
      [t('history.col.id'), t('history.col.date'), t('history.col.action'), t('history.col.amount'), t('history.col.details'), t('history.col.by')],
      r.deposits.map((e) => {
        const details = [
          e.supersedes_id !== null ? t('history.supersedes', { id: e.supersedes_id }) : '',
          e.method ? t(`archive.deposit.method.${e.method}`) : '',
          e.case_id !== null ? `#${e.case_id}` : '',
        ].filter(Boolean).join('; ');
        return [`#${e.id}`, e.on_date, marked(e.id, t(`archive.deposit.action.${e.action}`), r.depositSupersededBy), formatYuan(e.amount_cents), details, e.actor ?? ''];
      }),
      ['r', 'l', 'l', 'r', 'l', 'l'],
    );
    out += `  ${t('history.depositHeld', { held: formatYuan(r.depositHeld) })}\n`;
  }
  return out;
}
