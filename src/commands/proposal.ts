/** `renew proposal <plate>`: the written proposal (车辆保险建议书) as HTML, PDF or a short text. */
import type { Command } from 'commander';
import type { ProposalOptions } from '../features/quote/proposal.js';
import { EXIT, RenewError } from '../errors.js';
import { type App, collectValues, examples } from './app.js';

interface ProposalFlags extends ProposalOptions {
  sent?: string;
  output?: string;
  pdf?: boolean;
  text?: boolean;
  force?: boolean;
  json?: boolean;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('proposal')
    .description(t('quote.proposal.description'))
    .argument('<plate>', t('quote.proposal.arg.plate'))
    .option('--quote <ID>', t('quote.proposal.opt.quote'), collectValues)
    .option('-o, --output <file>', t('quote.proposal.opt.output'))
    .option('--pdf', t('quote.proposal.opt.pdf'))
    .option('--text', t('quote.proposal.opt.text'))
    .option('--force', t('quote.proposal.opt.force'))
    .option('--sent <channel>', t('quote.proposal.opt.sent'))
    .option('--specialist <name>', t('call.opt.specialist'))
    .option('--json', t('cli.opt.json'))
    .action(async (plate: string, flags: ProposalFlags, cmd: Command) => {
      if (flags.pdf && !flags.output) throw new RenewError('quote.proposal.pdfNeedsOutput', {}, EXIT.usage);
      await app.withContext(cmd, async (ctx) => {
        const { output, pdf, text, force, json, sent: _sent, ...options } = flags;
        const { makeProposal, parseChannel, recordProposalSent } = await import('../features/quote/proposal.js');
        const channel = flags.sent === undefined ? undefined : parseChannel(flags.sent);
        const { renderProposalHtml } = await import('../ui/proposal/html.js');
        const html = (view: Parameters<typeof renderProposalHtml>[0]) => renderProposalHtml(view);
        const proposal = await makeProposal(ctx, plate, options);
        if (output) {
          const { writeOutputFile } = await import('../features/output-file.js');
          const content = pdf ? await (await import('../features/quote/pdf.js')).htmlToPdf(html(proposal.view), app.env) : html(proposal.view);
          writeOutputFile(output, content, { force });
          ctx.err.write(ctx.t('quote.proposal.written', { path: output, plans: proposal.quotes.length }) + '\n');
        }
        // Recorded only after the file is written: a refused file records nothing.
        const event = channel ? await recordProposalSent(ctx, proposal, channel) : undefined;
        if (event) ctx.err.write(ctx.t('quote.proposal.recordedSent', { id: event.id, plate: proposal.vehicle.plate, channel: ctx.t(`call.channel.${event.channel}`) }) + '\n');
        if (json) {
          const { printJson } = await import('../ui/json.js');
          const { quoteJson } = await import('../features/quote/record.js');
          printJson(ctx.out, { plate: proposal.vehicle.plate, quotes: proposal.quotes.map((q) => quoteJson(q, ctx.today)), valid_until: proposal.view.validUntil, event_id: event?.id ?? null, file: output ?? null });
        } else if (text) {
          const { renderProposalText } = await import('../ui/proposal/text.js');
          ctx.out.write(renderProposalText(proposal.view));
        } else if (!output) {
          ctx.out.write(html(proposal.view));
        }
      });
    });
  examples(command, t, [
    'renew proposal 粤A12345 -o 粤A12345-建议书.html',
    'renew proposal 粤A12345 --quote 3 --quote 5 -o 建议书.pdf --pdf',
    'renew proposal 粤A12345 --text',
    'renew proposal 粤A12345 --text --sent wechat',
  ]);
}
