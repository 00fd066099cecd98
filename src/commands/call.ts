/** `renew call <plate>`: the interactive call script, or an outcome recorded from flags. */
import type { Command } from 'commander';
import type { CallOptions } from '../features/call/run.js';
import { type App, examples } from './app.js';

/** The flags are the core's options plus --json (a type-only import: nothing is loaded). */
interface CallFlags extends CallOptions {
  json?: boolean;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('call')
    .description(t('call.description'))
    .argument('[plate]', t('call.arg.plate'))
    .option('--outcome <outcome>', t('call.opt.outcome'))
    .option('--insurer <name>', t('call.opt.insurer'))
    .option('--premium <yuan>', t('call.opt.premium'))
    .option('--compulsory-premium <yuan>', t('call.opt.compulsoryPremium'))
    .option('--commercial-premium <yuan>', t('call.opt.commercialPremium'))
    .option('--kind <kind>', t('call.opt.kind'))
    .option('--start <date>', t('call.opt.start'))
    .option('--policy-no-compulsory <no>', t('call.opt.policyNoCompulsory'))
    .option('--policy-no-commercial <no>', t('call.opt.policyNoCommercial'))
    .option('--next <when>', t('call.opt.next'))
    .option('--reason <code>', t('call.opt.reason'))
    .option('--until <date>', t('call.opt.until'))
    .option('--note <text>', t('call.opt.note'))
    .option('--specialist <name>', t('call.opt.specialist'))
    .option('--correct <EVENT_ID>', t('call.opt.correct'))
    .option('--quote <QUOTE_ID>', t('quote.opt.quote'))
    .option('--competitor-price <yuan>', t('quote.opt.competitorPrice'))
    .option('--competitor-channel <channel>', t('quote.opt.competitorChannel'))
    .option('--force', t('team.call.optForce'))
    .option('--json', t('cli.opt.json'))
    .action(async (plate: string | undefined, flags: CallFlags, cmd: Command) => {
      // Only the interactive script needs inquirer; flags-only runs never load it.
      const interactive = flags.outcome === undefined && flags.correct === undefined && flags.quote === undefined && app.io(cmd).stdinIsTTY;
      const prompter = interactive ? await (await import('../ui/prompter.js')).inquirerPrompter() : undefined;
      await app.withContext(
        cmd,
        async (ctx) => {
          const { json, ...flagOptions } = flags;
          const paint = interactive ? (await import('../ui/call-paint.js')).callPaint(ctx.color) : undefined;
          const options = { ...flagOptions, paint };
          const { eventJson } = await import('../features/call/outcome.js');
          const { printJson } = await import('../ui/json.js');
          if (plate === undefined) {
            // No plate: today's queue, one call after another.
            const { runQueueCalls } = await import('../features/call/queue.js');
            const events = await runQueueCalls(ctx, options);
            if (json) printJson(ctx.out, events.map((e) => eventJson(e)));
            return;
          }
          const { runCall } = await import('../features/call/run.js');
          const event = await runCall(ctx, plate, options);
          if (json) printJson(ctx.out, eventJson(event));
        },
        { prompter },
      );
    });
  examples(command, t, [
    'renew call',
    'renew call 粤A12345',
    'renew call 粤A12345 --force',
    'renew call 粤A12345 --outcome renewed --insurer 中国人保 --premium 4280',
    'renew call 粤A12345 --outcome renewed --insurer 中国人保 --compulsory-premium 950 --commercial-premium 3330',
    'renew call 粤A12345 --outcome renewed --insurer 中国人保 --premium 4280 --policy-no-commercial PDAA202644010000012345',
    'renew call 粤A12345 --outcome callback --next "2026-11-26 15:00" --note "等报价"',
    'renew call 粤A12345 --outcome lost --reason telesales --note "电销便宜 600 元"',
    'renew call 粤A12345 --outcome renewed --quote 3',
    'renew call 粤A12345 --outcome lost --reason telesales --competitor-price 3680 --competitor-channel telesales',
    'renew call 粤A12345 --outcome no_answer',
    'renew call 粤A12345 --correct 42 --outcome callback --next "2026-11-26 10:00" --note "误登记为战败"',
  ]);
}
