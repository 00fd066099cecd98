import { describe, expect, it } from 'vitest';
import { CsvReader, detectDelimiter, UnclosedQuoteError } from '../../src/features/import/csv-reader.js';
import { halfWidth, parseDate, parseIdNo, parseKind, parsePhone, parsePremium, parseVin, parseYesNo } from '../../src/rules/values.js';

describe('values as exports spell them', () => {
  it('dates: ISO, slashes, dots, Chinese, compact, with a time, Excel serials; impossible days are null', () => {
    for (const raw of ['2026-12-05', '2026/12/5', '2026.12.05', '2026年12月5日', ' 2026-12-05 ', '２０２６－１２－０５', '20261205', '2026-12-05 00:00:00', '2026/12/5 8:30', '46361', '46361.5']) {
      expect([raw, parseDate(raw)]).toEqual([raw, '2026-12-05']);
    }
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    for (const raw of ['2026-02-29', '2026-13-01', '2026-00-10', '2026/4/31', 'tomorrow', '12/05/2026', '123', '']) expect([raw, parseDate(raw)]).toEqual([raw, null]);
  });

  it('premiums: thousands separators, currency signs, full-width digits', () => {
    expect(['950', '3,456.70', '￥950', '¥ 1 200', '950元', '3456.7', '１２００'].map(parsePremium)).toEqual([95000, 345670, 95000, 120000, 95000, 345670, 120000]);
    expect(parsePremium('')).toBeUndefined();
    expect(parsePremium('九百')).toBeNull();
    expect(parsePremium('1.234')).toBeNull();
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
    expect(parseIdNo('91440101MA5CXXXX1Y'.replace(/X/g, '0'))).toEqual({ value: '91440101MA5C00001Y' });
    expect(parseIdNo('4.40106E+17')).toEqual({ error: 'scientific' });
    expect(parseIdNo('12345')).toEqual({ error: 'format' });
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
