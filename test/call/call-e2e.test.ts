/**
 * End to end: the real binary in a pseudo-terminal (tmux), answering the script's
 * prompts with key presses, then checking what the database recorded. Skipped only
 * when tmux is not installed. Build first (`npm run build`; `npm test` does).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { killSessions, newSession, shellQuote as quote, TMUX, tmux, waitForPrompt, waitUntil } from '../helpers/tmux.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from './seed.js';

const screen = (session: string) => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);

/** Waits until `text` is on the screen (output that is not a prompt). */
const waitFor = (session: string, text: string, timeoutMs?: number) => waitUntil(() => screen(session), text, timeoutMs);
/** Waits until the prompt `message` is drawn and asking (never text already on screen): keys go only to a drawn prompt. */
const prompt = (session: string, message: string) => waitForPrompt(() => screen(session), message);

async function seededDatabase(): Promise<string> {
  const db = join(tempDir('renew-call-e2e-'), 'renew.db');
  const store = await openStore(db, { create: true });
  await seedVehicle(store.db, { ...ZHANG, installment: true });
  await certify(store.db, USUAL_INSURERS);
  await store.close();
  return db;
}

/** Starts `renew call 粤A12345` in a detached 200x60 tmux session; the pane stays open to show the exit code. */
function startCall(session: string, db: string): string {
  const command = [
    `RENEW_DB=${quote(db)}`, `RENEW_TODAY=${quote('2026-11-24 10:00')}`, 'RENEW_LANG=zh-CN', 'NO_COLOR=1',
    quote(process.execPath), quote(BIN), 'call', quote('粤A12345'), '; echo "EXIT=$?"; sleep 60',
  ].join(' ');
  return newSession(session, command);
}

afterEach(killSessions);

describe.skipIf(!TMUX)('renew call in a real terminal', () => {
  it('answers the script with key presses and records the renewal', async () => {
    expect(existsSync(BIN) && existsSync(join(BIN, '..', '..', 'dist', 'renew.cjs'))).toBe(true);
    const db = await seededDatabase();
    const session = startCall(`renew-call-e2e-${process.pid}`, db);

    const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
    await prompt(session, '电话接通了吗？');
    expect(screen(session)).toContain('── 按揭车提醒 ──');
    keys('Enter'); // answered
    const menu = await prompt(session, '下一步');
    // Numbered entries, the loss entry on screen: 4 is the objection "too expensive" (quote, close, not due, too expensive).
    expect(menu).toMatch(/4\. 异议：太贵了/);
    expect(menu).toMatch(/\d+\. 战败/);
    keys('-l', '4');
    await waitFor(session, '❯ 4. 异议：太贵了');
    keys('Enter');
    await waitFor(session, '── 异议：太贵了 ──');
    await prompt(session, '下一步'); // the menu again, quote pre-selected
    keys('Enter');
    await prompt(session, '保险公司');
    keys('Enter'); // 中国人保, last year's insurer
    await prompt(session, '险种');
    keys('Enter'); // both kinds
    await prompt(session, '交强险保费（元）');
    keys('Enter'); // 950.00
    await prompt(session, '交强险起保日期');
    keys('Enter');
    await prompt(session, '商业险保费（元）');
    keys('-l', '3200');
    keys('Enter');
    await prompt(session, '商业险起保日期');
    keys('Enter');
    await waitFor(session, '报价：中国人保，合计 4,150.00 元。');
    await prompt(session, '下一步');
    keys('Enter'); // close (pre-selected after a quote)
    await prompt(session, '登记续保成功（4,150.00 元）？');
    expect(screen(session)).toContain('身份证号 440106199001011234');
    keys('Enter'); // confirm (default yes)
    await prompt(session, '交强险新保单号（还没出单就直接回车）');
    keys('Enter'); // not issued yet
    await prompt(session, '商业险新保单号（还没出单就直接回车）');
    keys('-l', 'PDAA2026888');
    keys('Enter');
    await prompt(session, '备注（直接回车跳过）');
    keys('-l', 'ok');
    keys('Enter');
    const end = await waitFor(session, 'EXIT=');
    expect(end).toContain('已登记 #1：粤A12345 续保成功。');
    expect(end).toContain('EXIT=0');

    const json = runCli(['history', '粤A12345', '--json'], { env: { RENEW_DB: db } });
    expect(json.code).toBe(0);
    const history = JSON.parse(json.stdout) as { events: Record<string, unknown>[]; cases: Record<string, unknown>[] };
    expect(history.events).toEqual([expect.objectContaining({
      id: 1, outcome: 'renewed', channel: 'phone', insurer: '中国人保', kinds: ['compulsory', 'commercial'], compulsory_premium: 950,
      commercial_premium: 3200, premium: 4150, start_date: '2026-12-16', objections: ['too_expensive'], note: 'ok', specialist: '李娜',
      at: '2026-11-24 10:00:00',
    })]);
    expect(history.cases[0]).toMatchObject({ status: 'renewed', renewed_premium: 4150 });
  }, 60_000); // it waits for each prompt: a busy machine makes it slower, never wrong

  it('keys typed ahead are kept: the answers to two prompts sent at once, before the second is drawn, are both taken', async () => {
    const db = await seededDatabase();
    const session = startCall(`renew-call-e2e-t-${process.pid}`, db);
    await prompt(session, '电话接通了吗？');
    // One burst: Enter answers "connected"; "4" and Enter choose the objection on the menu not yet drawn.
    tmux('send-keys', '-t', session, 'Enter', '4', 'Enter');
    const shown = await waitFor(session, '── 异议：太贵了 ──');
    expect(shown).toMatch(/✔ 电话接通了吗？/);
    expect(shown).toMatch(/✔ 下一步.*异议：太贵了/);
    await prompt(session, '下一步'); // the menu again: nothing typed ahead is left over for it
    tmux('send-keys', '-t', session, 'C-c');
    const end = await waitFor(session, 'EXIT=');
    expect(end).toContain('EXIT=130');
  }, 60_000);

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const db = await seededDatabase();
    const session = startCall(`renew-call-e2e-c-${process.pid}`, db);
    await prompt(session, '电话接通了吗？');
    tmux('send-keys', '-t', session, 'Enter');
    await prompt(session, '下一步');
    tmux('send-keys', '-t', session, 'C-c');
    const end = await waitFor(session, 'EXIT=');
    expect(end).toContain('已取消，未写入任何内容。');
    expect(end).toContain('EXIT=130');
    const json = JSON.parse(runCli(['history', '粤A12345', '--json'], { env: { RENEW_DB: db } }).stdout) as { events: unknown[] };
    expect(json.events).toEqual([]);
  }, 60_000);
});

describe('renew call from the command line (flags, no terminal)', () => {
  it('records with flags, prints --json, and refuses bad input with exit codes', async () => {
    const db = await seededDatabase();
    const env = { RENEW_DB: db, RENEW_TODAY: '2026-11-24 10:00', RENEW_LANG: 'zh-CN' };
    const noTty = runCli(['call', '粤A12345'], { env });
    expect(noTty.code).toBe(64);
    expect(noTty.stderr).toContain('错误: 这个命令需要交互式终端。当前不是终端，无法逐步提问。请用参数直接登记');
    const bad = runCli(['call', '粤A12345', '--outcome', 'callback', '--next', '2026-11-23 10:00'], { env });
    expect([bad.code, bad.stderr]).toEqual([64, '错误: 回访时间 2026-11-23 10:00 已经过去（现在是 2026-11-24 10:00），请约一个以后的时间。\n']);
    const unknown = runCli(['call', '粤A12354', '--outcome', 'no_answer'], { env });
    expect([unknown.code, unknown.stderr]).toEqual([1, '错误: 找不到车牌 粤A12354。\n提示: 是不是这些车牌：粤A12345？\n']);
    const ok = runCli(['call', '粤A12345', '--outcome', 'lost', '--reason', 'telesales', '--note', '电销便宜', '--json'], { env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ id: 1, outcome: 'lost', reason: 'telesales', note: '电销便宜', specialist: '李娜' });
    expect(ok.stderr).toBe('已登记 #1：粤A12345 战败。\n');
    const closed = runCli(['call', '粤A12345', '--outcome', 'no_answer'], { env });
    expect([closed.code, closed.stderr.split('\n')[0]]).toEqual([1, '错误: 车辆 粤A12345 的本期续保已于 2026-11-24 10:00:00 结案：战败（电话 保险公司电销/网销更便宜，登记编号 #1）。']);
    const fix = runCli(['call', '粤A12345', '--correct', '1', '--outcome', 'callback', '--next', '2026-11-25 09:30', '--json'], { env });
    expect([fix.code, JSON.parse(fix.stdout).supersedes_id]).toEqual([0, 1]);
  }, 120_000); // seven runs of the binary: on a machine whose cores are busy each can take seconds
});
