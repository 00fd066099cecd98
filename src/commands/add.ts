/** `renew add`: a customer, vehicle and policies typed in, with the import's fields and checks. */
import type { Command } from 'commander';
import type { AddOptions } from '../features/archive/add.js';
import { ALIASES, VEHICLE_ROW_FIELDS as FLAG_FIELDS } from '../rules/columns.js';
import { type App, examples } from './app.js';

const camel = (f: string) => f.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program.command('add').description(t('archive.add.description'));
  for (const f of FLAG_FIELDS) command.option(`--${f.replace(/_/g, '-')} <value>`, t('archive.add.opt.field', { column: ALIASES[f][0] ?? f }));
  command
    .option('--insurer <name>', t('archive.add.opt.insurer'))
    .option('--business <type>', t('archive.add.opt.business'))
    .option('--json', t('cli.opt.json'))
    .action(async (flags: Record<string, string | boolean | undefined>, cmd: Command) => {
      const interactive = FLAG_FIELDS.every((f) => flags[camel(f)] === undefined) && app.io(cmd).stdinIsTTY;
      const prompter = interactive ? await (await import('../ui/prompter.js')).inquirerPrompter() : undefined;
      await app.withContext(
        cmd,
        async (ctx) => {
          const { askAdd, runAdd } = await import('../features/archive/add.js');
          const options: AddOptions = { business: flags.business as string | undefined, insurer: flags.insurer as string | undefined };
          for (const f of FLAG_FIELDS) if (typeof flags[camel(f)] === 'string') options[f] = flags[camel(f)] as string;
          const added = await runAdd(ctx, interactive ? await askAdd(ctx, options) : options);
          if (flags.json) (await import('../ui/json.js')).printJson(ctx.out, added);
        },
        // The first customer may be typed in before any import: the database is made then.
        { prompter, create: true },
      );
    });
  examples(command, t, [
    'renew add --plate 粤A12345 --owner 张伟 --phone 13812341234 --insurer 中国人保 --compulsory-end 2027-05-31 --compulsory-premium 950 --commercial-end 2027-05-31 --commercial-premium 3300',
    'renew add --vin LVGBE40K8GP123456 --owner 李娜 --phone 13912345678 --insurer 平安产险 --commercial-end 2027-06-30 --commercial-premium 5200',
    'renew add --plate 粤B54321 --business 转保 --insurer 中国人保 --commercial-end 2027-03-01 --json',
    'renew add',
  ]);
}
