/**
 * The guarded commands through the built binary on a SQLite file: once the store has
 * users, a specialist is refused target, settings changes, purge and restore with one
 * line naming the role it needs (exit 77), and someone who is not a user is refused
 * everything, naming RENEW_USER. Build first (`npm test` does).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';

describe('roles at the command line', () => {
  it('a specialist is refused what only a lead or manager may do; reading is fine', () => {
    const dir = tempDir('renew-team-cli-');
    const db = join(dir, 'renew.db');
    const as = (user: string, args: string[], lang = 'en') => runCli(args, { env: { RENEW_DB: db, RENEW_USER: user, RENEW_LANG: lang, RENEW_TODAY: '2026-11-24 10:00' } });
    expect(as('赵经理', ['user', 'add', '赵经理', '--role', 'manager']).code).toBe(0);
    expect(as('赵经理', ['user', 'add', '王丽', '--role', 'specialist']).stderr).toBe('Added 王丽 (specialist).\n');
    expect(as('赵经理', ['backup', join(dir, 'backup.db')]).code).toBe(0);

    const refusals: [string[], string][] = [
      [['target', 'set', '--month', '2026-12', '--vehicles', '10'], 'set targets'],
      [['settings', 'store_name', '天河店'], 'change settings'],
      [['purge', '--before', '2024-01-01', '--yes'], 'purge personal data'],
      [['restore', join(dir, 'backup.db'), '--yes'], 'restore the database'],
      [['user', 'add', '李强', '--role', 'specialist'], 'add or disable people'],
      [['user', 'disable', '赵经理'], 'add or disable people'],
      [['assign', '--from', '赵经理', '--to', '王丽'], 'assign cases'],
      [['recycle', '--idle-days', '7'], 'recycle idle cases'],
    ];
    for (const [args, action] of refusals) {
      const r = as('王丽', args);
      expect([r.code, r.stderr], args.join(' ')).toEqual([77, `error: 王丽 (specialist) may not ${action}: that needs a lead or manager.\n`]);
    }
    expect(as('王丽', ['settings', 'store_name']).code).toBe(0);
    expect(as('王丽', ['user', 'list']).stdout).toBe([
      'name    role        store  disabled  open cases',
      '王丽    specialist                            0',
      '赵经理  manager                               0',
      '',
    ].join('\n'));
    expect(as('赵经理', ['target', 'set', '--month', '2026-12', '--vehicles', '10']).code).toBe(0);

    const stranger = as('nobody', ['today'], 'zh-CN');
    expect([stranger.code, stranger.stderr]).toEqual([77, '错误: “nobody”不是本店的人员：请把 RENEW_USER 设为您的名字，或请组长/经理用 renew user add 添加您。\n']);
  });

  it('user add --store keeps the person\'s store; user list --store shows that store\'s people', () => {
    const db = join(tempDir('renew-team-cli-'), 'renew.db');
    const as = (args: string[]) => runCli(args, { env: { RENEW_DB: db, RENEW_USER: '赵经理', RENEW_LANG: 'en' } });
    expect(as(['user', 'add', '赵经理', '--role', 'manager']).code).toBe(0);
    for (const code of ['GZ01', 'SZ02']) expect(as(['store', 'add', code, code]).code).toBe(0);
    expect(as(['user', 'add', '王丽', '--role', 'specialist', '--store', 'GZ01']).code).toBe(0);
    expect(as(['--store', 'SZ02', 'user', 'add', '李强', '--role', 'specialist']).code).toBe(0);
    const people = (args: string[]) => (JSON.parse(as([...args, '--json']).stdout) as { name: string; store: string | null }[]).map((u) => [u.name, u.store]);
    expect(people(['user', 'list'])).toEqual([['李强', 'SZ02'], ['王丽', 'GZ01'], ['赵经理', null]]);
    expect(people(['user', 'list', '--store', 'GZ01'])).toEqual([['王丽', 'GZ01'], ['赵经理', null]]);
  });

  it('without users, nothing is checked: anyone changes settings (one person on one PC)', () => {
    const db = join(tempDir('renew-team-cli-'), 'renew.db');
    const r = runCli(['settings', 'store_name', '天河店'], { env: { RENEW_DB: db, RENEW_USER: 'whoever', RENEW_LANG: 'en' } });
    expect(r.code, r.stderr).toBe(0);
  });
});
