import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, padEnd } from '../../src/ui/terminal.js';

describe('displayWidth', () => {
  it('agrees with string-width on every character of the blocks it counts itself, and on the rest', () => {
    const blocks: [number, number][] = [[0x20, 0x7e], [0x1100, 0x115e], [0x3000, 0x303e], [0x3041, 0x3096], [0x3099, 0x30ff], [0x3400, 0x4dbf],
      [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff01, 0xff60], [0xffe0, 0xffe6]];
    const differ: string[] = [];
    for (const [from, to] of blocks) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        if (displayWidth(ch) !== stringWidth(ch)) differ.push(c.toString(16));
      }
    }
    expect(differ).toEqual([]);
    for (const s of ['粤A12345 张伟', '３，４５６．７０元（全款）', '陈晓雯 👍', 'é', 'cafe\u0301', '\u00b7', '']) expect(displayWidth(s)).toBe(stringWidth(s));
    expect(padEnd('张伟', 6)).toBe('张伟  ');
  });
});
