/** `renew user add|list|disable`: the store's people and their roles (docs/team.md). */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const user = program.command('user').description(t('team.user.description'));
  examples(user, t, ['renew user add 王丽 --role specialist', 'renew user list', 'renew user disable 王丽']);

  const add = user
    .command('add')
    .description(t('team.user.add.description'))
    .argument('<name>', t('team.user.arg.name'))
    .requiredOption('--role <role>', t('team.opt.role'))
    .option('--store <code>', t('team.opt.store'))
    .option('--json', t('cli.opt.json'))
    .action(async (rawName: string, opts: { role: string; store?: string; json?: boolean }, cmd: Command) => {
      const { addUser, parseRole, parseUserName } = await import('../features/team/users.js');
      // Checked before the database is opened: bad input writes nothing.
      const name = parseUserName(rawName);
      const role = parseRole(opts.role);
      await app.withContext(
        cmd,
        async (ctx) => {
          // The program's global --store takes the option wherever it is typed (`user add X --store GZ01` too).
          const added = await addUser(ctx, { name, role, store: opts.store ?? ctx.storeOption });
          ctx.err.write(t('team.user.added', { name: added.name, role: t(`team.role.${added.role}`) }) + '\n');
          if (opts.json) (await import('../ui/json.js')).printJson(ctx.out, { name: added.name, role: added.role, store: added.store });
        },
        { create: true },
      );
    });
  examples(add, t, ['renew user add 赵经理 --role manager', 'renew user add 王丽 --role specialist', 'renew user add 李强 --role lead --store GZ01']);

  const list = user
    .command('list')
    .description(t('team.user.list.description'))
    .option('--json', t('cli.opt.json'))
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await app.withContext(cmd, async (ctx) => {
        const { userList } = await import('../features/team/users.js');
        const { printUsers } = await import('../ui/team.js');
        await printUsers(ctx, await userList(ctx), Boolean(opts.json));
      });
    });
  examples(list, t, ['renew user list', 'renew user list --json']);

  const disable = user
    .command('disable')
    .description(t('team.user.disable.description'))
    .argument('<name>', t('team.user.arg.name'))
    .option('--json', t('cli.opt.json'))
    .action(async (name: string, opts: { json?: boolean }, cmd: Command) => {
      await app.withContext(cmd, async (ctx) => {
        const { disable: disableUser } = await import('../features/team/users.js');
        await disableUser(ctx, name);
        ctx.err.write(t('team.user.disabledDone', { name: name.trim() }) + '\n');
        if (opts.json) (await import('../ui/json.js')).printJson(ctx.out, { name: name.trim(), disabled: true });
      });
    });
  examples(disable, t, ['renew user disable 王丽']);
  for (const sub of user.commands) sub.exitOverride().helpOption('-h, --help', t('cli.helpOption'));
}
