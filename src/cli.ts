/**
 * Declares the `renew` program: global options and one `define` per command.
 * Each command module parses its own options and lazily imports its core, so
 * `renew today` never loads the importer or inquirer.
 */
import { Command } from 'commander';
import { type App, createApp } from './commands/app.js';
import type { Translate } from './i18n/index.js';
import * as add from './commands/add.js';
import * as edit from './commands/edit.js';
import * as custody from './commands/custody.js';
import * as deposit from './commands/deposit.js';
import * as assign from './commands/assign.js';
import * as backup from './commands/backup.js';
import * as call from './commands/call.js';
import * as demo from './commands/demo.js';
import * as doctor from './commands/doctor.js';
import * as history from './commands/history.js';
import * as importCommand from './commands/import.js';
import * as proposal from './commands/proposal.js';
import * as purge from './commands/purge.js';
import * as quote from './commands/quote.js';
import * as recycle from './commands/recycle.js';
import * as report from './commands/report.js';
import * as restore from './commands/restore.js';
import * as settings from './commands/settings.js';
import * as sms from './commands/sms.js';
import * as store from './commands/store.js';
import * as target from './commands/target.js';
import * as today from './commands/today.js';
import * as user from './commands/user.js';
import { EXIT, RenewError } from './errors.js';
import { detectLang, type MessageKey } from './i18n/index.js';

export interface CommandModule {
  define(program: Command, app: App): void;
}

const COMMANDS: readonly CommandModule[] = [
  importCommand, today, quote, proposal, sms, call, history, add, edit, custody, deposit, report, target, demo, settings, store, backup, restore, doctor, purge, user, assign, recycle,
];

/** The --lang values understood (case-insensitive); anything else is a usage error. */
const LANG_FLAGS = ['zh-cn', 'zh', 'en'];

/** The language is needed before parsing (help texts), so --lang is read from argv first. */
export function langFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
  if (flag !== undefined && !LANG_FLAGS.includes(flag.toLowerCase())) {
    throw new RenewError('cli.badLang', { value: flag }, EXIT.usage);
  }
  return detectLang(flag, env);
}

/** Commander's own help headings, in the user's language. */
const HEADINGS: Record<string, MessageKey> = {
  'Usage:': 'cli.heading.usage', 'Options:': 'cli.heading.options', 'Commands:': 'cli.heading.commands',
  'Arguments:': 'cli.heading.arguments', 'Global Options:': 'cli.heading.globalOptions',
};

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
    .option('--store <code>', t('cli.opt.store'))
    // Set before the commands are defined: subcommands inherit both.
    .configureHelp({ styleTitle: (title) => (HEADINGS[title] ? t(HEADINGS[title]) : title) })
    // Commander's own errors are printed by main.ts as one translated line (commanderError), not here.
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  for (const command of COMMANDS) command.define(program, app);
  for (const command of program.commands) command.exitOverride().helpOption('-h, --help', t('cli.helpOption'));
  return program;
}

export function createCli(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const app = createApp(langFromArgv(argv, env), env);
  return { app, program: buildProgram(app) };
}

/**
 * Commander's errors as one translated line: unknown command or option (with
 * commander's "did you mean"), a missing argument or option value, extra arguments.
 * Undefined for errors that are not the user's (help, version).
 */
export function commanderError(t: Translate, code: string, message: string): string | undefined {
  const keys: Record<string, MessageKey> = {
    'commander.unknownCommand': 'cli.err.unknownCommand',
    'commander.unknownOption': 'cli.err.unknownOption',
    'commander.missingArgument': 'cli.err.missingArgument',
    'commander.optionMissingArgument': 'cli.err.optionMissingArgument',
    'commander.missingMandatoryOptionValue': 'cli.err.optionMissingArgument',
    'commander.excessArguments': 'cli.err.excessArguments',
    'commander.invalidArgument': 'cli.err.invalidArgument',
  };
  const key = keys[code];
  if (!key) return undefined;
  const name = /'([^']+)'/.exec(message)?.[1] ?? '';
  const suggestion = /Did you mean (.+?)\?/.exec(message)?.[1];
  return t(key, { name }) + (suggestion ? ` ${t('cli.err.didYouMean', { suggestion })}` : '');
}
