import { describe, expect, it } from 'vitest';
import { controlCharsIn, visibleControls } from '../../src/rules/safe-text.js';
import { tsvLine } from '../../src/ui/plain-text.js';

describe('safe text (issue 13.8)', () => {
  it('makes every C0/C1 control visible, keeps tab, LF and CRLF', () => {
    expect(visibleControls('a\x1b[2Jb\x07c\bd\x9be\x7ff\rg\t\r\n')).toBe('a\\u001b[2Jb\\u0007c\\u0008d\\u009be\\u007ff\\u000dg\t\r\n');
  });
  it('keeps SGR colour only when asked (a colour terminal)', () => {
    expect(visibleControls('\x1b[31mred\x1b[39m\x1b]0;t\x07', true)).toBe('\x1b[31mred\x1b[39m\\u001b]0;t\\u0007');
    expect(visibleControls('\x1b[31mred', false)).toBe('\\u001b[31mred');
  });
  it('names the control characters of a value for an import or entry warning', () => {
    expect(controlCharsIn('王\x07五\x07\x1b')).toEqual(['\\u0007', '\\u001b']);
    expect(controlCharsIn('王五')).toEqual([]);
  });
  it('tsvLine neutralises formulas like csvCell (issue 13.9), not plain negative numbers', () => {
    expect(tsvLine(['=1+2', '@SUM(A1)', '-5', '+86 138', 'ok'])).toBe("'=1+2\t'@SUM(A1)\t-5\t'+86 138\tok\n");
  });
});
