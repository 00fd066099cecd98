/**
 * No double dialling, on either engine (BOTH_ENGINES): two people on the same
 * database, each with their own connection (a second `Storage` opened on the same
 * file or server database, as a second PC would). The second is refused while the
 * first has the case open, --force takes over, an expired claim is free, the claim
 * is released on Ctrl-C, and the queue's "next" skips a case someone is on.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { CancelledError, EXIT, RenewError } from '../../src/errors.js';
import { withClaim } from '../../src/features/call/claim.js';
import { nextInQueue } from '../../src/features/call/queue.js';
import { runCall } from '../../src/features/call/run.js';
import { loadSettings } from '../../src/storage/queries/settings.js';
import { openStorage } from '../../src/storage/open.js';
import { makeTestContext, onPostgres, parseNow, type TestContext } from '../helpers/context.js';
import { seedCase } from '../helpers/seed-cases.js';
import { certify, USUAL_INSURERS } from '../call/seed.js';

/** The same database seen from another PC: its own connection, another person, maybe another time. */
async function colleague(ctx: TestContext, actor: string, now?: string): Promise<TestContext> {
  const store = await openStorage(ctx.dbPath);
  onTestFinished(() => store.close());
  const clock = now === undefined ? ctx.now : () => parseNow(now);
  const stderr = { text: '', write(s: string) { stderr.text += s; } };
  return { ...ctx, store, db: store.db, actor, now: clock, err: stderr, stderr, stdinIsTTY: true };
}

async function setup() {
  const ctx = await makeTestContext({ file: true, actor: '王丽', lang: 'en' });
  await certify(ctx.db, USUAL_INSURERS);
  const a = await seedCase(ctx.db, { plate: '粤A11111', specialist: '王丽', end: '2026-12-10' });
  const b = await seedCase(ctx.db, { plate: '粤A22222', specialist: '王丽', end: '2026-12-12' });
  return { ctx, a, b };
}

const claimOf = async (ctx: TestContext, caseId: number) =>
  ctx.db.selectFrom('renewal_cases').select(['claimed_by', 'claimed_at']).where('id', '=', caseId).executeTakeFirstOrThrow();

describe('call claims', () => {
  it('a second person opening the case is refused with who is on it; the claim is released afterwards', async () => {
    const { ctx, a } = await setup();
    const li = await colleague(ctx, '李强');
    const refused = await withClaim(ctx, { caseId: a.caseId, plate: '粤A11111' }, false, async () => {
      expect(await claimOf(li, a.caseId)).toEqual({ claimed_by: '王丽', claimed_at: '2026-11-24 10:00:00' });
      // 李强 opens the same customer in an interactive call: refused before any prompt.
      return runCall(li, '粤A11111', {}).then(() => undefined, (e: unknown) => e as RenewError);
    });
    expect(refused).toBeInstanceOf(RenewError);
    expect([li.t(refused!.key, refused!.vars), refused!.exitCode]).toEqual(['王丽 has had 粤A11111 open since 10:00: do not dial twice; add --force to take it over.', EXIT.busy]);
    expect(await claimOf(ctx, a.caseId)).toEqual({ claimed_by: null, claimed_at: null });
  });

  it('--force takes it over (and says from whom); an expired claim is free without it', async () => {
    const { ctx, a } = await setup();
    await withClaim(ctx, { caseId: a.caseId, plate: '粤A11111' }, false, async () => {
      const li = await colleague(ctx, '李强');
      await withClaim(li, { caseId: a.caseId, plate: '粤A11111' }, true, async () => {
        expect((await claimOf(li, a.caseId)).claimed_by).toBe('李强');
      });
      expect(li.stderr.text).toBe('Took 粤A11111 over from 王丽 (--force).\n');
      // 王丽's own release does not free a case someone took over: 李强 released it himself.
    });
    await withClaim(ctx, { caseId: a.caseId, plate: '粤A11111' }, false, async () => {
      const early = await colleague(ctx, '张敏', '2026-11-24 10:14');
      await expect(withClaim(early, { caseId: a.caseId, plate: '粤A11111' }, false, async () => undefined)).rejects.toMatchObject({ key: 'team.call.claimed' });
      // claim_minutes (15) later, 王丽's claim counts for nothing.
      const later = await colleague(ctx, '张敏', '2026-11-24 10:16');
      expect((await loadSettings(later.db)).claim_minutes).toBe(15);
      await withClaim(later, { caseId: a.caseId, plate: '粤A11111' }, false, async () => {
        expect((await claimOf(later, a.caseId)).claimed_by).toBe('张敏');
      });
      expect(later.stderr.text).toBe('');
    });
  });

  it('the same person re-opening a case they still hold (their PC crashed mid-call) is not refused by their own claim', async () => {
    const { ctx, a, b } = await setup();
    // The crashed PC's claim, five minutes old: still live for everyone else.
    await ctx.db.updateTable('renewal_cases').set({ claimed_by: '王丽', claimed_at: '2026-11-24 09:55:00' }).where('id', '=', a.caseId).execute();
    const again = await colleague(ctx, '王丽');
    await withClaim(again, { caseId: a.caseId, plate: '粤A11111' }, false, async () => {
      expect(await claimOf(again, a.caseId)).toEqual({ claimed_by: '王丽', claimed_at: '2026-11-24 10:00:00' });
    });
    expect(again.stderr.text).toBe('');
    expect(await claimOf(ctx, a.caseId)).toEqual({ claimed_by: null, claimed_at: null });
    // Without a terminal (flags), nothing refuses her either; the queue offers her own held case first.
    await ctx.db.updateTable('renewal_cases').set({ claimed_by: '王丽', claimed_at: '2026-11-24 09:55:00' }).where('id', '=', a.caseId).execute();
    expect((await runCall({ ...again, stdinIsTTY: false }, '粤A11111', { outcome: 'no_answer' })).case_id).toBe(a.caseId);
    expect((await nextInQueue(again, await loadSettings(again.db), new Set()))?.row.case_id).toBe(a.caseId);
    // A colleague is still refused while it is live.
    const li = await colleague(ctx, '李强');
    await expect(withClaim(li, { caseId: a.caseId, plate: '粤A11111' }, false, async () => undefined)).rejects.toMatchObject({ key: 'team.call.claimed', vars: { name: '王丽' } });
    expect((await nextInQueue(li, await loadSettings(li.db), new Set()))?.row.case_id).toBe(b.caseId);
  });

  it('Ctrl-C during the call releases the claim', async () => {
    const { ctx, a } = await setup();
    await expect(withClaim(ctx, { caseId: a.caseId, plate: '粤A11111' }, false, async () => { throw new CancelledError(); })).rejects.toBeInstanceOf(CancelledError);
    expect(await claimOf(ctx, a.caseId)).toEqual({ claimed_by: null, claimed_at: null });
  });

  it('"next in queue" skips the case a colleague is on and claims the next one', async () => {
    const { ctx, a, b } = await setup();
    const settings = await loadSettings(ctx.db);
    const first = await nextInQueue(ctx, settings, new Set());
    expect(first?.row.case_id).toBe(a.caseId);
    expect((await claimOf(ctx, a.caseId)).claimed_by).toBe('王丽');
    const li = await colleague(ctx, '李强');
    const second = await nextInQueue(li, settings, new Set());
    expect(second?.row.case_id).toBe(b.caseId);
    expect((await claimOf(ctx, b.caseId)).claimed_by).toBe('李强');
    const zhang = await colleague(ctx, '张敏');
    expect(await nextInQueue(zhang, settings, new Set())).toBeUndefined();
  });

  it.skipIf(!onPostgres)('PostgreSQL: a row another transaction is claiming is skipped, not waited for (FOR UPDATE SKIP LOCKED)', async () => {
    const { ctx, a, b } = await setup();
    const li = await colleague(ctx, '李强');
    await ctx.store.write(async (tx) => {
      expect(await ctx.store.lockCases(tx, [a.caseId], 'wait')).toEqual([a.caseId]);
      const seen = await li.store.write((tx2) => li.store.lockCases(tx2, [a.caseId, b.caseId], 'skip'));
      expect(seen).toEqual([b.caseId]);
    });
  });
});
