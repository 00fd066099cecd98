/**
 * End to end in a real terminal (tmux): `renew call` offers the case's stored quotes,
 * renews from the one picked, and stores a quote entered during the call. Each key is
 * sent only once the prompt it answers is drawn. Skipped only when tmux is not
 * installed. Build first (`npm run build`; `npm test` does).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { killSessions, newSession, shellQuote as quote, TMUX, tmux, waitForPrompt, waitUntil } from '../helpers/tmux.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from './seed.js';

const TODAY = '2026-11-24 10:00';
const screen = (session: string) => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
const waitFor = (session: string, text: string) => waitUntil(() => screen(session), text);
const prompt = (session: string, message: string) => waitForPrompt(() => screen(session), message);

/** A store with 粤A12345 and two quotes: #1 平安产险 (cheapest), #2 中国人保. */
async function withQuotes(): Promise<string> {
  const db = join(tempDir('renew-call-quote-e2e-'), 'renew.db');
  const store = await openStore(db, { create: true });
  await seedVehicle(store.db, ZHANG);
  await certify(store.db, USUAL_INSURERS);
  await store.close();
  const env = { RENEW_DB: db, RENEW_TODAY: TODAY, RENEW_LANG: 'zh-CN' };
  expect(runCli(['quote', '粤A12345', '--insurer', '平安', '--compulsory', '950', '--tax', '360', '--commercial', '2466.30', '--plan', '经济型'], { env }).code).toBe(0);
  expect(runCli(['quote', '粤A12345', '--insurer', '人保', '--compulsory', '950', '--tax', '360', '--commercial', '3188.60'], { env }).code).toBe(0);
  return db;
}

function startCall(session: string, db: string): { keys: (...k: string[]) => void } {
  newSession(session, [
    `RENEW_DB=${quote(db)}`, `RENEW_TODAY=${quote(TODAY)}`, 'RENEW_LANG=zh-CN', 'NO_COLOR=1',
    quote(process.execPath), quote(BIN), 'call', quote('粤A12345'), '; echo "EXIT=$?"; sleep 60',
  ].join(' '));
  return { keys: (...k: string[]) => void tmux('send-keys', '-t', session, ...k) };
}

/** From the question after the quote to the end: each start date, close, confirm, two policy numbers, note. */
async function renewAfterQuote(session: string, keys: (...k: string[]) => void, total: string): Promise<string> {
  await prompt(session, '交强险起保日期');
  keys('Enter');
  await prompt(session, '商业险起保日期');
  keys('Enter');
  await waitFor(session, `合计 ${total} 元。`);
  await prompt(session, '下一步');
  keys('Enter'); // close, pre-selected after a quote
  await prompt(session, `登记续保成功（${total} 元）？`);
  keys('Enter');
  await prompt(session, '交强险新保单号（还没出单就直接回车）');
  keys('Enter');
  await prompt(session, '商业险新保单号（还没出单就直接回车）');
  keys('Enter');
  await prompt(session, '备注（直接回车跳过）');
  keys('Enter');
  return waitFor(session, 'EXIT=');
}

const history = (db: string) => JSON.parse(runCli(['history', '粤A12345', '--json'], { env: { RENEW_DB: db } }).stdout) as { events: Record<string, unknown>[] };

afterEach(killSessions);

describe.skipIf(!TMUX)('renew call with stored quotes, in a real terminal', () => {
  it('offers the stored quotes and renews from the one picked', async () => {
    const db = await withQuotes();
    const session = `renew-call-quote-${process.pid}`;
    const { keys } = startCall(session, db);
    await prompt(session, '电话接通了吗？');
    keys('Enter');
    await prompt(session, '下一步');
    keys('Enter'); // quote
    const pick = await prompt(session, '用哪份报价？');
    expect(pick).toContain('1. #1 平安产险 经济型，合计 3,776.30 元，有效期至 2026-12-01');
    expect(pick).toContain('2. #2 中国人保，合计 4,498.60 元，有效期至 2026-12-01');
    expect(pick).toContain('3. 录入新报价（保存为报价单）');
    keys('-l', '2');
    await waitFor(session, '❯ 2. #2 中国人保');
    keys('Enter');
    const end = await renewAfterQuote(session, keys, '4,138.60');
    expect(end).toContain('已登记 #1：粤A12345 续保成功。');
    expect(end).toContain('EXIT=0');
    expect(history(db).events).toEqual([expect.objectContaining({ outcome: 'renewed', insurer: '中国人保', premium: 4138.6, quote_id: 2 })]);
  }, 90_000); // it waits for each prompt: a busy machine makes it slower, never wrong

  it('stores a quote entered during the call and renews from it', async () => {
    const db = await withQuotes();
    const session = `renew-call-quote-new-${process.pid}`;
    const { keys } = startCall(session, db);
    await prompt(session, '电话接通了吗？');
    keys('Enter');
    await prompt(session, '下一步');
    keys('Enter');
    await prompt(session, '用哪份报价？');
    keys('-l', '3');
    await waitFor(session, '❯ 3. 录入新报价');
    keys('Enter');
    await prompt(session, '哪家保险公司的报价？');
    keys('Enter'); // 中国人保, last year's
    await prompt(session, '交强险（元）：');
    keys('Enter');
    await prompt(session, '车船税（元）：');
    keys('-l', '360');
    keys('Enter');
    await prompt(session, '商业险合计（元）：');
    keys('-l', '3000');
    keys('Enter');
    await prompt(session, '方案名称（可不填）：');
    keys('-l', '推荐型');
    keys('Enter');
    await prompt(session, '有效期至（YYYY-MM-DD）：');
    keys('Enter');
    const end = await renewAfterQuote(session, keys, '3,950.00');
    expect(end).toContain('EXIT=0');
    const listed = JSON.parse(runCli(['quote', '粤A12345', '--list', '--json'], { env: { RENEW_DB: db, RENEW_TODAY: TODAY } }).stdout) as Record<string, unknown>[];
    expect(listed.find((q) => q.id === 3)).toMatchObject({ insurer: '中国人保', plan: '推荐型', compulsory: 950, tax: 360, commercial: 3000, total: 4310, source: 'entry', valid_until: '2026-12-01' });
    expect(history(db).events).toEqual([expect.objectContaining({ outcome: 'renewed', insurer: '中国人保', premium: 3950, quote_id: 3 })]);
  }, 90_000);
});
