/** `renew doctor`: integrity, foreign keys, pragmas, schema, permissions, size and counts; exit 2 on a problem. */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('doctor')
    .description(t('trust.doctor.description'))
    .option('--repair', t('trust.doctor.opt.repair'))
    .option('--json', t('cli.opt.json'))
    .action(async (opts: { json?: boolean; repair?: boolean }, cmd: Command) => {
      const io = app.io(cmd);
      const { runDoctor } = await import('../features/trust/doctor.js');
      const { openMaintenance } = await import('../storage/open.js');
      const report = await runDoctor(await openMaintenance(app.dbPath(cmd)), { posix: process.platform !== 'win32', repair: opts.repair ?? false });
      if (opts.json) {
        const { printJson } = await import('../ui/json.js');
        printJson(io.out, { ...report, checks: report.checks.map((c) => ({ check: c.check, status: c.status, message: t(c.key, c.vars) })) });
      } else {
        const { renderDoctor } = await import('../ui/doctor.js');
        io.out.write(renderDoctor(report, io));
      }
      if (report.problems > 0) {
        const { EXIT, RenewError } = await import('../errors.js');
        throw new RenewError('trust.doctor.problemsFound', { problems: report.problems }, EXIT.partial);
      }
    });
  examples(command, t, ['renew doctor', 'renew doctor --json', 'renew doctor --repair']);
}
