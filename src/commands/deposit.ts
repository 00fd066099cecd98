/** `renew deposit`: a loan customer's renewal deposit (续保押金): received, refunded, forfeited. */
import type { Command } from 'commander';
import type { DepositOptions } from '../features/archive/deposit.js';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('deposit')
    .description(t('archive.deposit.description'))
    .argument('<plate>')
    .option('--received <yuan>', t('archive.deposit.opt.received'))
    .option('--method <method>', t('archive.deposit.opt.method'))
    .option('--refunded <yuan>', t('archive.deposit.opt.refunded'))
    .option('--forfeited', t('archive.deposit.opt.forfeited'))
    .option('--date <date>', t('archive.deposit.opt.date'))
    .option('--correct <id>', t('archive.deposit.opt.correct'))
    .option('--json', t('cli.opt.json'))
    .action(async (plate: string, flags: DepositOptions & { json?: boolean }, cmd: Command) => {
      await app.withContext(cmd, async (ctx) => {
        const { runDeposit } = await import('../features/archive/deposit.js');
        const written = await runDeposit(ctx, plate, flags);
        if (flags.json) (await import('../ui/json.js')).printJson(ctx.out, written);
      });
    });
  examples(command, t, [
    'renew deposit 粤A12345 --received 2000 --method transfer',
    'renew deposit 粤A12345 --refunded 2000 --date 2026-12-20',
    'renew deposit 粤A12345 --forfeited',
    'renew deposit 粤A12345 --correct 4 --received 1500 --method cash --json',
  ]);
}
