/** `renew backup [FILE]`: a consistent snapshot of the database, owner-only, never over a file without --force. */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('backup')
    .description(t('trust.backup.description'))
    .argument('[file]', t('trust.backup.argFile'))
    .option('--force', t('cli.opt.force'))
    .option('--json', t('cli.opt.json'))
    .action(async (file: string | undefined, opts: { force?: boolean; json?: boolean }, cmd: Command) => {
      await app.withContext(cmd, async (ctx) => {
        const { backupDatabase, formatBytes } = await import('../features/trust/backup.js');
        const result = backupDatabase(ctx, file, { force: opts.force });
        ctx.err.write(t('trust.backup.done', { path: result.path, size: formatBytes(result.bytes) }) + '\n');
        if (opts.json) {
          const { printJson } = await import('../ui/json.js');
          printJson(ctx.out, result);
        }
      });
    });
  examples(command, t, ['renew backup', 'renew backup /mnt/usb/renew-2026-11-24.db', 'renew backup copy.db --force']);
}
