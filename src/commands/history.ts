/** `renew history <plate>`: a vehicle's details, policies and whole follow-up register. */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('history')
    .description(t('history.description'))
    .argument('<plate>')
    .option('--json', t('cli.opt.json'))
    .action(async (plate: string, opts: { json?: boolean }, cmd: Command) => {
      await app.withContext(cmd, async (ctx) => {
        const { loadHistory, historyJson } = await import('../features/call/history.js');
        const history = await loadHistory(ctx, plate);
        if (opts.json) {
          const { printJson } = await import('../ui/json.js');
          printJson(ctx.out, historyJson(history, ctx.reveal));
          return;
        }
        const { renderHistory } = await import('../ui/history.js');
        ctx.out.write(await renderHistory(ctx, history));
      });
    });
  examples(command, t, ['renew history 粤A12345', 'renew history 粤A12345 --json', 'renew --reveal history 粤A12345']);
}
