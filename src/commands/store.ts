/** `renew store add CODE NAME` and `renew store list`: the dealer group's stores (docs/team.md). */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const store = program.command('store').description(t('stores.description'));
  examples(store, t, ['renew store add GZ01 广州天河店', 'renew store list']);

  const add = store
    .command('add')
    .description(t('stores.add.description'))
    .argument('<code>', t('stores.arg.code'))
    .argument('<name>', t('stores.arg.name'))
    .action(async (code: string, name: string, _opts: unknown, cmd: Command) => {
      // Checked before the database is opened: nothing is written on bad input.
      const { addStore, parseStore } = await import('../features/stores/run.js');
      const input = parseStore(code, name);
      await app.withContext(
        cmd,
        async (ctx) => {
          const { printStoreAdded } = await import('../ui/stores.js');
          printStoreAdded(ctx, await addStore(ctx, input));
        },
        { create: true },
      );
    });
  examples(add, t, ['renew store add GZ01 广州天河店', 'renew store add SZ02 "深圳南山店"']);

  const list = store
    .command('list')
    .description(t('stores.list.description'))
    .option('--json', t('cli.opt.json'))
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await app.withContext(cmd, async (ctx) => {
        const { storeList } = await import('../features/stores/run.js');
        const { printStores } = await import('../ui/stores.js');
        await printStores(ctx, await storeList(ctx), Boolean(opts.json));
      });
    });
  examples(list, t, ['renew store list', 'renew store list --json']);
  for (const sub of store.commands) sub.exitOverride().helpOption('-h, --help', t('cli.helpOption'));
}
