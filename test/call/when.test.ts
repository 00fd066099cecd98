/** Dates and times as people say them (pure; the clock is pinned). */
import { describe, expect, it } from 'vitest';
import { nextFreeSlot, parseSpokenNext, parseSpokenTime, spokenDate, spokenDateTime } from '../../src/features/call/when.js';
import { RenewError } from '../../src/errors.js';

// Tuesday 24 November 2026, 10:07.
const NOW = new Date(2026, 10, 24, 10, 7);

describe('parseSpokenNext', () => {
  it.each([
    ['明天 15:00', '2026-11-25 15:00'],
    ['明天下午3点', '2026-11-25 15:00'],
    ['后天 上午10点半', '2026-11-26 10:30'],
    ['今天 下午3点', '2026-11-24 15:00'],
    ['15:00', '2026-11-24 15:00'],
    ['下午3点', '2026-11-24 15:00'],
    ['周五 15:00', '2026-11-27 15:00'],
    ['星期五下午3点', '2026-11-27 15:00'],
    ['Fri 3pm', '2026-11-27 15:00'],
    ['friday 09:30', '2026-11-27 09:30'],
    ['周二 9:00', '2026-12-01 09:00'], // today is Tuesday: the next one
    ['周日 10点', '2026-11-29 10:00'],
    ['12-08 15:00', '2026-12-08 15:00'],
    ['12月8日 下午2点15分', '2026-12-08 14:15'],
    ['01-05 10:00', '2027-01-05 10:00'], // already passed this year: next year's
    ['2026-11-26 15:30', '2026-11-26 15:30'],
    ['2026-11-26T15:30', '2026-11-26 15:30'],
    ['明天', '2026-11-25 10:00'], // a date alone takes the default time
  ])('%s -> %s', (raw, at) => {
    expect(parseSpokenNext(raw, NOW)).toBe(at);
  });

  it.each([['下周', 'call.badNext'], ['明天 25:00', 'call.badNext'], ['02-30 10:00', 'errors.badDate'], ['今天 9:00', 'call.nextInPast'], ['', 'call.nextMissing'], ['15', 'call.badNext']])(
    '%s is refused (%s)',
    (raw, key) => {
      const e = (() => { try { parseSpokenNext(raw, NOW); } catch (err) { return err; } })() as RenewError;
      expect(e).toBeInstanceOf(RenewError);
      expect(e.key).toBe(key);
    },
  );

  it('times in Chinese and English', () => {
    expect(['上午10点', '晚上8点', '中午12点', '12点', '3pm', '12am', '9：05', '10时20分'].map(parseSpokenTime)).toEqual(['10:00', '20:00', '12:00', '12:00', '15:00', '00:00', '09:05', '10:20']);
  });
});

describe('nextFreeSlot', () => {
  it('is the next half hour inside calling hours, never now, skipping booked slots', () => {
    expect(nextFreeSlot(NOW, '09:00-20:00')).toBe('2026-11-24 10:30');
    expect(nextFreeSlot(new Date(2026, 10, 24, 10, 0), '09:00-20:00')).toBe('2026-11-24 10:30');
    expect(nextFreeSlot(NOW, '09:00-20:00', new Set(['2026-11-24 10:30', '2026-11-24 11:00']))).toBe('2026-11-24 11:30');
    expect(nextFreeSlot(new Date(2026, 10, 24, 19, 45), '09:00-20:00')).toBe('2026-11-25 09:00');
    expect(nextFreeSlot(new Date(2026, 10, 24, 6, 0), '09:00-20:00')).toBe('2026-11-24 09:00');
  });
});

describe('spokenDate', () => {
  it('says dates as people do, the year only when it is not this year', () => {
    expect([spokenDate('2026-12-08', 'zh-CN', '2026-11-24'), spokenDate('2026-12-08', 'en', '2026-11-24'), spokenDate('2027-01-05', 'zh-CN', '2026-11-24'), spokenDate('2027-12-05', 'zh-CN', '2026-11-24'), spokenDate('2025-12-05', 'en', '2026-11-24')])
      .toEqual(['12月8日', '8 Dec', '1月5日', '2027年12月5日', '5 Dec 2025']);
    expect(spokenDateTime('2026-12-08 15:00', 'zh-CN', '2026-11-24')).toBe('12月8日 15:00');
  });
});
