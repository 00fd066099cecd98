/** `renew sms`: today's renewal SMS batch; --out for an SMS platform, --mark-sent to record it. */
import type { Command } from 'commander';
import { type App, examples } from './app.js';

interface SmsFlags {
  date?: string;
  specialist?: string;
  template?: string;
  out?: string;
  force?: boolean;
  markSent?: boolean;
  json?: boolean;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('sms')
    .description(t('sms.description'))
    .option('--out <file>', t('sms.opt.out'))
    .option('--force', t('cli.opt.force'))
    .option('--mark-sent', t('sms.opt.markSent'))
    .option('--template <lang>', t('sms.opt.template'), 'zh-CN')
    .option('--date <YYYY-MM-DD>', t('today.opt.date'))
    .option('--specialist <name>', t('today.opt.specialist'))
    .option('--json', t('cli.opt.json'))
    .action(async (flags: SmsFlags, cmd: Command) => {
      const { parseTemplateLang, runSms } = await import('../features/sms/run.js');
      const { parseDateArg } = await import('../rules/clock.js');
      // Validate before the database is opened: bad input writes nothing.
      const options = {
        template: parseTemplateLang(flags.template ?? 'zh-CN'),
        date: flags.date === undefined ? undefined : parseDateArg(flags.date, '--date'),
        specialist: flags.specialist,
        out: flags.out,
        force: Boolean(flags.force),
        markSent: Boolean(flags.markSent),
        json: Boolean(flags.json),
      };
      await app.withContext(cmd, (ctx) => runSms(ctx, options));
    });
  examples(command, t, [
    'renew sms',
    'renew sms --out 短信批次.csv',
    'renew sms --out 短信批次.csv --mark-sent',
    'renew sms --template en --json',
  ]);
}
