// Writes docs/commands.md from each command's own --help (English), so the reference
// cannot drift from the program. `--check` exits 1 when the file is out of date
// (test/cli/help.test.ts runs it). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/renew.js', import.meta.url));
const OUT = fileURLToPath(new URL('../docs/commands.md', import.meta.url));
const COMMANDS = ['import', 'today', 'quote', 'quote import', 'proposal', 'sms', 'call', 'history', 'add', 'edit', 'custody', 'deposit', 'report', 'target', 'demo', 'settings', 'store', 'backup', 'restore', 'doctor', 'purge', 'user', 'assign', 'recycle'];
const env = { PATH: process.env.PATH, HOME: '/nonexistent', LANG: 'en_US.UTF-8', NO_COLOR: '1', COLUMNS: '100' };
const help = (...args) => execFileSync(process.execPath, [BIN, '--lang', 'en', ...args, '--help'], { env, encoding: 'utf8' }).trimEnd();

let doc = '# Command reference\n\nGenerated from `renew <command> --help` by `node scripts/command-docs.mjs`; do not edit by hand.\n';
doc += 'Every command also answers in Chinese: `renew --lang zh-CN <command> --help`.\n\n';
doc += '## renew\n\n```text\n' + help() + '\n```\n';
for (const name of COMMANDS) doc += `\n## renew ${name}\n\n\`\`\`text\n${help(...name.split(' '))}\n\`\`\`\n`;

if (process.argv.includes('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== doc) {
    console.error('docs/commands.md is out of date: run `npm run build && node scripts/command-docs.mjs`');
    process.exit(1);
  }
} else {
  writeFileSync(OUT, doc);
}
