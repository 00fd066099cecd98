/** `renew recycle --idle-days N [--dry-run]`: idle cases back to the pool (docs/team.md). */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('recycle')
    .description(t('team.recycle.description'))
    .requiredOption('--idle-days <n>', t('team.opt.idleDays'))
    .option('--dry-run', t('trust.opt.dryRun'))
    .option('--json', t('cli.opt.json'))
    .action(async (opts: { idleDays: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const { parseIdleDays, recycleIdle } = await import('../features/team/recycle.js');
      const idleDays = parseIdleDays(opts.idleDays);
      await app.withContext(cmd, async (ctx) => {
        const { printRecycled } = await import('../ui/team.js');
        await printRecycled(ctx, await recycleIdle(ctx, { idleDays, dryRun: Boolean(opts.dryRun) }), idleDays, Boolean(opts.json));
      });
    });
  examples(command, t, ['renew recycle --idle-days 7 --dry-run', 'renew recycle --idle-days 7', 'renew recycle --idle-days 14 --json']);
}
