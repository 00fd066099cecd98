/** `renew custody`: where a customer's paper policies are (代管保单), and what the store still holds. */
import type { Command } from 'commander';
import type { CustodyOptions } from '../features/archive/custody.js';
import { EXIT, RenewError } from '../errors.js';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('custody')
    .description(t('archive.custody.description'))
    .argument('[plate]')
    .option('--received', t('archive.custody.opt.received'))
    .option('--handed-over', t('archive.custody.opt.handedOver'))
    .option('--to <name>', t('archive.custody.opt.to'))
    .option('--posted <tracking>', t('archive.custody.opt.posted'))
    .option('--kind <kind>', t('archive.custody.opt.kind'))
    .option('--location <text>', t('archive.custody.opt.location'))
    .option('--date <date>', t('archive.custody.opt.date'))
    .option('--correct <id>', t('archive.custody.opt.correct'))
    .option('--list', t('archive.custody.opt.list'))
    .option('--json', t('cli.opt.json'))
    .action(async (plate: string | undefined, flags: CustodyOptions & { list?: boolean; json?: boolean }, cmd: Command) => {
      if (!flags.list && plate === undefined) throw new RenewError('archive.custody.needPlate', {}, EXIT.usage);
      await app.withContext(cmd, async (ctx) => {
        const custody = await import('../features/archive/custody.js');
        const json = flags.json ? (await import('../ui/json.js')).printJson : undefined;
        if (flags.list) {
          const { readStore } = await import('../features/stores/scope.js');
          const held = await custody.heldInStore(ctx, ctx.today, { store: await readStore(ctx) });
          if (json) json(ctx.out, held);
          else ctx.out.write(await (await import('../ui/custody.js')).renderHeld(ctx, held));
          return;
        }
        const written = await custody.runCustody(ctx, plate as string, flags);
        if (json) json(ctx.out, written);
      });
    });
  examples(command, t, [
    'renew custody 粤A12345 --received --location 档案柜B-3',
    'renew custody 粤A12345 --received --kind compulsory --date 2026-12-01',
    'renew custody 粤A12345 --handed-over --to 张伟',
    'renew custody 粤A12345 --posted SF1234567890',
    'renew custody 粤A12345 --correct 3 --received --date 2026-11-30',
    'renew custody --list --json',
  ]);
}
