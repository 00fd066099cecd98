/** `renew report [--month [YYYY-MM]] [--json|--csv|--md] [-o file]`: the monthly renewal report. */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

interface ReportFlags {
  month?: string | boolean;
  json?: boolean;
  csv?: boolean;
  md?: boolean;
  output?: string;
  force?: boolean;
  group?: boolean;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('report')
    .description(t('report.description'))
    .option('--month [month]', t('report.opt.month'))
    .option('--json', t('cli.opt.json'))
    .option('--csv', t('report.opt.csv'))
    .option('--md', t('report.opt.md'))
    .option('-o, --output <file>', t('report.opt.output'))
    .option('--force', t('cli.opt.force'))
    .option('--group', t('report.opt.group'))
    .action(async (opts: ReportFlags, cmd: Command) => {
      // Bad flags are reported before the database is opened (a missing one is a lesser problem).
      const { runReport, formatFromFlags } = await import('../features/report/index.js');
      const { parseMonthArg } = await import('../rules/clock.js');
      const format = formatFromFlags(opts);
      const month = typeof opts.month === 'string' ? parseMonthArg(opts.month) : opts.month;
      if (opts.group) {
        await app.withContext(cmd, async (ctx) => {
          const { groupReport, printReport, fileSafe } = await import('../features/report/index.js');
          const { renderGroupReport } = await import('../ui/report/group.js');
          const report = await groupReport(ctx, month);
          printReport(ctx, await renderGroupReport(fileSafe(ctx, opts), report, format), opts);
        });
        return;
      }
      await app.withContext(cmd, async (ctx) => {
        const { renderReport } = await import('../ui/report/render.js');
        await runReport(ctx, {
          month,
          format,
          output: opts.output,
          force: opts.force,
          width: process.stdout.columns,
        }, renderReport);
      });
    });
  examples(command, t, [
    'renew report',
    'renew report --month 2026-10',
    'renew report --month 2026-10 --md -o 十月续保报告.md',
    'renew report --month 2026-10 --csv -o 2026-10.csv',
    'renew report --json | jq .attainment',
    'renew report --group --month 2026-10',
    'renew --store GZ01 report --month 2026-10 --md',
  ]);
}
