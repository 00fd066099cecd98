/** Issue 12.9: commander's errors, --lang and bad option values (built binary). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('usage errors are one translated line, exit 64', () => {
  it.each([
    [['tody'], 'error: There is no command "tody" (renew --help lists them). Did you mean today?'],
    [['today', '--jsn'], 'error: There is no option "--jsn" here (add --help to see the options). Did you mean --json?'],
    [['--lang', 'zh-CN', 'tody'], '错误: 没有“tody”这个命令（renew --help 可查看全部命令）。 您是不是想输入 today？'],
    [['history'], 'error: The argument <plate> is missing (add --help for an example).'],
    [['--lang', 'fr', 'today'], 'error: Unsupported language "fr": use --lang zh-CN or --lang en.'],
    [['report', '--month', '2026-13'], 'error: Month "2026-13" is not valid: use YYYY-MM, e.g. 2026-11.'],
  ])('renew %j', (args, line) => {
    const r = runCli(args, { env: { RENEW_DB: '/nonexistent/renew.db' } });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 64, stderr: `${line}\n` });
  });

  it('help headings are translated', () => {
    const r = runCli(['--lang', 'zh-CN', 'today', '--help']);
    expect(r.stdout).toMatch(/^用法：/);
    expect(r.stdout).toContain('\n选项：\n');
    expect(r.stdout).not.toContain('Options:');
  });
});
