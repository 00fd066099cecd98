/** What `renew target set` and `renew target list` print. */
import { isoDateTime, parseMonthArg } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { formatYuan, yuan } from '../../rules/money.js';
import { pct } from '../../ui/report/format.js';
import { boxTable, plainTable } from '../../ui/terminal.js';
import { listTargets, setTarget, specialistKnown, type TargetChange, type TargetRecord } from './targets.js';

export async function runTargetSet(ctx: Context, change: TargetChange): Promise<TargetRecord> {
  const saved = await setTarget(ctx, change, isoDateTime(ctx.now()));
  const { t } = ctx;
  const figures = [
    saved.vehicles !== null && t('target.figureVehicles', { value: saved.vehicles }),
    saved.premiumCents !== null && t('target.figurePremium', { value: formatYuan(saved.premiumCents) }),
    saved.rate !== null && t('target.figureRate', { value: pct(saved.rate) }),
  ].filter((x): x is string => typeof x === 'string');
  ctx.err.write(t('target.saved', { month: saved.month, who: saved.specialist || t('target.store'), figures: figures.join(t('report.listSeparator')) }) + '\n');
  if (saved.specialist !== '' && !(await specialistKnown(ctx, saved.specialist))) {
    ctx.err.write(t('target.unknownSpecialist', { specialist: saved.specialist }) + '\n');
  }
  return saved;
}

/** A bare --month lists the current month's targets. */
export async function runTargetList(ctx: Context, options: { month?: string | boolean; json: boolean }): Promise<void> {
  const month = typeof options.month === 'string' ? parseMonthArg(options.month) : options.month ? ctx.today.slice(0, 7) : undefined;
  const rows = await listTargets(ctx, month);
  const { t } = ctx;
  if (options.json) {
    const json = rows.map((r) => ({
      month: r.month, specialist: r.specialist === '' ? null : r.specialist, vehicles: r.vehicles, premium: yuan(r.premiumCents), rate: r.rate,
      updated_at: r.updatedAt,
    }));
    ctx.out.write(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  if (rows.length === 0) {
    ctx.err.write((month ? t('target.noneForMonth', { month }) : t('target.none')) + '\n');
    return;
  }
  const header = ['month', 'specialist', 'vehicles', 'premium', 'rate'].map((k) => t(`target.col.${k}` as Parameters<typeof t>[0]));
  const cells = rows.map((r) => [
    r.month, r.specialist || t('target.store'), r.vehicles?.toString() ?? '—', r.premiumCents === null ? '—' : formatYuan(r.premiumCents), pct(r.rate),
  ]);
  const align = ['l', 'l', 'r', 'r', 'r'] as const;
  ctx.out.write(ctx.isTTY ? await boxTable(header, cells, { color: ctx.color, align: align.map((a) => (a === 'r' ? 'right' : 'left')) }) : plainTable(header, cells, align));
}
