/**
 * `renew restore FILE`: checks the backup, shows both files and asks (unless --yes),
 * keeps the current database as a copy, then restores. Opens files itself (not
 * through withContext): the current database may be the damaged thing being replaced.
 */
import type { Command } from 'commander';
import type { Io } from '../features/context.js';
import { EXIT, RenewError } from '../errors.js';
import { type App, examples } from './app.js';

/**
 * Restoring replaces everyone's data: on a store with users only a lead or manager
 * may. The current file is opened as it is (no upgrade); one that cannot be opened
 * or predates users (the damaged or old thing being replaced) has nobody to ask.
 */
async function mayRestore(io: Io, path: string): Promise<void> {
  const { openStorage } = await import('../storage/open.js');
  const { authorize } = await import('../features/team/access.js');
  let store: Awaited<ReturnType<typeof openStorage>>;
  try {
    store = await openStorage(path, { migrate: false });
  } catch {
    return;
  }
  try {
    await authorize({ ...io, db: store.db }, 'restore');
  } catch (e) {
    if (e instanceof RenewError && e.exitCode === EXIT.notAllowed) throw e;
  } finally {
    await store.close();
  }
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('restore')
    .description(t('trust.restore.description'))
    .argument('<file>', t('trust.restore.argFile'))
    .option('--yes', t('trust.opt.yes'))
    .option('--json', t('cli.opt.json'))
    .action(async (file: string, opts: { json?: boolean; yes?: boolean }, cmd: Command) => {
      const io = app.io(cmd);
      const { restoreDatabase } = await import('../features/trust/restore.js');
      const { askBeforeRestore } = await import('../features/trust/restore-plan.js');
      const { inquirerPrompter, noPrompter } = await import('../ui/prompter.js');
      const location = app.dbPath(cmd);
      await mayRestore(io, location);
      const { openMaintenance } = await import('../storage/open.js');
      const database = await openMaintenance(location);
      // A server's URL as messages may show it: without its password.
      const path = database.location;
      const prompter = io.stdinIsTTY && !opts.yes ? await inquirerPrompter() : noPrompter;
      const result = await restoreDatabase(database, file, io.now(), { confirm: askBeforeRestore({ ...io, prompter }, path, Boolean(opts.yes)) });
      io.err.write(t('trust.restore.done', { from: result.from, path }) + '\n');
      if (result.keptAs) io.err.write(t('trust.restore.kept', { path: result.keptAs }) + '\n');
      if (result.backupSchema !== result.schema) io.err.write(t('trust.restore.upgraded', { from: result.backupSchema, to: result.schema }) + '\n');
      if (opts.json) {
        const { printJson } = await import('../ui/json.js');
        printJson(io.out, { path, from: result.from, kept_as: result.keptAs, backup_schema: result.backupSchema, schema: result.schema });
      }
    });
  examples(command, t, ['renew restore ~/.local/share/renew/renew-backup-20261124-100005.db', 'renew restore backup.db --yes']);
}
