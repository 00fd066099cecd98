/** `renew settings [key] [value]`: show all, show one, or change one. */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('settings')
    .description(t('settings.description'))
    .argument('[key]')
    .argument('[value]')
    .option('--json', t('cli.opt.json'))
    .action(async (key: string | undefined, value: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      await app.withContext(
        cmd,
        async (ctx) => {
          const { saveSetting } = await import('../storage/queries/settings.js');
          const { settingKey } = await import('../rules/settings.js');
          const { warnControls } = await import('../features/entry-text.js');
          const { isoDateTime } = await import('../rules/clock.js');
          const { readStore } = await import('../features/stores/scope.js');
          // A store's own value overrides the group-wide one ('' : no store, or --store all).
          const store = await readStore(ctx);
          if (key !== undefined && value !== undefined) {
            const { authorize } = await import('../features/team/access.js');
            await authorize(ctx, 'settings');
            const saved = await saveSetting(ctx.db, key, value, isoDateTime(ctx.now()), (chars) => warnControls(ctx, key, chars), store);
            const said = store === undefined ? t('settings.saved', { key, value: JSON.stringify(saved) }) : t('stores.settingSaved', { key, value: JSON.stringify(saved), store });
            ctx.err.write(said + '\n');
            return;
          }
          const one = key === undefined ? undefined : settingKey(key);
          const all = await ctx.settings(store);
          const shown = one !== undefined ? { [one]: all[one] } : all;
          if (opts.json) {
            const { printJson } = await import('../ui/json.js');
            printJson(ctx.out, shown);
            return;
          }
          const { plainTable } = await import('../ui/terminal.js');
          ctx.out.write(plainTable([t('settings.key'), t('settings.value')], Object.entries(shown).map(([k, v]) => [k, JSON.stringify(v)])));
        },
        { create: true },
      );
    });
  examples(command, t, [
    'renew settings',
    'renew settings store_name "广州天河XX汽车4S店"',
    'renew settings certified_insurers \'["中国人保","平安产险","太平洋产险"]\'',
    'renew settings call_lead_days 45',
    'renew --store GZ01 settings certified_insurers \'["中国人保","平安产险"]\'',
  ]);
}
