/** `renew quote <plate>`: record an insurer's quote from flags, or list the case's quotes. */
import type { Command } from 'commander';
import type { QuoteEntry } from '../features/quote/record.js';
import { EXIT, ExitStatus, RenewError } from '../errors.js';
import { type App, collectValues, examples } from './app.js';

interface QuoteFlags extends QuoteEntry {
  list?: boolean;
  due?: boolean;
  date?: string;
  csv?: boolean;
  json?: boolean;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('quote')
    .description(t('quote.description'))
    .argument('[plate]', t('quote.arg.plate'))
    .option('--insurer <name>', t('quote.opt.insurer'))
    .option('--compulsory <yuan>', t('quote.opt.compulsory'))
    .option('--commercial <yuan>', t('quote.opt.commercial'))
    .option('--tax <yuan>', t('quote.opt.tax'))
    .option('--cover <CODE=SUM[:PREMIUM]>', t('quote.opt.cover'), collectValues)
    .option('--plan <name>', t('quote.opt.plan'))
    .option('--valid-until <date>', t('quote.opt.validUntil'))
    .option('--note <text>', t('call.opt.note'))
    .option('--specialist <name>', t('call.opt.specialist'))
    .option('--list', t('quote.opt.list'))
    .option('--due', t('quote.opt.due'))
    .option('--date <date>', t('quote.opt.date'))
    .option('--csv', t('quote.opt.csv'))
    .option('--json', t('cli.opt.json'))
    .action(async (plate: string | undefined, flags: QuoteFlags, cmd: Command) => {
      // Only a plate and no values on a terminal asks; everything else never loads inquirer.
      const asks = plate !== undefined && !flags.list && !flags.due && flags.insurer === undefined && flags.compulsory === undefined
        && flags.commercial === undefined && flags.tax === undefined && flags.cover === undefined && app.io(cmd).stdinIsTTY;
      const prompter = asks ? await (await import('../ui/prompter.js')).inquirerPrompter() : undefined;
      await app.withContext(cmd, async (ctx) => {
        const { list, due, date, csv, json, ...entry } = flags;
        const { printJson } = await import('../ui/json.js');
        if (due) {
          const { parseDateArg } = await import('../rules/clock.js');
          const { dueCsv, dueForQuotes } = await import('../features/quote/due.js');
          const day = date === undefined ? ctx.today : parseDateArg(date, '--date');
          const rows = await dueForQuotes(ctx, day);
          if (json) return printJson(ctx.out, rows);
          if (csv) return ctx.out.write(dueCsv(ctx, rows));
          const { renderDueList } = await import('../ui/quote-list.js');
          ctx.out.write(renderDueList(ctx.t, day, rows));
          return;
        }
        if (plate === undefined) throw new RenewError('quote.plateOrDue', {}, EXIT.usage);
        const { listQuotes, quoteJson, recordQuote } = await import('../features/quote/record.js');
        if (list) {
          if (Object.values(entry).some((v) => v !== undefined)) throw new RenewError('quote.listTakesNoValues', {}, EXIT.usage);
          const { vehicle, quotes } = await listQuotes(ctx, plate);
          if (json) return printJson(ctx.out, quotes.map((q) => quoteJson(q, ctx.today)));
          const { renderQuoteList } = await import('../ui/quote-list.js');
          ctx.out.write(renderQuoteList(ctx.t, vehicle.plate, quotes, ctx.today));
          return;
        }
        const row = await recordQuote(ctx, plate, entry);
        const shown = quoteJson(row, ctx.today);
        ctx.err.write(ctx.t('quote.recorded', { id: row.id, plate, insurer: row.insurer, total: shown.total?.toFixed(2), date: row.valid_until }) + '\n');
        if (json) printJson(ctx.out, shown);
      }, { prompter });
    });
  defineImport(command, app);
  examples(command, t, [
    'renew quote 粤A12345 --insurer 中国人保 --compulsory 950 --tax 360 --commercial 3188.60',
    'renew quote 粤A12345 --insurer 平安 --compulsory 950 --tax 360 --commercial 2466.30 --plan 经济型 --cover damage=128000:1520.40 --cover third_party=100万:845.90 --cover driver=1万:30 --cover passenger=1万x4:70',
    'renew quote 粤A12345 --insurer 太平洋 --compulsory 950 --commercial 3890 --valid-until 2026-12-12 --json',
    'renew quote 粤A12345 --list',
    'renew quote 粤A12345 --list --json',
    'renew quote --due',
    'renew quote --due --csv > 今日报价清单.csv',
    'renew quote import 平安回传报价.csv',
  ]);
}

/** `renew quote import FILE.csv`: the quotes the insurers send back (src/features/quote/import.ts). */
function defineImport(quote: Command, app: App): void {
  const { t } = app;
  const command = quote
    .command('import')
    .description(t('quote.import.description'))
    .argument('<file>', t('quote.import.arg.file'))
    .option('--encoding <encoding>', t('import.opt.encoding'))
    .option('--dry-run', t('quote.import.opt.dryRun'))
    .option('--json', t('cli.opt.json'))
    .helpOption('-h, --help', t('cli.helpOption'))
    .exitOverride()
    .action(async (file: string, _flags: unknown, cmd: Command) => {
      // --json may be taken by `quote` itself when it comes after the file: read both levels.
      const flags = cmd.optsWithGlobals<{ encoding?: string; dryRun?: boolean; json?: boolean }>();
      const encoding = (await import('../features/import/decode.js')).parseEncodingFlag(flags.encoding);
      const code = await app.withContext(cmd, async (ctx) => {
        const { importQuotes, quoteImportExit } = await import('../features/quote/import.js');
        const { quoteImportJson, renderQuoteImportSummary } = await import('../ui/quote-import.js');
        const summary = await importQuotes(ctx, file, { encoding, dryRun: flags.dryRun });
        ctx.err.write(renderQuoteImportSummary(ctx.t, summary));
        if (flags.json) (await import('../ui/json.js')).printJson(ctx.out, quoteImportJson(summary));
        return quoteImportExit(summary);
      });
      if (code !== EXIT.ok) throw new ExitStatus(code);
    });
  examples(command, t, [
    'renew quote import 平安回传报价.csv',
    'renew quote import 人保报价.csv --encoding gbk --json',
    'renew quote import 报价汇总.csv --dry-run',
  ]);
}
