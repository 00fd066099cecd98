/** `renew call` with no plate: the first entry of today's queue, then the next one offered after each outcome. */
import { describe, expect, it } from 'vitest';
import { runQueueCalls } from '../../src/features/call/queue.js';
import { makeTestContext } from '../helpers/context.js';
import { keyCountingPrompter } from './keys.js';
import { certify, eventsOf, seedVehicle, USUAL_INSURERS, ZHANG } from './seed.js';

async function twoDue() {
  const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
  await seedVehicle(ctx.db, ZHANG); // ends 2026-12-15
  await seedVehicle(ctx.db, { ...ZHANG, plate: '粤B22222', owner: '王芳', vin: undefined, policies: [{ kind: 'compulsory', insurer: '中国人保', premium: 950, end: '2026-11-30', policyNo: 'PDZA-B' }] });
  await certify(ctx.db, USUAL_INSURERS);
  return ctx;
}

describe('renew call with no plate', () => {
  it('opens the first entry of today\'s queue and, after the outcome, offers the next one', async () => {
    const ctx = await twoDue();
    const prompter = keyCountingPrompter(['no_answer', true, 'no_answer']);
    const events = await runQueueCalls({ ...ctx, stdinIsTTY: true, prompter }, {});
    expect(events.map((e) => e.case_id)).toEqual([2, 1]); // 粤B22222 ends first: it leads the queue
    const offer = prompter.asked.find((a) => a.kind === 'confirm');
    expect(offer?.message).toBe('下一位：粤A12345 张伟，现在打吗？');
    expect(ctx.stderr.text).toContain('今天的拨打名单已经打完（本次登记 2 通）。');
    expect(prompter.remaining).toEqual([]);
  });

  it('stops when the specialist declines the next call', async () => {
    const ctx = await twoDue();
    const events = await runQueueCalls({ ...ctx, stdinIsTTY: true, prompter: keyCountingPrompter(['no_answer', false]) }, {});
    expect([events.length, (await eventsOf(ctx.db)).length]).toEqual([1, 1]);
  });

  it('without a terminal a plate is needed (exit 64)', async () => {
    const ctx = await twoDue();
    await expect(runQueueCalls(ctx, {})).rejects.toMatchObject({ key: 'call.plateNeeded', exitCode: 64 });
  });
});
