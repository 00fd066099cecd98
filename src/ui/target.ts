/** What `renew target set` says and `renew target list` prints. */
import type { Io } from '../features/context.js';
import type { TargetList, TargetSaved } from '../features/target/run.js';
import { formatYuan, yuan } from '../rules/money.js';
import { pct } from './report/format.js';
import { boxTable, plainTable } from './terminal.js';

/** One line on stderr naming the figures saved, and a warning for a specialist the register does not know. */
export function printTargetSaved(o: Pick<Io, 'err' | 't'>, { saved, unknownSpecialist }: TargetSaved): void {
  const { t } = o;
  const figures = [
    saved.vehicles !== null && t('target.figureVehicles', { value: saved.vehicles }),
    saved.premiumCents !== null && t('target.figurePremium', { value: formatYuan(saved.premiumCents) }),
    saved.rate !== null && t('target.figureRate', { value: pct(saved.rate) }),
  ].filter((x): x is string => typeof x === 'string');
  const who = saved.specialist || t('target.store');
  o.err.write(t('target.saved', { month: saved.month, who: saved.store === '' ? who : `${saved.store} ${who}`, figures: figures.join(t('report.listSeparator')) }) + '\n');
  if (unknownSpecialist) o.err.write(t('target.unknownSpecialist', { specialist: saved.specialist }) + '\n');
}

/** The targets as JSON, a table on a TTY, plain columns when piped. */
export async function printTargets(o: Pick<Io, 'out' | 'err' | 't' | 'isTTY' | 'color'>, { month, rows }: TargetList, json: boolean): Promise<void> {
  const { t } = o;
  if (json) {
    const doc = rows.map((r) => ({
      store: r.store === '' ? null : r.store, month: r.month, specialist: r.specialist === '' ? null : r.specialist, vehicles: r.vehicles, premium: yuan(r.premiumCents), rate: r.rate,
      updated_at: r.updatedAt,
    }));
    o.out.write(JSON.stringify(doc, null, 2) + '\n');
    return;
  }
  if (rows.length === 0) {
    o.err.write((month ? t('target.noneForMonth', { month }) : t('target.none')) + '\n');
    return;
  }
  const header = ['month', 'specialist', 'vehicles', 'premium', 'rate'].map((k) => t(`target.col.${k}` as Parameters<typeof t>[0]));
  const cells = rows.map((r) => [
    r.month, r.specialist || t('target.store'), r.vehicles?.toString() ?? '—', r.premiumCents === null ? '—' : formatYuan(r.premiumCents), pct(r.rate),
  ]);
  const align: ('l' | 'r')[] = ['l', 'l', 'r', 'r', 'r'];
  // A group's targets name their store (the group's own: '—').
  if (rows.some((r) => r.store !== '')) {
    header.unshift(t('stores.col.code'));
    rows.forEach((r, i) => cells[i]?.unshift(r.store || '—'));
    align.unshift('l');
  }
  o.out.write(o.isTTY ? await boxTable(header, cells, { color: o.color, align: align.map((a) => (a === 'r' ? 'right' : 'left')) }) : plainTable(header, cells, align));
}
