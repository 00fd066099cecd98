/** The call screen's colours come from src/ui (callPaint); the feature writes plain text unless given them. */
import { describe, expect, it } from 'vitest';
import { runCall } from '../../src/features/call/run.js';
import { callPaint } from '../../src/ui/call-paint.js';
import { makeTestContext } from '../helpers/context.js';
import { keyCountingPrompter } from '../call/keys.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from '../call/seed.js';

async function noAnswerCall(paint?: ReturnType<typeof callPaint>) {
  const ctx = await makeTestContext();
  await seedVehicle(ctx.db, ZHANG);
  await certify(ctx.db, USUAL_INSURERS);
  await runCall({ ...ctx, stdinIsTTY: true, prompter: keyCountingPrompter(['no_answer', '']) }, '粤A12345', paint ? { paint } : {});
  return ctx.stdout.text;
}

describe('call screen colours', () => {
  it('paints stage headings bold cyan with the terminal colours, and nothing without them', async () => {
    expect(await noAnswerCall(callPaint(true))).toContain('\u001b[1m\u001b[36m── 开场 ──\u001b[39m\u001b[22m');
    const plain = await noAnswerCall();
    expect(plain).toContain('\n── 开场 ──\n');
    expect(plain).not.toContain('\u001b[');
    expect(await noAnswerCall(callPaint(false))).toBe(plain);
  });
});
