import { describe, expect, it } from 'vitest';
import type { RegisterEvent } from '../../src/storage/schema.js';
import { recordEvent } from '../../src/storage/queries/register.js';
import { effectiveEvents, projectCase } from '../../src/rules/case-projection.js';
import { makeTestContext, testWrite } from '../helpers/context.js';
import { staleCaseCopies } from '../../src/storage/queries/case-copies.js';
import { caseCopies } from '../helpers/case-copies.js';

let nextId = 1;
function ev(partial: Partial<RegisterEvent>): RegisterEvent {
  return {
    id: nextId++, case_id: 1, vehicle_id: 1, at: '2026-11-20 10:00:00', recorded_at: '2026-11-20 10:00:00', specialist: '王丽',
    outcome: 'no_answer', channel: 'phone', duration_s: null, next_at: null, reason: null, note: null, objections: null,
    insurer: null, kinds: null, compulsory_cents: null, commercial_cents: null, premium_cents: null, start_date: null,
    until: null, policy_id: null, supersedes_id: null, quote_id: null, competitor_cents: null, competitor_channel: null, actor: null, ...partial,
  };
}

describe('projectCase', () => {
  it('a proposal sent is not a call: no attempt, no contact, no quote flag of its own', () => {
    const p = projectCase([ev({ outcome: 'proposal_sent', channel: 'wechat', premium_cents: 377630, quote_id: 1 })]);
    expect(p).toMatchObject({ attempts: 0, unanswered: 0, reached: 0, last_contact_at: null, last_outcome: null, status: 'open' });
  });

  it('counts attempts, unanswered calls and a booked callback', () => {
    const p = projectCase([
      ev({ outcome: 'sms_sent', channel: 'sms', at: '2026-10-01 09:00:00' }),
      ev({ outcome: 'no_answer', at: '2026-11-01 10:00:00' }),
      ev({ outcome: 'unreachable', at: '2026-11-02 10:00:00' }),
      ev({ outcome: 'callback', at: '2026-11-03 10:00:00', next_at: '2026-11-25 15:00', premium_cents: 500000 }),
    ]);
    expect(p).toMatchObject({
      status: 'open', attempts: 3, unanswered: 2, reached: 1, quoted: 1, sms_sent_at: '2026-10-01 09:00:00',
      next_contact_at: '2026-11-25 15:00', last_outcome: 'callback', last_contact_at: '2026-11-03 10:00:00',
    });
  });

  it('clears a callback after a later call and closes on a loss', () => {
    const p = projectCase([
      ev({ outcome: 'callback', at: '2026-11-03 10:00:00', next_at: '2026-11-25 15:00' }),
      ev({ outcome: 'lost', at: '2026-11-25 15:05:00', reason: 'telesales' }),
    ]);
    expect(p).toMatchObject({ status: 'lost', lost_reason: 'telesales', closed_at: '2026-11-25 15:05:00', closed_by: 'phone', next_contact_at: null });
  });

  it('takes a renewal total with or without its split', () => {
    expect(projectCase([ev({ outcome: 'renewed', insurer: '平安产险', premium_cents: 500000 })])).toMatchObject({
      status: 'renewed', renewed_premium_cents: 500000, renewed_compulsory_cents: null, renewed_commercial_cents: null, renewed_insurer: '平安产险',
    });
    expect(projectCase([ev({ outcome: 'renewed', compulsory_cents: 95000, commercial_cents: 410000 })])).toMatchObject({
      renewed_premium_cents: 505000, renewed_compulsory_cents: 95000, renewed_commercial_cents: 410000,
    });
  });

  it('prefers imported policies over premiums recorded on a call', () => {
    const p = projectCase([
      ev({ outcome: 'renewed', at: '2026-11-20 10:00:00', insurer: '平安产险', premium_cents: 500000 }),
      ev({ outcome: 'renewed', channel: 'import', at: '2026-12-06 08:00:00', insurer: '平安产险', kinds: 'compulsory', premium_cents: 95000 }),
      ev({ outcome: 'renewed', channel: 'import', at: '2026-12-06 08:00:00', insurer: '平安产险', kinds: 'commercial', premium_cents: 421000 }),
    ]);
    expect(p).toMatchObject({
      status: 'renewed', closed_at: '2026-11-20 10:00:00', closed_by: 'phone',
      renewed_compulsory_cents: 95000, renewed_commercial_cents: 421000, renewed_premium_cents: 516000,
    });
  });

  it('ignores superseded events: a correction reopens a case lost by mistake', () => {
    const lost = ev({ outcome: 'lost', reason: 'price' });
    const correction = ev({ outcome: 'callback', next_at: '2026-11-28 10:00', supersedes_id: lost.id, at: '2026-11-21 09:00:00' });
    expect(effectiveEvents([lost, correction])).toEqual([correction]);
    expect(projectCase([lost, correction])).toMatchObject({ status: 'open', lost_reason: null, next_contact_at: '2026-11-28 10:00', attempts: 1 });
  });
});

describe('recordEvent', () => {
  it('appends the event and updates the case and the do-not-call mark in the same transaction', async () => {
    const ctx = await makeTestContext();
    const vehicle = await ctx.db.insertInto('vehicles').values({ plate: '粤A12345', created_at: '2026-11-24 09:00:00', updated_at: '2026-11-24 09:00:00' } as never).returning('id').executeTakeFirstOrThrow();
    const kase = await ctx.db
      .insertInto('renewal_cases')
      .values({ vehicle_id: vehicle.id, due_date: '2026-12-05', created_at: '2026-11-24 09:00:00', updated_at: '2026-11-24 09:00:00' } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await testWrite(ctx.db, async (tx) => {
      await recordEvent(tx, { caseId: kase.id, vehicleId: vehicle.id, at: '2026-11-24 10:00:00', outcome: 'no_answer', channel: 'phone' }, '2026-11-24 10:00:00');
      await recordEvent(
        tx,
        { caseId: kase.id, vehicleId: vehicle.id, at: '2026-11-24 11:00:00', outcome: 'do_not_call', channel: 'phone', until: '2027-01-31' },
        '2026-11-24 11:00:00',
      );
    });
    const row = await ctx.db.selectFrom('renewal_cases').selectAll().where('id', '=', kase.id).executeTakeFirstOrThrow();
    expect([row.attempts, row.unanswered, row.reached, row.last_outcome]).toEqual([2, 1, 1, 'do_not_call']);
    const v = await ctx.db.selectFrom('vehicles').select('do_not_call_until').executeTakeFirstOrThrow();
    expect(v.do_not_call_until).toBe('2027-01-31');
    expect(row.do_not_call_until).toBe('2027-01-31');
    expect(await staleCaseCopies(ctx.db)).toBe(0);
  });

  it('a callback booked on one case reaches every case of the vehicle, and goes when a later call clears it', async () => {
    const ctx = await makeTestContext();
    const vehicle = await ctx.db.insertInto('vehicles').values({ plate: '粤A12345', created_at: '2026-11-24 09:00:00', updated_at: '2026-11-24 09:00:00' } as never).returningAll().executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (const due of ['2026-12-05', '2027-12-05']) {
      const c = await ctx.db.insertInto('renewal_cases').values({ ...(await caseCopies(ctx.db, vehicle.id)), vehicle_id: vehicle.id, due_date: due, created_at: '2026-11-24 09:00:00', updated_at: '2026-11-24 09:00:00' }).returning('id').executeTakeFirstOrThrow();
      ids.push(c.id);
    }
    const record = (outcome: 'callback' | 'no_answer', nextAt?: string) =>
      testWrite(ctx.db, (tx) => recordEvent(tx, { caseId: ids[0] as number, vehicleId: vehicle.id, at: '2026-11-24 10:00:00', outcome, channel: 'phone', nextAt }, '2026-11-24 10:00:00'));
    const known = async () => (await ctx.db.selectFrom('renewal_cases').select('vehicle_next_contact_at').orderBy('id').execute()).map((r) => r.vehicle_next_contact_at);
    await record('callback', '2026-12-01 10:00');
    expect(await known()).toEqual(['2026-12-01 10:00', '2026-12-01 10:00']);
    await record('no_answer');
    expect(await known()).toEqual([null, null]);
    expect(await staleCaseCopies(ctx.db)).toBe(0);
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const ctx = await makeTestContext();
    await expect(
      testWrite(ctx.db, async (tx) => {
        await tx.insertInto('settings').values({ key: 'store_name', value: '"x"', updated_at: '2026-11-24 09:00:00' }).execute();
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await ctx.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });
});
