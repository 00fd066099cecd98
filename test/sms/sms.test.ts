import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/rules/clock.js';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { runSms } from '../../src/commands/sms.js';
import { smsParts } from '../../src/features/sms/length.js';
import type { RenewError } from '../../src/errors.js';
import { loadTemplate, parseTemplate, renderTemplate, sexFromId } from '../../src/features/sms/template.js';
import { builtInDataDir } from '../../src/features/data-files.js';
import { makeTestContext, tempDir, type TestContext } from '../helpers/context.js';
import { seedCase } from '../helpers/seed-cases.js';

const TODAY = '2026-11-24';
const day = (n: number) => addDays(TODAY, n);
let ctx: TestContext;
afterEach(async () => ctx?.store.close());

const VALUES = {
  customer: '李雷', title: '先生', plate: '粤A22222', end_date: '2026-12-14', days_left: '20',
  store: '天河4S店', store_phone: '020-88886666', specialist: '小王', specialist_phone: '13900001111',
};

describe('SMS template', () => {
  it('renders placeholders and drops note lines', () => {
    const t = parseTemplate('t.txt', '# a note\n{customer}{title}您好，{plate}将于{end_date}到期，请联系{specialist} {specialist_phone}。\n');
    expect(renderTemplate(t, VALUES)).toBe('李雷先生您好，粤A22222将于2026-12-14到期，请联系小王 13900001111。');
    expect(t.uses).toEqual(['customer', 'title', 'plate', 'end_date', 'specialist', 'specialist_phone']);
  });

  it('leaves no double space when a value is empty', () => {
    expect(renderTemplate(parseTemplate('t.txt', 'Dear {title} {customer},'), { ...VALUES, title: '', customer: 'Li Lei' })).toBe('Dear Li Lei,');
  });

  it('names the file, line and placeholder of an unknown placeholder', () => {
    expect(() => parseTemplate('/data/sms/zh-CN.txt', '# note\n您好{custmer}')).toThrow(expect.objectContaining({
      key: 'sms.unknownPlaceholder',
      vars: expect.objectContaining({ path: '/data/sms/zh-CN.txt', line: 2, placeholder: '{custmer}' }),
    }));
    expect(() => parseTemplate('e.txt', '# only notes\n\n')).toThrow(expect.objectContaining({ key: 'sms.emptyTemplate' }));
  });

  it('ships valid zh-CN and en templates', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const t = loadTemplate([builtInDataDir()], lang);
      expect(t.path).toBe(join(builtInDataDir(), 'sms', `${lang}.txt`));
      expect(t.uses).toEqual(expect.arrayContaining(['customer', 'plate', 'end_date', 'store', 'specialist_phone']));
    }
  });

  it('reads the title from the ID number', () => {
    expect(sexFromId('440106199001011234')).toBe('male'); // 17th digit 3
    expect(sexFromId('44010619850315002X')).toBe('female'); // 17th digit 2
    expect(sexFromId('440106900101123')).toBe('male'); // 15 digits, last 3
    expect(sexFromId(null)).toBeUndefined();
    expect(sexFromId('abc')).toBeUndefined();
  });
});

async function smsContext(options: { dataDir?: string; isTTY?: boolean } = {}) {
  const c = await makeTestContext({ now: `${TODAY} 10:00`, ...options });
  await saveSetting(c.db, 'store_name', '天河4S店', TODAY);
  await saveSetting(c.db, 'specialist_phones', '{"小王":"13900001111"}', TODAY);
  await seedCase(c.db, { plate: '粤A22222', owner: '李雷', phone: '13722223333', idNo: '440106199001011234', end: day(20), specialist: '小王' });
  await seedCase(c.db, { plate: '粤A33333', owner: '韩梅梅', phone: '13633334444', idNo: '44010619850315002X', end: day(59), specialist: '小王' });
  await seedCase(c.db, { plate: '粤A99999', owner: '远期', end: day(61) });
  return c;
}

const smsEvents = (c: TestContext) => c.db.selectFrom('events').select(['case_id', 'outcome', 'channel', 'at']).where('outcome', '=', 'sms_sent').execute();

describe('renew sms', () => {
  it('prints the batch (phones masked) and records nothing without --mark-sent', async () => {
    ctx = await smsContext({ dataDir: templateDir('{customer}{title}：{plate} {end_date} 到期，{store} {specialist} {specialist_phone}') });
    await runSms(ctx, { template: 'zh-CN' });
    expect(ctx.stdout.text).toBe(
      '车牌\t手机号\t短信内容\n' +
      '粤A22222\t137****3333\t李雷先生：粤A22222 12月14日 到期，天河4S店 小王 13900001111\n' +
      '粤A33333\t136****4444\t韩梅梅女士：粤A33333 1月22日 到期，天河4S店 小王 13900001111\n',
    );
    expect(ctx.stderr.text).toBe('未记录发送状态：确认发出后，用 --mark-sent 记录，客户才会移出短信名单。\n');
    expect(await smsEvents(ctx)).toEqual([]);
  });

  it('golden: on a TTY, one block per customer', async () => {
    ctx = await smsContext({ dataDir: templateDir('{customer}{title}：{plate} {end_date} 到期'), isTTY: true });
    await runSms(ctx, { template: 'zh-CN' });
    expect(ctx.stdout.text).toBe(
      '粤A22222  李雷  137****3333\n  李雷先生：粤A22222 12月14日 到期\n\n' +
      '粤A33333  韩梅梅  136****4444\n  韩梅梅女士：粤A33333 1月22日 到期\n',
    );
  });

  it('--out writes the phone,message CSV in the user\'s language (owner-only, full phones) and refuses to overwrite', async () => {
    ctx = await smsContext({ dataDir: templateDir('{customer}，{plate}于{end_date}到期') });
    const out = join(tempDir(), 'batch.csv');
    await runSms(ctx, { template: 'zh-CN', out });
    expect(readFileSync(out, 'utf8')).toBe('\uFEFF电话,短信内容\r\n13722223333,李雷，粤A22222于12月14日到期\r\n13633334444,韩梅梅，粤A33333于1月22日到期\r\n');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(ctx.stdout.text).toBe('');
    await expect(runSms(ctx, { template: 'zh-CN', out, markSent: true })).rejects.toMatchObject({ key: 'errors.fileExists' });
    expect(await smsEvents(ctx)).toEqual([]); // the refused run recorded nothing
    await runSms(ctx, { template: 'zh-CN', out, force: true });
  });

  it('--mark-sent records one sms_sent event per case, once: a second run finds nothing', async () => {
    ctx = await smsContext();
    await runSms(ctx, { template: 'en', markSent: true, json: true });
    const batch = JSON.parse(ctx.stdout.text);
    expect(batch.map((l: { plate: string }) => l.plate)).toEqual(['粤A22222', '粤A33333']);
    expect(batch[0].message).toBe('[天河4S店] Dear Mr. 李雷, the insurance for 粤A22222 ends on 14 Dec. To stay covered, call 小王 (13900001111) to renew with us. Reply T to opt out.');
    expect(ctx.stderr.text).toContain('已记录 2 条短信为已发送。');
    const events = await smsEvents(ctx);
    expect(events).toEqual([
      { case_id: 1, outcome: 'sms_sent', channel: 'sms', at: `${TODAY} 10:00:00` },
      { case_id: 2, outcome: 'sms_sent', channel: 'sms', at: `${TODAY} 10:00:00` },
    ]);
    ctx.stdout.text = '';
    ctx.stderr.text = '';
    await runSms(ctx, { template: 'zh-CN', markSent: true });
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toBe('2026-11-24 没有要发的续保短信。\n');
    expect(await smsEvents(ctx)).toHaveLength(2);
  });

  it('marking the same batch twice records it once', async () => {
    ctx = await smsContext();
    const { loadSettings } = await import('../../src/storage/queries/settings.js');
    const { buildTodayQueue } = await import('../../src/features/today/groups.js');
    const { buildSmsBatch, markSent } = await import('../../src/features/sms/batch.js');
    const settings = await loadSettings(ctx.db);
    const queue = await buildTodayQueue(ctx.db, settings, { date: TODAY, time: '10:00' });
    const batch = buildSmsBatch(queue.groups.sms, loadTemplate(ctx.dataDirs, 'zh-CN'), settings);
    expect(await markSent(ctx.store, batch.lines, `${TODAY} 10:00:00`, `${TODAY} 10:00:00`, '王丽')).toBe(2);
    expect(await markSent(ctx.store, batch.lines, `${TODAY} 10:05:00`, `${TODAY} 10:05:00`, '王丽')).toBe(0);
    expect(await smsEvents(ctx)).toHaveLength(2);
  });

  it('a store template with an unknown placeholder stops the run before anything is written', async () => {
    ctx = await smsContext({ dataDir: templateDir('您好{customer}，请致电{phone}') });
    const out = join(tempDir(), 'never.csv');
    await expect(runSms(ctx, { template: 'zh-CN', out, markSent: true })).rejects.toMatchObject({
      key: 'sms.unknownPlaceholder',
      vars: expect.objectContaining({ placeholder: '{phone}', line: 2 }), // line 1 is the note
    });
    expect(() => statSync(out)).toThrow();
    expect(await smsEvents(ctx)).toEqual([]);
  });

  it('skips customers without a phone and says which', async () => {
    ctx = await smsContext();
    await seedCase(ctx.db, { plate: '粤A00000', phone: null, end: day(3) });
    await runSms(ctx, { template: 'zh-CN' });
    expect(ctx.stderr.text).toContain('1 位客户没有手机号，已跳过：粤A00000');
    expect(ctx.stdout.text).not.toContain('粤A00000');
  });
});

/** A RENEW_DATA_DIR with sms/zh-CN.txt holding `text`. */
function templateDir(text: string): string {
  const dir = tempDir('renew-sms-');
  mkdirSync(join(dir, 'sms'));
  writeFileSync(join(dir, 'sms', 'zh-CN.txt'), `# test template\n${text}\n`);
  return dir;
}

describe('SMS a customer receives as meant', () => {
  it('--out and --mark-sent are refused while store_name is the placeholder; showing the batch is not', async () => {
    ctx = await smsContext();
    await saveSetting(ctx.db, 'store_name', '本店', TODAY);
    const out = join(tempDir(), 'batch.csv');
    for (const options of [{ out }, { markSent: true }]) {
      const e = await runSms(ctx, { template: 'zh-CN', ...options }).then(() => undefined, (err: unknown) => err);
      expect(e).toMatchObject({ key: 'sms.placeholderStoreName', exitCode: 1 });
      expect(ctx.t((e as RenewError).key, (e as RenewError).vars)).toBe('门店名称还是占位的“本店”，短信会以【本店】署名发给客户。请先设置店名：renew settings store_name 你的店名');
    }
    expect([existsSync(out), await smsEvents(ctx)]).toEqual([false, []]);
    await runSms(ctx, { template: 'zh-CN' });
    expect(ctx.stdout.text).toContain('粤A22222');
  });

  it('a message longer than 70 characters is reported with its length and SMS count', async () => {
    ctx = await smsContext({ dataDir: templateDir(`{customer}{title}：{plate} {end_date} 到期。${'请尽快联系本店办理续保'.repeat(6)}`) });
    await runSms(ctx, { template: 'zh-CN' });
    expect(ctx.stderr.text.split('\n')[0]).toBe('2 条短信超过 70 字，会按多条计费：粤A22222（89 字，2 条）、粤A33333（89 字，2 条）');
    expect([smsParts('字'.repeat(70)), smsParts('字'.repeat(71)), smsParts('字'.repeat(135)), smsParts('a'.repeat(160)), smsParts('a'.repeat(161))]).toEqual([1, 2, 3, 1, 2]);
  });

  it('the shipped templates never invite the customer to shop around, and fit one SMS', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const t = loadTemplate([builtInDataDir()], lang);
      expect(t.text).not.toMatch(/比价|比较|货比|对比|compare|shop around|cheaper/i);
    }
    ctx = await smsContext();
    await runSms(ctx, { template: 'zh-CN', json: true });
    expect(JSON.parse(ctx.stdout.text).map((l: { message: string }) => smsParts(l.message))).toEqual([1, 1]);
  });
});
