/** `renew edit <plate|VIN>`: a customer's details changed, the car sold or scrapped, or a new car's plate. */
import type { Command } from 'commander';
import type { EditOptions } from '../features/archive/edit.js';
import { EXIT, RenewError } from '../errors.js';
import { type App, examples } from './app.js';

/** The flags, in the order --help lists them (the same names as EDIT_FIELDS, which the feature checks). */
const FLAGS = ['phone', 'address', 'owner', 'specialist', 'installment', 'status', 'plate'] as const satisfies readonly (keyof EditOptions)[];

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program.command('edit').description(t('archive.edit.description')).argument('<plate>');
  for (const f of FLAGS) command.option(`--${f} <value>`, t(`archive.edit.opt.${f}`));
  command.option('--json', t('cli.opt.json')).action(async (target: string, flags: EditOptions & { json?: boolean }, cmd: Command) => {
    const options: EditOptions = {};
    for (const f of FLAGS) if (flags[f] !== undefined) options[f] = flags[f];
    const interactive = Object.keys(options).length === 0;
    // Asking needs a terminal to ask on; check before opening anything.
    if (interactive && !app.io(cmd).stdinIsTTY) throw new RenewError('archive.edit.notInteractive', {}, EXIT.usage);
    const prompter = interactive ? await (await import('../ui/prompter.js')).inquirerPrompter() : undefined;
    await app.withContext(
      cmd,
      async (ctx) => {
        const { askEdit, runEdit } = await import('../features/archive/edit.js');
        const { findVehicle } = await import('../storage/queries/vehicle-lookup.js');
        const answers = interactive ? await askEdit(ctx, await findVehicle(ctx.db, target)) : options;
        const edited = await runEdit(ctx, target, answers);
        if (flags.json) (await import('../ui/json.js')).printJson(ctx.out, edited);
      },
      { prompter },
    );
  });
  examples(command, t, [
    'renew edit 粤A12345 --phone 13912345678',
    'renew edit 粤A12345 --address "广州市天河区体育西路 1 号" --installment no --json',
    'renew edit 粤A12345 --status sold',
    'renew edit LVGBE40K8GP123456 --plate 粤B54321',
    'renew edit 粤A12345',
  ]);
}
