/**
 * `renew demo`: sample data from one seeded generator (src/features/demo/). Without
 * --csv it fills the database (refusing one that has vehicles unless --force);
 * with --csv it writes a dealer-style policy export instead, for trying `renew
 * import` and for the benchmarks.
 */
import type { Command } from 'commander';
import { EXIT, RenewError } from '../errors.js';
import { type App, examples, type GlobalOptions } from './app.js';

const DEFAULT_VEHICLES = 1000;
const DEFAULT_SEED = 1;

interface DemoOptions {
  vehicles?: string;
  seed?: string;
  csv?: string;
  force?: boolean;
  json?: boolean;
}

function wholeNumber(option: string, value: string, min: number, max: number): number {
  const n = Number(value.trim());
  if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) throw new RenewError('demo.badNumber', { option, value, min, max }, EXIT.usage);
  return n;
}

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('demo')
    .description(t('demo.description'))
    .option('--vehicles <n>', t('demo.opt.vehicles', { default: DEFAULT_VEHICLES }))
    .option('--seed <n>', t('demo.opt.seed', { default: DEFAULT_SEED }))
    .option('--csv <file>', t('demo.opt.csv'))
    .option('--force', t('demo.opt.force'))
    .option('--json', t('cli.opt.json'))
    .action(async (opts: DemoOptions, cmd: Command) => {
      const { MAX_VEHICLES } = await import('../features/demo/fleet.js');
      const vehicles = wholeNumber('--vehicles', opts.vehicles ?? String(DEFAULT_VEHICLES), 1, MAX_VEHICLES);
      const seed = wholeNumber('--seed', opts.seed ?? String(DEFAULT_SEED), 0, 2 ** 31 - 1);
      const print = async (value: unknown) => {
        const { printJson } = await import('../ui/json.js');
        printJson(io.out, value);
      };
      const io = app.io(cmd);
      // A big run takes a while: show how far it got, on a terminal only, and wipe the line after.
      const showProgress = Boolean(process.stderr.isTTY) && vehicles >= 50_000;
      const progress = showProgress ? (done: number) => io.err.write(`\r${t('demo.progress', { done, total: vehicles })}`) : undefined;
      const endProgress = () => showProgress && io.err.write('\r\x1b[K');
      if (opts.csv !== undefined) {
        const { writeDemoCsv } = await import('../features/demo/csv-sink.js');
        let counts;
        try {
          counts = writeDemoCsv(opts.csv, { vehicles, seed, today: io.today, progress }, opts.force);
        } finally {
          endProgress();
        }
        if (opts.json) await print({ file: opts.csv, vehicles: counts.vehicles, rows: counts.rows });
        io.err.write(`${t('demo.csvWritten', { path: opts.csv, ...counts })}\n${t('demo.csvNext')} renew import ${opts.csv}\n`);
        return;
      }
      await app.withContext(
        cmd,
        async (ctx) => {
          const { writeDemoDatabase } = await import('../features/demo/db-sink.js');
          const result = await writeDemoDatabase(ctx, { vehicles, seed, today: ctx.today, progress }, { force: Boolean(opts.force) }).finally(endProgress);
          if (opts.json) {
            await print({ db: ctx.store.location, vehicles: result.vehicles, policies: result.policies, cases: result.cases, events: result.events, replaced: result.replaced });
          }
          const db = cmd.optsWithGlobals<GlobalOptions>().db;
          const suffix = db ? ` --db ${/\s/.test(db) ? JSON.stringify(db) : db}` : '';
          const lines = [t('demo.written', { path: ctx.store.location, ...result })];
          if (result.replaced > 0) lines.push(t('demo.replaced', { vehicles: result.replaced }));
          lines.push(t('demo.next'));
          const next: [string, string][] = [[`renew today${suffix}`, t('demo.nextToday')]];
          if (result.callPlate) next.push([`renew call ${result.callPlate}${suffix}`, t('demo.nextCall')]);
          next.push([`renew report --month${suffix}`, t('demo.nextReport')]);
          const { displayWidth, padEnd } = await import('../ui/terminal.js');
          const width = Math.max(...next.map(([c]) => displayWidth(c)));
          for (const [commandLine, what] of next) lines.push(`  ${padEnd(commandLine, width)}  # ${what}`);
          ctx.err.write(lines.join('\n') + '\n');
        },
        { create: true },
      );
    });
  examples(command, t, [
    'renew demo',
    'renew demo --vehicles 5000 --seed 7',
    'renew demo --db /tmp/demo.db --force',
    'renew demo --csv 保单导出.csv --vehicles 500000',
  ]);
}
