import { describe, expect, it } from 'vitest';
import { CsvReader, detectDelimiter, UnclosedQuoteError } from '../../src/features/import/csv-reader.js';
import { creditCheckChar, halfWidth, idCheckChar, parseDate, parseIdNo, parseKind, parsePhone, parsePremium, parseVin, parseYesNo } from '../../src/rules/values.js';
import { isMobile } from '../../src/rules/phone.js';

describe('values as exports spell them', () => {
  it('dates: ISO, slashes, dots, Chinese, compact, with a time, Excel serials; impossible days are null', () => {
    for (const raw of ['2026-12-05', '2026/12/5', '2026.12.05', '2026年12月5日', ' 2026-12-05 ', '２０２６－１２－０５', '20261205', '2026-12-05 00:00:00', '2026/12/5 8:30', '46361', '46361.5']) {
      expect([raw, parseDate(raw)]).toEqual([raw, '2026-12-05']);
    }
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    for (const raw of ['2026-12-05 99:99', '2026年12月05日 25时00分', '20261205246000', '2026-12-05T12:61:00Z']) expect([raw, parseDate(raw)]).toEqual([raw, null]);
    for (const raw of ['2026-02-29', '2026-13-01', '2026-00-10', '2026/4/31', 'tomorrow', '12/05/2026', '123', '']) expect([raw, parseDate(raw)]).toEqual([raw, null]);
  });

  it('dates followed by a time keep their date: Chinese time, compact date-time, ISO with a zone offset', () => {
    for (const raw of ['2017年02月01日 12时23分45秒', '2017年2月1日12时23分', '2017年02月01日 12点', '20170201122345', '201702011223', '2017-02-01T12:23:45+08:00', '2017-02-01T23:30:00-05:00', '2017-02-01T12:23:45.123Z', '2017-02-01 12:23:45+0800']) {
      expect([raw, parseDate(raw)]).toEqual([raw, '2017-02-01']);
    }
  });

  it('an Excel serial with a fraction is rounded to the second before the date is taken', () => {
    // 46361 is 2026-12-05; .99999999 of a day is 23:59:59.9991, which Excel shows as 00:00:00 the next day.
    expect(parseDate('46361.99999999')).toBe('2026-12-06');
    expect(parseDate('46361.9999')).toBe('2026-12-05'); // 23:59:51
    expect(parseDate('46361.000001')).toBe('2026-12-05');
  });

  it('premiums: thousands separators, currency signs, full-width digits', () => {
    expect(['950', '3,456.70', '￥950', '¥ 1 200', '950元', '3456.7', '１２００'].map(parsePremium)).toEqual([95000, 345670, 95000, 120000, 95000, 345670, 120000]);
    expect(parsePremium('')).toBeUndefined();
    expect(parsePremium('九百')).toBeNull();
    expect(parsePremium('1.234')).toBeNull();
    // Too large to count exactly is not an amount: nothing non-finite leaves the parser.
    expect(parsePremium('9'.repeat(400))).toBeNull();
    expect(parsePremium('1e20')).toBeNull();
  });

  it('phones: country code 0086/+86/86 and a trunk 0 before a mobile are dropped', () => {
    for (const raw of ['0086 138 1234 5678', '+86 138-1234-5678', '+8613812345678', '8613812345678', '013812345678', '(+86)13812345678']) {
      expect([raw, parsePhone(raw)]).toEqual([raw, { value: '13812345678' }]);
    }
    expect(parsePhone('+86 20 8765 4321')).toEqual({ value: '02087654321' });
    expect(parsePhone('+1 202 555 0123')).toEqual({ error: 'format' });
  });

  it('landlines: the number length follows the area code (010/02x: 8 digits; 0xxx: 7 or 8)', () => {
    for (const [raw, value] of [['010-12345678', '01012345678'], ['(020)87654321', '02087654321'], ['0755-1234567', '07551234567'], ['0755-12345678', '075512345678'], ['0311 8765432', '03118765432']]) {
      expect([raw, parsePhone(raw as string)]).toEqual([raw, { value }]);
    }
    for (const raw of ['020-1234567', '010-123456789', '0755-123456', '0755-123456789', '0123456789', '012-12345678']) expect([raw, parsePhone(raw)]).toEqual([raw, { error: 'format' }]);
  });

  it('isMobile: the one test of a stored number the SMS batch uses', () => {
    expect(['13812345678', '19912345678', '02087654321', '12812345678', '', null].map(isMobile)).toEqual([true, true, false, false, false, false]);
  });

  it('phones: spaces, dashes, +86, landlines; scientific notation is damage', () => {
    expect(parsePhone('138 1234 5678')).toEqual({ value: '13812345678' });
    expect(parsePhone('138-1234-5678')).toEqual({ value: '13812345678' });
    expect(parsePhone('+86 13812345678')).toEqual({ value: '13812345678' });
    expect(parsePhone('020-87654321')).toEqual({ value: '02087654321' });
    expect(parsePhone('1381234567')).toEqual({ error: 'format' });
    expect(parsePhone('1.38123E+10')).toEqual({ error: 'scientific' });
  });

  it('VINs: 17 characters, check digit only warns; lower case and full width are fixed', () => {
    expect(parseVin('LSVAB218XE2123456')).toEqual({ value: 'LSVAB218XE2123456' });
    expect(parseVin(' lsvab218xe2123456 ')).toEqual({ value: 'LSVAB218XE2123456' });
    expect(parseVin('LSVAB2180E2123456')).toEqual({ value: 'LSVAB2180E2123456', warning: 'checksum' });
    expect(parseVin('LSVAB218XE212345')).toEqual({ error: 'format' });
    expect(parseVin('LSVAB218XE212345O')).toEqual({ error: 'format' });
    expect(parseVin('1.23457E+16')).toEqual({ error: 'scientific' });
  });

  it('ID numbers: GB 11643 checksum warns; 15-digit and company credit codes accepted; scientific rejected', () => {
    expect(parseIdNo('440106199001011235')).toEqual({ value: '440106199001011235' });
    expect(parseIdNo('440106199001011234')).toEqual({ value: '440106199001011234', warning: 'checksum' });
    expect(parseIdNo('11010519491231002x')).toEqual({ value: '11010519491231002X' });
    expect(parseIdNo('440106900101123')).toEqual({ value: '440106900101123' });
    expect(parseIdNo('4.40106E+17')).toEqual({ error: 'scientific' });
    expect(parseIdNo('12345')).toEqual({ error: 'format' });
  });

  it('ID numbers whose birth date cannot exist get the checksum warning (check character right or not)', () => {
    // Bodies with month 13, 31 February and 29 February 2023, each given its correct check character.
    for (const body of ['44010619901301123', '44010619900231123', '44010620230229123']) {
      const id = body + idCheckChar(body);
      expect([id, parseIdNo(id)]).toEqual([id, { value: id, warning: 'checksum' }]);
    }
    expect(parseIdNo('440106901301123')).toEqual({ value: '440106901301123', warning: 'checksum' }); // 15 digits, month 13
    expect(parseIdNo('440106000229123')).toEqual({ value: '440106000229123', warning: 'checksum' }); // 1900 was not a leap year
  });

  it('unified social credit codes (GB 32100): own check character, never taken for an ID', () => {
    expect(parseIdNo('91350100M000100Y43')).toEqual({ value: '91350100M000100Y43' });
    expect(parseIdNo('91350100m000100y43')).toEqual({ value: '91350100M000100Y43' });
    expect(parseIdNo('91350100M000100Y44')).toEqual({ value: '91350100M000100Y44', warning: 'creditChecksum' });
    // All digits, so it has an ID's shape, but it is a valid credit code and not a valid ID.
    expect(parseIdNo('914403001922038216')).toEqual({ value: '914403001922038216' });
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('Hong Kong, Macau and Taiwan IDs are kept with a warning', () => {
    expect(parseIdNo('A123456(7)')).toEqual({ value: 'A123456(7)', warning: 'otherRegion' });
    expect(parseIdNo('a123456７')).toEqual({ value: 'A123456(7)', warning: 'otherRegion' });
    expect(parseIdNo('AB987654（A）')).toEqual({ value: 'AB987654(A)', warning: 'otherRegion' });
    expect(parseIdNo('1234567(8)')).toEqual({ value: '1234567(8)', warning: 'otherRegion' });
    expect(parseIdNo('A123456789')).toEqual({ value: 'A123456789', warning: 'otherRegion' });
    expect(parseIdNo('A12345')).toEqual({ error: 'format' });
  });

  it('kinds and yes/no', () => {
    expect(['交强险', '商业险', 'compulsory', 'Commercial', '机动车交通事故责任强制保险', '商业保险', '意外险'].map(parseKind)).toEqual(['compulsory', 'commercial', 'compulsory', 'commercial', 'compulsory', 'commercial', null]);
    expect(['是', '否', 'yes', 'No', '1', '0', 'Y', '也许'].map(parseYesNo)).toEqual([1, 0, 1, 0, 1, 0, 1, null]);
    expect(halfWidth('　粤Ａ１２３４５　')).toBe('粤A12345');
  });
});

describe('CsvReader', () => {
  const read = (chunks: string[], delimiter = ',') => {
    const out: [number, string[]][] = [];
    const r = new CsvReader(delimiter);
    for (const c of chunks) r.push(c, (f, l) => out.push([l, f as string[]]));
    r.end((f, l) => out.push([l, f as string[]]));
    return out;
  };

  it('splits plain lines, CRLF, a last line without newline, and skips empty lines', () => {
    expect(read(['a,b\r\n1,2\n\n3,4'])).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [4, ['3', '4']]]);
  });

  it('quoted cells with delimiters, doubled quotes and line breaks; line numbers count physical lines', () => {
    const text = 'h1,h2\n"a,b","say ""hi"""\n"multi\nline",x\nlast,"y"\n';
    const expected = [[1, ['h1', 'h2']], [2, ['a,b', 'say "hi"']], [3, ['multi\nline', 'x']], [5, ['last', 'y']]];
    expect(read([text])).toEqual(expected);
    // The same text cut at every possible place gives the same records.
    for (let i = 1; i < text.length; i++) expect(read([text.slice(0, i), text.slice(i)])).toEqual(expected);
  });

  it('an unclosed quote is an error naming the line it starts on', () => {
    expect(() => read(['a,b\n1,"open\n2,3\n'])).toThrow(UnclosedQuoteError);
    try {
      read(['a,b\n1,2\n3,"open\n4,5\n']);
    } catch (e) {
      expect((e as UnclosedQuoteError).line).toBe(3);
    }
  });

  it('detects tab and semicolon delimiters from the header', () => {
    expect(detectDelimiter('车牌号\t险种\t保险止期')).toBe('\t');
    expect(detectDelimiter('车牌号;险种;保险止期')).toBe(';');
    expect(detectDelimiter('车牌号,险种,保险止期')).toBe(',');
    expect(read(['a\tb\n1\t2\n'], '\t')).toEqual([[1, ['a', 'b']], [2, ['1', '2']]]);
  });
});
