/**
 * End to end: `renew call --outcome renewed --quote ID` takes the insurer and premiums from
 * the quote; `--competitor-price` stores the cheaper price the customer named, with its channel.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from '../call/seed.js';

async function seeded(): Promise<string> {
  const db = join(tempDir('renew-call-quote-'), 'renew.db');
  const store = await openStore(db, { create: true });
  await seedVehicle(store.db, ZHANG);
  await certify(store.db, USUAL_INSURERS);
  await store.close();
  return db;
}

const renew = (db: string, args: string[], today = '2026-11-24 10:00') => runCli(args, { env: { RENEW_DB: db, RENEW_TODAY: today, RENEW_LANG: 'en' } });
const QUOTE = ['quote', '粤A12345', '--insurer', '平安', '--compulsory', '950', '--tax', '360', '--commercial', '3188.60', '--valid-until', '2026-11-28'];

describe('renew call --quote', () => {
  it('records the renewal with the quote insurer, premiums (tax left out) and id', async () => {
    const db = await seeded();
    expect(renew(db, QUOTE).code).toBe(0);
    const r = renew(db, ['call', '粤A12345', '--outcome', 'renewed', '--quote', '1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'renewed', insurer: '平安产险', kinds: ['compulsory', 'commercial'], compulsory_premium: 950, commercial_premium: 3188.6, premium: 4138.6, quote_id: 1,
    });
  });

  it('refuses an expired quote, one of another case, extra premium flags, and other outcomes; nothing written', async () => {
    const db = await seeded();
    renew(db, QUOTE);
    const expired = renew(db, ['call', '粤A12345', '--outcome', 'renewed', '--quote', '1'], '2026-11-29 10:00');
    expect(expired.stderr).toMatch(/Quote #1 expired on 2026-11-28/);
    expect(renew(db, ['call', '粤A12345', '--outcome', 'renewed', '--quote', '7']).stderr).toMatch(/Quote #7 does not belong/);
    const both = renew(db, ['call', '粤A12345', '--outcome', 'renewed', '--quote', '1', '--premium', '4000']);
    expect(both.stderr).toMatch(/--premium cannot be added/);
    expect(both.code).toBe(64);
    expect(renew(db, ['call', '粤A12345', '--outcome', 'callback', '--quote', '1', '--next', '2026-11-25 10:00']).code).toBe(64);
    const store = await openStore(db);
    const n = await store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await store.close();
    expect(Number(n.n)).toBe(0);
  });
});

describe('the competitor price', () => {
  it('is stored as fen with its channel on lost, renewed and callback', async () => {
    const db = await seeded();
    const r = renew(db, ['call', '粤A12345', '--outcome', 'lost', '--reason', 'telesales', '--competitor-price', '3680', '--competitor-channel', 'telesales', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'lost', competitor_price: 3680, competitor_channel: 'telesales' });
  });

  it('defaults the channel to other, and refuses a channel without a price or an unknown channel', async () => {
    const db = await seeded();
    const r = renew(db, ['call', '粤A12345', '--outcome', 'callback', '--next', '2026-11-25 10:00', '--competitor-price', '3900', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ competitor_price: 3900, competitor_channel: 'other' });
    expect(renew(db, ['call', '粤A12345', '--outcome', 'callback', '--next', '2026-11-25 11:00', '--competitor-channel', 'online']).stderr).toMatch(/needs --competitor-price/);
    expect(renew(db, ['call', '粤A12345', '--outcome', 'callback', '--next', '2026-11-25 11:00', '--competitor-price', '1', '--competitor-channel', 'pigeon']).stderr).toMatch(/pigeon/);
    expect(renew(db, ['call', '粤A12345', '--outcome', 'no_answer', '--competitor-price', '3900']).code).toBe(64);
  });
});

describe('the month report: price gaps and the quote funnel', () => {
  it('counts quoted and proposal_sent, and the median gap per insurer and channel against our cheapest quote', async () => {
    const db = join(tempDir('renew-price-gap-'), 'renew.db');
    const store = await openStore(db, { create: true });
    await seedVehicle(store.db, ZHANG);
    await seedVehicle(store.db, { ...ZHANG, plate: '粤B22222', vin: 'LVGBE40K8GP654321', policies: ZHANG.policies?.map((p) => ({ ...p, policyNo: `${p.policyNo}B` })) });
    await seedVehicle(store.db, { ...ZHANG, plate: '粤C33333', vin: 'LVGBE40K8GP999999', policies: ZHANG.policies?.map((p) => ({ ...p, policyNo: `${p.policyNo}C` })) });
    await certify(store.db, USUAL_INSURERS);
    await store.close();
    // Ours: 粤A12345 4498.60 (and a dearer one), 粤B22222 4000.00; 粤C33333 no quote.
    renew(db, QUOTE);
    renew(db, ['quote', '粤A12345', '--insurer', '平安', '--compulsory', '950', '--commercial', '4000']);
    renew(db, ['quote', '粤B22222', '--insurer', '平安产险', '--compulsory', '950', '--tax', '360', '--commercial', '2690']);
    renew(db, ['proposal', '粤A12345', '--text', '--sent', 'wechat']);
    expect(renew(db, ['call', '粤A12345', '--outcome', 'lost', '--reason', 'telesales', '--competitor-price', '3680', '--competitor-channel', 'telesales']).code).toBe(0);
    expect(renew(db, ['call', '粤B22222', '--outcome', 'callback', '--next', '2026-11-25 10:00', '--competitor-price', '3800', '--competitor-channel', 'telesales']).code).toBe(0);
    expect(renew(db, ['call', '粤C33333', '--outcome', 'callback', '--next', '2026-11-25 11:00', '--competitor-price', '3500', '--competitor-channel', 'online']).code).toBe(0);
    const r = renew(db, ['report', '--month', '2026-12', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.funnel).toMatchObject({ due: 3, quoted: 2, proposal_sent: 1 });
    // Gaps 818.60 and 200.00: the median of two is their mean.
    expect(json.price_gaps).toEqual([
      { insurer: '平安产险', channel: 'telesales', count: 2, median_gap: 509.3 },
      { insurer: null, channel: 'online', count: 1, median_gap: null },
    ]);
  });
});
