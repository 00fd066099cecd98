/**
 * Declares the `renew` program: global options and one `define` per command.
 * Each command module parses its own options and lazily imports its core, so
 * `renew today` never loads the importer or inquirer.
 */
import { Command } from 'commander';
import { type App, createApp } from './commands/app.js';
import * as backup from './commands/backup.js';
import * as call from './commands/call.js';
import * as demo from './commands/demo.js';
import * as doctor from './commands/doctor.js';
import * as history from './commands/history.js';
import * as importCommand from './commands/import.js';
import * as purge from './commands/purge.js';
import * as report from './commands/report.js';
import * as restore from './commands/restore.js';
import * as settings from './commands/settings.js';
import * as sms from './commands/sms.js';
import * as target from './commands/target.js';
import * as today from './commands/today.js';
import { detectLang } from './i18n/index.js';

export interface CommandModule {
  define(program: Command, app: App): void;
}

const COMMANDS: readonly CommandModule[] = [
  importCommand, today, sms, call, history, report, target, demo, settings, backup, restore, doctor, purge,
];

/** The language is needed before parsing (help texts), so --lang is read from argv first. */
export function langFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
  return detectLang(flag, env);
}

export function buildProgram(app: App): Command {
  const { t } = app;
  const program = new Command('renew')
    .description(t('cli.description'))
    .version('0.1.0', '-V, --version', t('cli.versionOption'))
    .helpOption('-h, --help', t('cli.helpOption'))
    .helpCommand('help [command]', t('cli.helpCommand'))
    .option('--db <path>', t('cli.opt.db'))
    .option('--lang <lang>', t('cli.opt.lang'))
    .option('--no-color', t('cli.opt.noColor'))
    .option('--reveal', t('cli.opt.reveal'))
    .showHelpAfterError()
    .exitOverride();
  for (const command of COMMANDS) command.define(program, app);
  for (const command of program.commands) command.exitOverride().helpOption('-h, --help', t('cli.helpOption'));
  return program;
}

export function createCli(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const app = createApp(langFromArgv(argv, env), env);
  return { app, program: buildProgram(app) };
}
