/** `renew import FILE...`: policy exports into the database (see src/features/import/). */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { type App, examples } from './app.js';

interface ImportFlags {
  encoding?: string;
  map: string[];
  strict?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** Files at least this large get a progress bar (on a terminal). */
const PROGRESS_MIN_BYTES = 4 << 20;

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('import')
    .description(t('import.description'))
    .argument('<file...>')
    .option('--encoding <encoding>', t('import.opt.encoding'))
    .option('--map <header=field>', t('import.opt.map'), (v: string, all: string[]) => [...all, v], [])
    .option('--strict', t('import.opt.strict'))
    .option('--dry-run', t('import.opt.dryRun'))
    .option('--json', t('import.opt.json'))
    .action(async (files: string[], opts: ImportFlags, cmd: Command) => {
      const { EXIT, ExitStatus } = await import('../errors.js');
      const { parseEncodingFlag } = await import('../features/import/decode.js');
      const { parseMapOption } = await import('../rules/columns.js');
      const encoding = parseEncodingFlag(opts.encoding);
      const map = parseMapOption(opts.map);
      const code = await app.withContext(
        cmd,
        async (ctx) => {
          const { importFiles } = await import('../features/import/import-file.js');
          const { exitCodeOf, jsonOf, printFileSummary, printTotal } = await import('../features/import/summary.js');
          const big = files.some((f) => {
            try {
              return statSync(f).size >= PROGRESS_MIN_BYTES;
            } catch {
              return false;
            }
          });
          const results = await importFiles(ctx, files, {
            encoding,
            map,
            strict: opts.strict,
            dryRun: opts.dryRun,
            progress: big && Boolean(process.stderr.isTTY),
          });
          for (const r of results) {
            if ('summary' in r) printFileSummary(ctx, r.summary);
            else ctx.err.write(`${t('errors.prefix')}: ${t(r.error.key, r.error.vars)}\n`);
          }
          if (results.length > 1) printTotal(ctx, results);
          if (opts.json) {
            const { printJson } = await import('../ui/json.js');
            printJson(ctx.out, jsonOf(results));
          }
          return exitCodeOf(results);
        },
        { create: true },
      );
      if (code !== EXIT.ok) throw new ExitStatus(code);
    });
  examples(command, t, [
    'renew import 保单导出.csv',
    'renew import 交强险.csv 商业险.csv --json',
    'renew import 客户清单.csv --encoding gbk --map "牌照号=plate" --map "保单号码=policy_no"',
    'renew import 保单导出.csv --dry-run',
    'renew import 保单导出.csv --strict',
  ]);
}
