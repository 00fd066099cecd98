/**
 * Who did it (issue 16): every event records the person at the keyboard, RENEW_USER
 * or else the OS login, beside the vehicle's assigned specialist.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';

const EXPORT = [
  '车牌号,车主,联系电话,险种类型,保险公司,保费,起保日期,保险止期,续保专员',
  '粤A12345,张伟,13812341234,交强险,中国人保,950,2025-12-16,2026-12-15,王丽',
].join('\n');

describe('the actor on every event (built binary)', () => {
  it('is RENEW_USER when set, else the OS login; history shows it and keeps the specialist', () => {
    const dir = tempDir('renew-actor-');
    const env = (user?: string) => ({
      RENEW_DB: join(dir, 'renew.db'), RENEW_TODAY: '2026-11-24 10:00', RENEW_LANG: 'zh-CN', NO_COLOR: '1', ...(user ? { RENEW_USER: user } : {}),
    });
    writeFileSync(join(dir, 'export.csv'), EXPORT);
    expect(runCli(['import', join(dir, 'export.csv')], { env: env() }).code).toBe(0);
    expect(runCli(['call', '粤A12345', '--outcome', 'no_answer'], { env: env('李强') }).code).toBe(0);
    expect(runCli(['call', '粤A12345', '--outcome', 'no_answer'], { env: env() }).code).toBe(0);
    const history = JSON.parse(runCli(['history', '粤A12345', '--json'], { env: env() }).stdout) as { events: { actor: string | null; specialist: string | null }[] };
    expect(history.events.map((e) => [e.actor, e.specialist])).toEqual([['李强', '王丽'], [userInfo().username, '王丽']]);
    const screen = runCli(['history', '粤A12345'], { env: env() }).stdout;
    expect(screen).toContain('李强');
  });
});
