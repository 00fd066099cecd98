/** `renew sms`: today's renewal SMS batch; --out for an SMS platform, --mark-sent to record it. */
import type { Command } from 'commander';
import type { Context } from '../features/context.js';
import type { SmsRunOptions } from '../features/sms/run.js';
import { type App, examples } from './app.js';

/** Builds the batch, then shows it or writes it for the SMS platform, then records it when asked. */
export async function runSms(ctx: Context, options: SmsRunOptions): Promise<void> {
  const sms = await import('../features/sms/run.js');
  const ui = await import('../ui/sms.js');
  const batch = await sms.prepareSms(ctx, options);
  ui.smsWarnings(ctx, batch);
  if (batch.lines.length === 0) {
    await ui.printNoSms(ctx, batch, Boolean(options.json));
    return;
  }
  if (options.out !== undefined) {
    await sms.writeSmsFile(ctx, options.out, batch, options.force);
    ctx.err.write(ctx.t('sms.written', { count: batch.lines.length, path: options.out }) + '\n');
  } else {
    await ui.printSmsBatch(ctx, batch, Boolean(options.json));
  }
  if (options.markSent) ctx.err.write(ctx.t('sms.marked', { count: await sms.recordSmsSent(ctx, batch) }) + '\n');
  else ctx.err.write(ctx.t('sms.notMarked') + '\n');
}

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
      const { parseTemplateLang } = await import('../features/sms/run.js');
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
