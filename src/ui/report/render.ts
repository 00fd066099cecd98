/** The month report in the format asked for: what `renew report` prints or saves (the command joins it to features/report). */
import type { Context } from '../../features/context.js';
import type { MonthReport } from '../../features/report/build.js';
import type { ReportFormat } from '../../features/report/index.js';
import { renderCsv, reportJson } from './json.js';
import { renderMarkdown } from './md.js';
import { renderTty } from './tty.js';

export async function renderReport(ctx: Pick<Context, 't' | 'lang' | 'isTTY' | 'color'>, report: MonthReport, format: ReportFormat, width = 80): Promise<string> {
  switch (format) {
    case 'json':
      return JSON.stringify(reportJson(report), null, 2) + '\n';
    case 'csv':
      return renderCsv(report, ctx.t, ctx.lang);
    case 'md':
      return renderMarkdown(report, ctx.t);
    case 'tty':
      return renderTty(report, { t: ctx.t, isTTY: ctx.isTTY, color: ctx.color, width });
  }
}
