/** `renew purge --before DATE [--yes] [--dry-run]`: erase personal data of long-closed customers. */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('purge')
    .description(t('trust.purge.description'))
    .requiredOption('--before <date>', t('trust.purge.optBefore'))
    .option('--yes', t('trust.opt.yes'))
    .option('--dry-run', t('trust.opt.dryRun'))
    .option('--json', t('cli.opt.json'))
    .action(async (opts: { before: string; yes?: boolean; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const { parseDateArg } = await import('../rules/clock.js');
      const before = parseDateArg(opts.before, '--before');
      const stdinIsTTY = Boolean(process.stdin.isTTY);
      const prompter = stdinIsTTY && !opts.yes ? await (await import('../ui/prompter.js')).inquirerPrompter() : undefined;
      await app.withContext(
        cmd,
        async (ctx) => {
          const { authorize } = await import('../features/team/access.js');
          await authorize(ctx, 'purge');
          const { purgePersonalData } = await import('../features/trust/purge.js');
          const result = await purgePersonalData(ctx, before, { yes: opts.yes, dryRun: opts.dryRun });
          if (result.vehicles === 0) ctx.err.write(t('trust.purge.nothing', { before }) + '\n');
          else if (opts.dryRun) ctx.err.write(t('trust.purge.dryRun', { count: result.vehicles, before }) + '\n');
          else ctx.err.write(t('trust.purge.done', { vehicles: result.vehicles, notes: result.notes, before }) + '\n');
          if (opts.json) {
            const { printJson } = await import('../ui/json.js');
            printJson(ctx.out, { ...result, dry_run: Boolean(opts.dryRun) });
          }
        },
        prompter ? { prompter } : {},
      );
    });
  examples(command, t, ['renew purge --before 2024-01-01 --dry-run', 'renew purge --before 2024-01-01', 'renew purge --before 2024-01-01 --yes']);
}
