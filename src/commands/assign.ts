/** `renew assign --split A,B,C | --from A --to B`: who works which customers (docs/team.md). */
import type { Command } from 'commander';
import { EXIT, RenewError } from '../errors.js';
import { type App, examples } from './app.js';

interface AssignFlags {
  split?: string;
  month?: string;
  unassigned?: boolean;
  from?: string;
  to?: string;
  plates?: string;
  json?: boolean;
}

const names = (list: string) => list.split(/[,，]/).map((s) => s.trim()).filter((s) => s !== '');

export function define(program: Command, app: App): void {
  const { t } = app;
  const command = program
    .command('assign')
    .description(t('team.assign.description'))
    .option('--split <names>', t('team.opt.split'))
    .option('--month <YYYY-MM>', t('team.opt.month'))
    .option('--unassigned', t('team.opt.unassigned'))
    .option('--from <name>', t('team.opt.from'))
    .option('--to <name>', t('team.opt.to'))
    .option('--plates <plates>', t('team.opt.plates'))
    .option('--json', t('cli.opt.json'))
    .action(async (flags: AssignFlags, cmd: Command) => {
      // Checked before the database is opened: a wrong command line writes nothing.
      const splitting = flags.split !== undefined;
      const handing = flags.from !== undefined || flags.to !== undefined;
      if (splitting === handing) throw new RenewError('team.assign.needMode', {}, EXIT.usage);
      if (handing && (flags.from === undefined || flags.to === undefined)) throw new RenewError('team.assign.toNeedsFrom', {}, EXIT.usage);
      if (flags.month !== undefined && flags.unassigned) throw new RenewError('team.assign.monthOrUnassigned', {}, EXIT.usage);
      const { parseMonthArg } = await import('../rules/clock.js');
      const month = flags.month === undefined ? undefined : parseMonthArg(flags.month);
      await app.withContext(cmd, async (ctx) => {
        const { splitCases, handOver } = await import('../features/team/assign.js');
        if (splitting) {
          const { printSplit } = await import('../ui/team.js');
          await printSplit(ctx, await splitCases(ctx, { people: names(flags.split as string), month, unassigned: flags.unassigned }), Boolean(flags.json));
          return;
        }
        const from = (flags.from as string).trim();
        const to = (flags.to as string).trim();
        const result = await handOver(ctx, { from, to, plates: flags.plates === undefined ? undefined : names(flags.plates) });
        ctx.err.write(t('team.assign.handedOver', { count: result.moved, from, to }) + '\n');
        if (flags.json) (await import('../ui/json.js')).printJson(ctx.out, { from, to, moved: result.moved, plates: result.plates });
      });
    });
  examples(command, t, [
    'renew assign --split 王丽,李强,张敏',
    'renew assign --split 王丽,李强 --month 2026-12',
    'renew assign --split 王丽,李强,张敏 --unassigned',
    'renew assign --from 王丽 --to 李强',
    'renew assign --from 王丽 --to 李强 --plates 粤A12345,粤B66666 --json',
  ]);
}
