import { describe, expect, it } from 'vitest';
import { isNewEnergy } from '../../src/features/quote/new-energy.js';

describe('isNewEnergy', () => {
  it('knows a green 8-character plate, small (D/F after the letter) or large (D/F at the end)', () => {
    expect(isNewEnergy('粤AD12345', null)).toBe(true);
    expect(isNewEnergy('粤AF12345', '')).toBe(true);
    expect(isNewEnergy('沪A12345D', null)).toBe(true);
    expect(isNewEnergy('粤ａｄ·12345', null)).toBe(true); // typed full-width with a dot
  });

  it('an ordinary blue 7-character plate is not new-energy by itself', () => {
    expect(isNewEnergy('粤A12345', '丰田凯美瑞 2.0G')).toBe(false);
    expect(isNewEnergy('粤AD1234', null)).toBe(false);
    expect(isNewEnergy('', null)).toBe(false);
    expect(isNewEnergy(null, null)).toBe(false);
  });

  it('reads the model name: 纯电, 插电, 新能源, EV, PHEV, DM-i', () => {
    expect(isNewEnergy('粤A12345', '特斯拉 Model 3 纯电动')).toBe(true);
    expect(isNewEnergy('粤A12345', '比亚迪 宋PLUS DM-i 插电混动')).toBe(true);
    expect(isNewEnergy('粤A12345', '广汽埃安 新能源')).toBe(true);
    expect(isNewEnergy('粤A12345', 'Volkswagen ID.4 EV')).toBe(true);
    expect(isNewEnergy('粤A12345', 'BMW X5 PHEV')).toBe(true);
    expect(isNewEnergy('粤A12345', 'BYD Qin DM-i')).toBe(true);
  });

  it('an ordinary hybrid or a name that only contains the letters is not', () => {
    expect(isNewEnergy('粤A12345', '丰田卡罗拉 双擎 油电混动')).toBe(false);
    expect(isNewEnergy('粤A12345', 'Chevrolet Malibu')).toBe(false);
    expect(isNewEnergy('粤A12345', 'Toyota Corolla HEV')).toBe(false);
  });
});
