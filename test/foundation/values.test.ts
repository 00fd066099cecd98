import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, daysBetween, isoDateTime, makeClock, parseDateArg, parseMonthArg } from '../../src/rules/clock.js';
import { csvCell, csvDocument } from '../../src/features/csv-write.js';
import { maskId, maskPhone } from '../../src/rules/mask.js';
import { formatYuan, parseYuan, yuan } from '../../src/rules/money.js';
import { isValidPlate, normalizePlate } from '../../src/rules/plate.js';

describe('plates', () => {
  it.each([
    ['粤Ａ１２３４５', '粤A12345'],
    [' 粤a 12345 ', '粤A12345'],
    ['粤A·12345', '粤A12345'],
    ['京ad12345', '京AD12345'],
  ])('normalises %s', (raw, plate) => expect(normalizePlate(raw)).toBe(plate));

  it.each([
    ['粤A12345', true],
    ['粤AD12345', true],
    ['粤A12345D', true],
    ['粤A1234', false],
    ['XXA12345', false],
    ['粤AI2345', false], // I and O are never used
    ['使014578', true], // embassy: 使 + six digits
    ['014578使', true], // embassy, the newer form
    ['沪12345领', true], // consulate: province + five digits + 领
    ['沪A1234领', true],
    ['使A12345', false], // 使 and 领 are never a province
    ['领A12345', false],
    ['使AD12345', false],
    ['使01457', false],
    ['粤1234领', false],
  ])('validates %s -> %s', (plate, ok) => expect(isValidPlate(plate)).toBe(ok));

  it('normalises embassy and consulate plates like the others', () => {
    expect(normalizePlate('使 014·578')).toBe('使014578');
    expect(isValidPlate(normalizePlate('沪１２３４５领'))).toBe(true);
  });
});

describe('money', () => {
  it.each([
    ['3,456.70', 345670],
    ['￥950', 95000],
    ['¥ 1 200', 120000],
    ['950元', 95000],
    ['1200.5', 120050],
    ['', undefined],
    ['abc', null],
    ['1.234', null],
    ['9'.repeat(400), null], // would be Infinity
    ['90071992547410', null], // past a safe integer in fen
    ['1e20', null],
  ])('parses %s', (raw, cents) => expect(parseYuan(raw)).toBe(cents));

  it('formats fen as yuan', () => {
    expect(formatYuan(345670)).toBe('3,456.70');
    expect(formatYuan(-5)).toBe('-0.05');
    expect([0, 99_900, 100_000, 123_456_789_01, -100_000_000].map(formatYuan)).toEqual(['0.00', '999.00', '1,000.00', '123,456,789.01', '-1,000,000.00']);
    expect(formatYuan(null)).toBe('');
    expect(yuan(345670)).toBe(3456.7);
  });
});

describe('masking', () => {
  it('keeps only what identifies the record to the specialist', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskId('44010619900101123X')).toBe('440***********123X');
    expect(maskPhone(null)).toBe('');
  });
});

describe('csv for Excel', () => {
  it('neutralises formula cells but keeps negative numbers', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it('writes a BOM and CRLF lines', () => {
    expect(csvDocument(['车牌', 'n'], [['粤A12345', 1]])).toBe('\uFEFF车牌,n\r\n粤A12345,1\r\n');
  });
});

describe('clock', () => {
  it('pins today and optionally the time', () => {
    const real = () => new Date(2020, 0, 1, 9, 15, 0);
    expect(isoDateTime(makeClock('2026-12-01', real)())).toBe('2026-12-01 09:15:00');
    expect(isoDateTime(makeClock('2026-12-01 16:30', real)())).toBe('2026-12-01 16:30:00');
    expect(makeClock(undefined, real)()).toEqual(real());
  });

  it('rejects a malformed RENEW_TODAY', () => {
    expect(() => makeClock('2026-02-30')).toThrow(expect.objectContaining({ key: 'errors.badToday' }));
    expect(() => makeClock('tomorrow')).toThrow(expect.objectContaining({ key: 'errors.badToday' }));
  });

  it('refuses impossible times instead of rolling them over (issue 13.12: 99:99 became 2026-12-09 04:39)', () => {
    for (const bad of ['2026-12-05 99:99', '2026-12-05 24:00', '2026-12-05 23:60', '2026-12-05 10:00:60', '2026-02-29', '2026-04-31 10:00']) {
      expect(() => makeClock(bad), bad).toThrow(expect.objectContaining({ key: 'errors.badToday' }));
    }
    expect(isoDateTime(makeClock('2028-02-29 23:59:59')())).toBe('2028-02-29 23:59:59');
  });

  it('counts days across months and leap years', () => {
    expect(daysBetween('2026-11-24', '2027-01-08')).toBe(45);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('dayNumber agrees with Date.UTC on every day from 1900 to 2199', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2200, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (dayNumber(date) !== t / 86_400_000) wrong.push(date);
    }
    expect(wrong).toEqual([]);
    expect(dayNumber('1970-01-01')).toBe(0);
  });

  it('validates date and month arguments', () => {
    expect(parseDateArg(' 2026-12-05 ', '--date')).toBe('2026-12-05');
    expect(() => parseDateArg('2026-13-01', '--date')).toThrow(expect.objectContaining({ key: 'errors.badDate', exitCode: 64 }));
    expect(() => parseDateArg('2026-02-30', '--date')).toThrow(expect.objectContaining({ key: 'errors.badDate', exitCode: 64 }));
    expect(parseMonthArg('2026-11')).toBe('2026-11');
    expect(() => parseMonthArg('2026-1')).toThrow(expect.objectContaining({ key: 'errors.badMonth', exitCode: 64 }));
    expect(() => parseMonthArg('2026-13')).toThrow(expect.objectContaining({ key: 'errors.badMonth', exitCode: 64 }));
  });
});
