/** `renew today`: the morning queue (callbacks, calls, sms, lapsed). Thin: parses argv, calls src/features/today, renders with src/ui/today. */
import type { Command } from 'commander';
import { EXIT, RenewError } from '../errors.js';
import type { Context } from '../features/context.js';
import type { TodayRunOptions } from '../features/today/run.js';
import { type App, examples } from './app.js';

/** Builds the day's queue and prints it in the form asked for. */
export async function runToday(ctx: Context, options: TodayRunOptions): Promise<void> {
  const { todayQueue } = await import('../features/today/run.js');
  const { renderToday } = await import('../ui/today.js');
  await renderToday(ctx, await todayQueue(ctx, options), options.group);
}

interface TodayFlags {
  json?: boolean;
  csv?: boolean;
  group?: string;
  limit?: string;
  date?: string;
  specialist?: string;
  all?: boolean;
  explain?: string;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('today')
    .description(t('today.description'))
    .option('--group <group>', t('today.opt.group'))
    .option('--limit <n>', t('today.opt.limit'))
    .option('--date <YYYY-MM-DD>', t('today.opt.date'))
    .option('--specialist <name>', t('today.opt.specialist'))
    .option('--all', t('team.today.optAll'))
    .option('--explain <plate>', t('today.opt.explain'))
    .option('--json', t('cli.opt.json'))
    .option('--csv', t('today.opt.csv'))
    .action(async (flags: TodayFlags, cmd: Command) => {
      const run = await import('../features/today/run.js');
      const { parseDateArg } = await import('../rules/clock.js');
      // Validate everything before the database is opened: bad input writes nothing.
      if (flags.json && flags.csv) throw new RenewError('today.badFormat', {}, EXIT.usage);
      const options = {
        group: flags.group === undefined ? undefined : run.parseGroup(flags.group),
        limit: flags.limit === undefined ? undefined : run.parseLimit(flags.limit),
        date: flags.date === undefined ? undefined : parseDateArg(flags.date, '--date'),
        specialist: flags.specialist,
        all: flags.all,
        format: flags.json ? 'json' : flags.csv ? 'csv' : 'screen',
      } as const;
      await app.withContext(cmd, async (ctx) => {
        if (flags.explain !== undefined) {
          const { printExplanation } = await import('../ui/today.js');
          await printExplanation(ctx, await run.explainPlate(ctx, flags.explain, options.date), Boolean(flags.json));
          return;
        }
        await runToday(ctx, options);
      });
    });
  examples(command, t, [
    'renew today',
    'renew today --group calls --limit 30',
    'renew today --specialist 小王 --csv > 今日待办.csv',
    'renew today --all',
    'renew today --explain 粤A12345',
    'renew today --date 2026-12-01 --json',
  ]);
}
