/**
 * End to end on the built binary: `renew quote` records and lists quotes, refusing bad
 * ones with nothing written; `renew proposal` writes the document, prints the short text
 * and records that it went out. Build first (`npm run build`; `npm test` does).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from '../call/seed.js';

const TODAY = '2026-11-24 10:00';

async function seeded(options: { certified?: boolean } = {}): Promise<string> {
  const db = join(tempDir('renew-quote-e2e-'), 'renew.db');
  const store = await openStore(db, { create: true });
  await seedVehicle(store.db, ZHANG);
  if (options.certified !== false) await certify(store.db, USUAL_INSURERS);
  await store.close();
  return db;
}

const renew = (db: string, args: string[], lang = 'en') => runCli(args, { env: { RENEW_DB: db, RENEW_TODAY: TODAY, RENEW_LANG: lang } });

async function countRows(db: string, table: 'quotes' | 'events'): Promise<number> {
  const store = await openStore(db);
  const r = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await store.close();
  return Number(r.n);
}

const PINGAN = ['--insurer', '平安', '--compulsory', '950', '--tax', '360', '--commercial', '2466.30', '--plan', '经济型',
  '--cover', 'damage=128000:1520.40', '--cover', 'third_party=100万:845.90', '--cover', 'driver=1万:30', '--cover', 'passenger=1万x4:70'];
const PICC = ['--insurer', '人保', '--compulsory', '950', '--tax', '360', '--commercial', '3188.60', '--plan', '推荐型', '--valid-until', '2026-11-28'];

describe('renew quote', () => {
  it('records a quote under the canonical insurer name and prints it with its id', async () => {
    const db = await seeded();
    const r = renew(db, ['quote', '粤A12345', ...PINGAN, '--json']);
    expect(r.stderr).toBe('Quote #1 recorded: 粤A12345 平安产险, total 3776.30 yuan, valid until 2026-12-01.\n');
    expect(r.code).toBe(0);
    const q = JSON.parse(r.stdout);
    expect(q).toMatchObject({ id: 1, insurer: '平安产险', plan: '经济型', compulsory: 950, tax: 360, commercial: 2466.3, total: 3776.3, valid_until: '2026-12-01' });
    expect(q.covers).toEqual([
      { code: 'damage', sum_insured: 128000, premium: 1520.4 },
      { code: 'third_party', sum_insured: 1000000, premium: 845.9 },
      { code: 'driver', sum_insured: 10000, premium: 30 },
      { code: 'passenger', sum_insured: 10000, seats: 4, premium: 70 },
    ]);
  });

  it('takes the default validity from the quote_valid_days setting', async () => {
    const db = await seeded();
    expect(renew(db, ['settings', 'quote_valid_days', '3']).code).toBe(0);
    const r = renew(db, ['quote', '粤A12345', ...PICC.slice(0, -2), '--json']);
    expect(JSON.parse(r.stdout).valid_until).toBe('2026-11-27');
  });

  it.each([
    ['an uncertified insurer', ['--insurer', '大地', '--compulsory', '950', '--commercial', '3000'], 1, /"大地保险" is not one of the store's certified insurers/],
    ['line premiums that do not add up', ['--insurer', '人保', '--compulsory', '950', '--commercial', '3000', '--cover', 'damage=128000:1500', '--cover', 'third_party=100万:1000'], 64, /add up|2500\.00|2,500/],
    ['an absurd compulsory premium', ['--insurer', '人保', '--compulsory', '95000', '--commercial', '3000'], 64, /too large|偏高|95000/],
    ['an unknown cover code', ['--insurer', '人保', '--compulsory', '950', '--commercial', '3000', '--cover', 'spaceship=1:3000'], 64, /spaceship/],
    ['a malformed cover', ['--insurer', '人保', '--compulsory', '950', '--commercial', '3000', '--cover', 'damage'], 64, /CODE=SUM/],
    ['a missing --commercial', ['--insurer', '人保', '--compulsory', '950'], 64, /--commercial is missing/],
  ])('refuses %s and writes nothing', async (_name, args, code, message) => {
    const db = await seeded();
    const r = renew(db, ['quote', '粤A12345', ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(code);
    expect(await countRows(db, 'quotes')).toBe(0);
  });

  it('refuses every quote while the certified list is unset', async () => {
    const db = await seeded({ certified: false });
    const r = renew(db, ['quote', '粤A12345', ...PICC]);
    expect(r.stderr).toMatch(/certified_insurers/);
    expect(r.code).toBe(1);
    expect(await countRows(db, 'quotes')).toBe(0);
  });

  it('refuses a closed case', async () => {
    const db = await seeded();
    expect(renew(db, ['call', '粤A12345', '--outcome', 'renewed', '--insurer', '人保', '--premium', '4280']).code).toBe(0);
    const r = renew(db, ['quote', '粤A12345', ...PICC]);
    expect(r.stderr).toMatch(/renewed/);
    expect(r.code).toBe(1);
    expect(await countRows(db, 'quotes')).toBe(0);
  });

  it('lists the case quotes cheapest first, marking an expired one', async () => {
    const db = await seeded();
    renew(db, ['quote', '粤A12345', ...PICC]);
    renew(db, ['quote', '粤A12345', ...PINGAN]);
    const json = JSON.parse(renew(db, ['quote', '粤A12345', '--list', '--json']).stdout);
    expect(json.map((q: { id: number; total: number }) => [q.id, q.total])).toEqual([[2, 3776.3], [1, 4498.6]]);
    expect(Object.keys(json[0])).toEqual(expect.arrayContaining(['id', 'insurer', 'plan', 'compulsory', 'tax', 'commercial', 'total', 'valid_until', 'covers']));
    const later = runCli(['quote', '粤A12345', '--list'], { env: { RENEW_DB: db, RENEW_TODAY: '2026-11-29 09:00', RENEW_LANG: 'en' } });
    expect(later.stdout).toBe([
      'Quotes for 粤A12345 (2, cheapest first):',
      '#2 平安产险 经济型 compulsory 950.00 + tax 360.00 + commercial 2,466.30 = 3,776.30, valid until 2026-12-01',
      '#1 中国人保 推荐型 compulsory 950.00 + tax 360.00 + commercial 3,188.60 = 4,498.60, valid until 2026-11-28 (expired)',
      '',
    ].join('\n'));
  });
});

describe('renew quote --due', () => {
  it("lists today's calls without a valid quote, owner masked, VIN in full; a quote takes the car off", async () => {
    const db = await seeded();
    const json = JSON.parse(renew(db, ['quote', '--due', '--json']).stdout);
    expect(json).toEqual([{
      case_id: 1, group: 'calls', plate: '粤A12345', vin: 'LVGBE40K8GP123456', model: '丰田凯美瑞 2.0G', first_registration: '2021-12-10',
      owner: '张*', last_insurer: '中国人保', last_cover: '', compulsory_end: '2026-12-15', commercial_end: '2026-12-15',
    }]);
    renew(db, ['quote', '粤A12345', ...PICC]);
    expect(JSON.parse(renew(db, ['quote', '--due', '--json']).stdout)).toEqual([]);
    // Once the quote has expired the car is back on the list.
    expect(JSON.parse(renew(db, ['quote', '--due', '--date', '2026-11-29', '--json']).stdout)).toHaveLength(1);
  });

  it('writes a formula-safe CSV with a BOM', async () => {
    const db = join(tempDir('renew-quote-due-'), 'renew.db');
    const store = await openStore(db, { create: true });
    await seedVehicle(store.db, { ...ZHANG, model: '=HYPERLINK("http://x")' });
    await store.close();
    const r = renew(db, ['quote', '--due', '--csv'], 'zh-CN');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('\uFEFF车牌,VIN,车型,初登日期,车主,上年承保公司,上年险种,交强险到期,商业险到期\r\n'
      + '粤A12345,LVGBE40K8GP123456,"\'=HYPERLINK(""http://x"")",2021-12-10,张*,中国人保,,2026-12-15,2026-12-15\r\n');
  });

  it('asks for a plate or --due', async () => {
    const db = await seeded();
    const r = renew(db, ['quote']);
    expect(r.stderr).toMatch(/--due/);
    expect(r.code).toBe(64);
  });
});

describe('renew proposal', () => {
  it('prints the short text version of the valid quotes, cheapest first (golden, zh-CN)', async () => {
    const db = await seeded();
    renew(db, ['quote', '粤A12345', ...PICC]);
    renew(db, ['quote', '粤A12345', ...PINGAN]);
    const r = renew(db, ['proposal', '粤A12345', '--text'], 'zh-CN');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(import.meta.dirname, 'golden', 'proposal-text.zh-CN.txt'), 'utf8'));
  });

  it('writes the HTML file owner-only, refuses to overwrite it without --force', async () => {
    const db = await seeded();
    renew(db, ['quote', '粤A12345', ...PINGAN]);
    const file = join(tempDir('renew-proposal-'), 'proposal.html');
    const r = renew(db, ['proposal', '粤A12345', '-o', file]);
    expect(r.stderr).toBe(`Proposal written to ${file} (1 plans).\n`);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('粤A12345');
    expect(html).toContain('3,776.30');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'mine');
    const again = renew(db, ['proposal', '粤A12345', '-o', file, '--sent', 'email']);
    expect(again.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(await countRows(db, 'events')).toBe(0); // refused file: nothing recorded as sent
    expect(renew(db, ['proposal', '粤A12345', '-o', file, '--force']).code).toBe(0);
  });

  it('refuses without a valid quote, and a quote of another case', async () => {
    const db = await seeded();
    const none = renew(db, ['proposal', '粤A12345', '--text']);
    expect(none.stderr).toMatch(/no quote still valid/);
    expect(none.code).toBe(1);
    const bad = renew(db, ['proposal', '粤A12345', '--quote', '99']);
    expect(bad.stderr).toMatch(/Quote #99 does not belong/);
  });

  it('--sent records proposal_sent with the quotes shown; history shows it; attempts stay 0', async () => {
    const db = await seeded();
    renew(db, ['quote', '粤A12345', ...PICC]);
    renew(db, ['quote', '粤A12345', ...PINGAN]);
    const r = renew(db, ['proposal', '粤A12345', '--quote', '1', '--quote', '2', '--text', '--sent', 'wechat']);
    expect(r.stderr).toBe('Recorded #1: the proposal for 粤A12345 went out by WeChat.\n');
    expect(r.code).toBe(0);
    const history = JSON.parse(renew(db, ['history', '粤A12345', '--json']).stdout);
    const events = JSON.stringify(history);
    expect(events).toContain('"outcome":"proposal_sent"');
    expect(events).toContain('#1 #2');
    const store = await openStore(db);
    const c = await store.db.selectFrom('renewal_cases').select(['attempts', 'status']).executeTakeFirstOrThrow();
    const e = await store.db.selectFrom('events').select(['quote_id', 'channel', 'premium_cents']).executeTakeFirstOrThrow();
    await store.close();
    expect(c).toEqual({ attempts: 0, status: 'open' });
    expect(e).toEqual({ quote_id: 1, channel: 'wechat', premium_cents: 377630 });
    expect(renew(db, ['history', '粤A12345']).stdout).toMatch(/proposal sent/);
  });

  it('refuses an unknown channel before writing anything', async () => {
    const db = await seeded();
    renew(db, ['quote', '粤A12345', ...PICC]);
    const r = renew(db, ['proposal', '粤A12345', '--text', '--sent', 'pigeon']);
    expect(r.stderr).toMatch(/pigeon/);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
  });
});
