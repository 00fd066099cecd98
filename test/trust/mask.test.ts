import { describe, expect, it } from 'vitest';
import { maskId, maskPhone } from '../../src/rules/mask.js';

describe('masking', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['0201234567', '020****4567'],
    ['12345', '***45'],
    ['', ''],
    [null, ''],
  ])('phone %j -> %j', (input, expected) => expect(maskPhone(input)).toBe(expected));

  it.each([
    ['44010619900101123X', '440***********123X'],
    ['440106900101123', '440********1123'],
    ['1234567', '*******'],
    [undefined, ''],
  ])('ID %j -> %j', (input, expected) => expect(maskId(input)).toBe(expected));
});
