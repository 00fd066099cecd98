import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCli } from '../../src/cli.js';
import { runCli } from '../helpers/cli.js';

const EXPECTED = ['import', 'today', 'quote', 'proposal', 'sms', 'call', 'history', 'add', 'edit', 'custody', 'deposit', 'report', 'target', 'demo', 'settings', 'store', 'backup', 'restore', 'doctor', 'purge', 'user', 'assign', 'recycle'];

describe('every command documents itself', () => {
  const { program } = createCli([], { RENEW_LANG: 'en' });
  const names = program.commands.map((c) => c.name()).filter((n) => n !== 'help');

  it('registers every command', () => {
    expect(names.sort()).toEqual([...EXPECTED].sort());
  });

  it.each(EXPECTED)('renew %s --help has a description and an example, in both languages', (name) => {
    for (const [lang, heading, usage] of [['en', 'Examples:', 'Usage:'], ['zh-CN', '示例：', '用法：']] as const) {
      const r = runCli(['--lang', lang, name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${usage} renew ${name}`);
      expect(r.stdout).toContain(heading);
      expect(r.stdout).toMatch(new RegExp(`\\n  renew ${name}`));
    }
  });

  it('docs/commands.md matches the help the program prints', () => {
    const script = fileURLToPath(new URL('../../scripts/command-docs.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
