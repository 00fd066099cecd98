import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';

describe('the renew entry', () => {
  it('exits 64 on an unknown option, without a stack trace', () => {
    const r = runCli(['--bogus']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('There is no option "--bogus"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains a missing database in one line plus a hint (zh-CN)', () => {
    const db = join(tempDir(), 'missing.db');
    const r = runCli(['--lang', 'zh-CN', 'today'], { env: { RENEW_DB: db } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`错误: 找不到数据库 ${db}。\n提示: 先用 “renew import 保单.csv” 导入保单，或用 “renew demo” 生成示例数据；也可用 --db 指定文件。\n`);
  });

  it('rejects a malformed RENEW_TODAY', () => {
    const r = runCli(['settings'], { env: { RENEW_TODAY: '2026-02-30', RENEW_DB: join(tempDir(), 'x.db') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RENEW_TODAY "2026-02-30" is not a date');
  });

  it('creates the database owner-only, honouring --db over RENEW_DB', () => {
    const dir = tempDir();
    const r = runCli(['--db', join(dir, 'a.db'), 'settings', 'store_name', '天河店'], { env: { RENEW_DB: join(dir, 'b.db') } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Saved: store_name = "天河店"\n');
    expect(statSync(join(dir, 'a.db')).mode & 0o777).toBe(0o600);
    expect(() => statSync(join(dir, 'b.db'))).toThrow();
    const shown = runCli(['--db', join(dir, 'a.db'), 'settings', 'store_name', '--json']);
    expect(JSON.parse(shown.stdout)).toEqual({ store_name: '天河店' });
  });

  it('refuses a bad setting with exit 64 (a bad value on the command line) and names the format', () => {
    const r = runCli(['settings', 'sms_lead_days', 'two months'], { env: { RENEW_DB: join(tempDir(), 'x.db') } });
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('error: Setting sms_lead_days: "two months" is not valid. Example of the format: 60\n');
  });

  it('names the known settings when asked for an unknown one (exit 64)', () => {
    const r = runCli(['settings', 'colour'], { env: { RENEW_DB: join(tempDir(), 'x.db') } });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^error: There is no setting "colour"\. Settings: store_name, store_phone, .*backup_before_import_rows, max_premium_yuan, purge_min_age_days, quote_valid_days, custody_alert_days, claim_minutes\n$/);
  });
});
