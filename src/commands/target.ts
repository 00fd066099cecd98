/** `renew target set|list`: monthly targets for the store and per specialist. */
import type { Command } from 'commander';
import type { Context } from '../features/context.js';
import type { TargetChange, TargetRecord } from '../features/target/targets.js';
import { type App, examples } from './app.js';

/** Saves a target and says what was saved. */
export async function runTargetSet(ctx: Context, change: TargetChange): Promise<TargetRecord> {
  const { authorize } = await import('../features/team/access.js');
  await authorize(ctx, 'target');
  const { saveTarget } = await import('../features/target/run.js');
  const { printTargetSaved } = await import('../ui/target.js');
  const result = await saveTarget(ctx, change);
  printTargetSaved(ctx, result);
  return result.saved;
}

/** Lists the targets (of one month with --month). */
export async function runTargetList(ctx: Context, options: { month?: string | boolean | undefined; json: boolean }): Promise<void> {
  const { targetList } = await import('../features/target/run.js');
  const { printTargets } = await import('../ui/target.js');
  await printTargets(ctx, await targetList(ctx, options), options.json);
}

interface SetFlags {
  month?: string;
  specialist?: string;
  vehicles?: string;
  premium?: string;
  rate?: string;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const target = program.command('target').description(t('target.description'));
  examples(target, t, ['renew target set --month 2026-12 --vehicles 120 --premium 360000 --rate 0.65', 'renew target list']);

  const set = target
    .command('set')
    .description(t('target.set.description'))
    .option('--month <month>', t('target.opt.month'))
    .option('--specialist <name>', t('target.opt.specialist'))
    .option('--vehicles <n>', t('target.opt.vehicles'))
    .option('--premium <yuan>', t('target.opt.premium'))
    .option('--rate <rate>', t('target.opt.rate'))
    .action(async (opts: SetFlags, cmd: Command) => {
      // Validate before the database is even opened: nothing is written on bad input.
      const { parseTargetInput } = await import('../features/target/targets.js');
      const change = parseTargetInput(opts);
      await app.withContext(
        cmd,
        async (ctx) => {
          await runTargetSet(ctx, change);
        },
        { create: true },
      );
    });
  examples(set, t, [
    'renew target set --month 2026-12 --vehicles 120 --premium 360000 --rate 0.65',
    'renew target set --month 2026-12 --specialist 张丽 --vehicles 60',
    'renew target set --month 2026-12 --rate 70%',
  ]);

  const list = target
    .command('list')
    .description(t('target.list.description'))
    .option('--month [month]', t('target.opt.listMonth'))
    .option('--json', t('cli.opt.json'))
    .action(async (opts: { month?: string | boolean; json?: boolean }, cmd: Command) => {
      await app.withContext(cmd, (ctx) => runTargetList(ctx, { month: opts.month, json: Boolean(opts.json) }));
    });
  examples(list, t, ['renew target list', 'renew target list --month 2026-12', 'renew target list --json']);
  for (const sub of target.commands) sub.exitOverride().helpOption('-h, --help', t('cli.helpOption'));
}
