/** `renew report`: build the month's report and print it in the chosen format (or write it to a file). */
import { parseMonthArg } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { EXIT, RenewError } from '../../errors.js';
import { writeOutputFile } from '../output-file.js';
import { readStore } from '../stores/scope.js';
import { buildMonthReport, type MonthReport } from './build.js';
import { previousMonth } from '../../rules/month.js';
import { buildGroupReport, type GroupReport } from './group.js';

export type ReportFormat = 'tty' | 'json' | 'csv' | 'md';

export interface ReportOptions {
  /** 'YYYY-MM'; undefined or true (a bare --month): last month. */
  month?: string | boolean;
  format: ReportFormat;
  /** Write here instead of stdout (owner-only; refuses to overwrite without `force`). */
  output?: string;
  force?: boolean;
  /** Terminal columns for the bars; 80 when unknown. */
  width?: number;
}

/** The month a --month option names: its value, or last month when bare or absent. */
export function reportMonth(month: string | boolean | undefined, today: string): string {
  return typeof month === 'string' ? parseMonthArg(month) : previousMonth(today);
}

/** Picks the one format flag given; two at once is a usage error. */
export function formatFromFlags(flags: { json?: boolean; csv?: boolean; md?: boolean }): ReportFormat {
  const chosen = (['json', 'csv', 'md'] as const).filter((f) => flags[f]);
  if (chosen.length > 1) throw new RenewError('report.formatConflict', {}, EXIT.usage);
  return chosen[0] ?? 'tty';
}

/** Turns the report into text (src/ui/report/render.ts): the command passes it in, so this feature renders nothing itself. */
export type RenderReport = (ctx: Pick<Context, 't' | 'lang' | 'isTTY' | 'color'>, report: MonthReport, format: ReportFormat, width?: number) => Promise<string>;

/** Builds the month's report, renders it with `render` and prints it or saves it to `options.output`. */
export async function runReport(ctx: Context, options: ReportOptions, render: RenderReport): Promise<MonthReport> {
  const month = reportMonth(options.month, ctx.today);
  ctx.store.tuneForReads();
  const report = await buildMonthReport(ctx, month, await readStore(ctx));
  // A file gets no colour or borders, whatever the terminal is.
  printReport(ctx, await render(fileSafe(ctx, options), report, options.format, options.width), options);
  if (report.figures.due === 0 && options.format === 'tty') ctx.err.write(ctx.t('report.emptyHint') + '\n');
  return report;
}

/** What renders for `options`: a file (-o) gets no colour or borders, whatever the terminal is. */
export function fileSafe<C extends Pick<Context, 'isTTY' | 'color'>>(ctx: C, options: Pick<ReportOptions, 'output'>): C {
  return options.output ? { ...ctx, isTTY: false, color: false } : ctx;
}

/** The rendered report to the file of -o (saying so on stderr), else to stdout. */
export function printReport(ctx: Pick<Context, 'out' | 'err' | 't'>, text: string, options: Pick<ReportOptions, 'output' | 'force'>): void {
  if (options.output) {
    writeOutputFile(options.output, text, { force: options.force });
    ctx.err.write(ctx.t('report.saved', { path: options.output }) + '\n');
  } else {
    ctx.out.write(text);
  }
}

/** `renew report --group`: the group's month, one row per store (src/ui/report/group.ts renders it). */
export async function groupReport(ctx: Context, month: string | boolean | undefined): Promise<GroupReport> {
  ctx.store.tuneForReads();
  return buildGroupReport(ctx, reportMonth(month, ctx.today));
}
