import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/rules/settings.js';
import { badSettingsIn, loadSettings, readStoredSettings, saveSetting, settingsOf } from '../../src/storage/queries/settings.js';
import { certifiedInsurers } from '../../src/features/insurers.js';
import { makeTestContext } from '../helpers/context.js';

describe('settings', () => {
  it('returns defaults, then stored values', async () => {
    const ctx = await makeTestContext();
    expect((await loadSettings(ctx.db)).call_lead_days).toBe(45);
    await saveSetting(ctx.db, 'call_lead_days', '30', 'now');
    await saveSetting(ctx.db, 'store_name', '广州天河丰田4S店', 'now');
    await saveSetting(ctx.db, 'certified_insurers', '["中国人保","平安产险"]', 'now');
    const s = await loadSettings(ctx.db);
    expect([s.call_lead_days, s.store_name, s.certified_insurers, s.sms_lead_days]).toEqual([30, '广州天河丰田4S店', ['中国人保', '平安产险'], 60]);
    expect(certifiedInsurers(s, new Map())).toEqual(['中国人保', '平安产险']);
  });

  it('one read serves every store as loadSettings does per store: the store own values over the group-wide over the defaults', async () => {
    const ctx = await makeTestContext();
    await saveSetting(ctx.db, 'call_lead_days', '30', 'now');
    await saveSetting(ctx.db, 'call_lead_days', '20', 'now', undefined, 'GZ01');
    await saveSetting(ctx.db, 'store_name', '天河店', 'now', undefined, 'GZ01');
    await ctx.db.insertInto('settings').values({ store: 'SZ02', key: 'sms_lead_days', value: '"soon"', updated_at: 'now' }).execute();
    await ctx.db.insertInto('settings').values({ store: '', key: 'from_a_newer_renew', value: '1', updated_at: 'now' }).execute();
    const rows = await readStoredSettings(ctx.db);
    for (const store of [undefined, '', 'GZ01', 'SZ02', 'XX']) expect(settingsOf(rows, store)).toEqual(await loadSettings(ctx.db, store));
    expect([settingsOf(rows, 'GZ01').call_lead_days, settingsOf(rows, 'GZ01').store_name, settingsOf(rows).call_lead_days, settingsOf(rows, 'SZ02').sms_lead_days]).toEqual([20, '天河店', 30, 60]);
    expect(badSettingsIn(rows)).toEqual([{ key: 'sms_lead_days', value: '"soon"', fallback: '60', store: 'SZ02' }]);
  });

  it.each([
    ['call_lead_days', '-1'],
    ['call_lead_days', 'soon'],
    ['calling_hours', '20:00-09:00'],
    ['certified_insurers', '"人保"'],
    ['store_name', ' '],
    ['max_premium_yuan', '1000000'],
    ['max_premium_yuan', '{"compulsory":5000}'],
    ['max_premium_yuan', '{"compulsory":0,"commercial":1000000}'],
    ['max_premium_yuan', '{"compulsory":1e999,"commercial":1000000}'],
    ['max_premium_yuan', '{"compulsory":5000.5,"commercial":1000000}'],
    ['max_premium_yuan', '{"compulsory":5000,"commercial":1000000,"other":1}'],
  ])('rejects %s = %s and stores nothing', async (key, raw) => {
    const ctx = await makeTestContext();
    await expect(saveSetting(ctx.db, key, raw, 'now')).rejects.toMatchObject({ key: 'settings.badValue', vars: { key } });
    expect(await ctx.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });

  it('max_premium_yuan: 1,000,000 yuan for each kind unless the store sets its own', async () => {
    const ctx = await makeTestContext();
    expect((await loadSettings(ctx.db)).max_premium_yuan).toEqual({ compulsory: 1_000_000, commercial: 1_000_000 });
    await saveSetting(ctx.db, 'max_premium_yuan', '{"compulsory":5000,"commercial":200000}', 'now');
    expect((await loadSettings(ctx.db)).max_premium_yuan).toEqual({ compulsory: 5000, commercial: 200_000 });
  });

  it('names the known settings for an unknown key', async () => {
    const ctx = await makeTestContext();
    await expect(saveSetting(ctx.db, 'colour', '1', 'now')).rejects.toMatchObject({ key: 'settings.unknownKey', exitCode: 64 });
  });

  it('has no fallback: an unset list certifies no insurer, whatever was imported', async () => {
    const ctx = await makeTestContext();
    const v = await ctx.db.insertInto('vehicles').values({ plate: '粤A12345', created_at: 'x', updated_at: 'x' } as never).returning('id').executeTakeFirstOrThrow();
    await ctx.db.insertInto('policies').values({ vehicle_id: v.id, kind: 'compulsory', insurer: '安心财险', natural_key: 'a', end_date: '2026-12-01', created_at: 'x', updated_at: 'x' } as never).execute();
    expect(certifiedInsurers(await loadSettings(ctx.db), new Map())).toEqual([]);
  });

  it('lists certified insurers by their canonical names, each once', () => {
    const aliases = new Map([['人保', '中国人保'], ['中国人保', '中国人保'], ['平安', '平安产险']]);
    expect(certifiedInsurers({ ...DEFAULT_SETTINGS, certified_insurers: ['人保', '中国人保', '平安', '安心财险'] }, aliases)).toEqual(['中国人保', '平安产险', '安心财险']);
  });
});
