import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/features/csv-write.js';
import { isValidVin, vinCheckDigit } from '../../src/features/demo/cars.js';
import { DEMO_CSV_HEADER, demoCsvRows, writeDemoCsv } from '../../src/features/demo/csv-sink.js';
import { generateFleet } from '../../src/features/demo/fleet.js';
import { idCheckChar, isValidIdNumber, MOBILE } from '../../src/features/demo/people.js';
import { Rng } from '../../src/features/demo/random.js';
import { daysBetween } from '../../src/rules/clock.js';
import { isValidPlate } from '../../src/rules/plate.js';
import { tempDir } from '../helpers/context.js';

const TODAY = '2026-11-24';
const fleet = (vehicles: number, seed = 1) => [...generateFleet({ vehicles, seed, today: TODAY })];

describe('check characters', () => {
  it('computes the GB 11643 ID check character of a published example', () => {
    // The standard's worked example: 11010519491231002 -> X.
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('computes the VIN check digit of a well-known example', () => {
    // ISO 3779 / NHTSA example VIN 1M8GDM9AXKP042788 has check digit X.
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(isValidVin('1M8GDM9AXKP042788')).toBe(true);
    expect(isValidVin('1M8GDM9A1KP042788')).toBe(false);
  });
});

describe('the sample fleet', () => {
  const vehicles = fleet(3000);

  it('is the same for the same seed and different for another', () => {
    expect(fleet(200, 7)).toEqual(fleet(200, 7));
    expect(fleet(200, 8)[0]?.plate).not.toBe(fleet(200, 7)[0]?.plate);
  });

  it('gives every vehicle a unique valid plate, about 5% of them new-energy', () => {
    const plates = vehicles.map((v) => v.plate);
    expect(plates.filter((p) => !isValidPlate(p))).toEqual([]);
    expect(new Set(plates).size).toBe(plates.length);
    const newEnergy = plates.filter((p) => p.length === 8).length / plates.length;
    expect(newEnergy).toBeGreaterThan(0.03);
    expect(newEnergy).toBeLessThan(0.08);
    expect(plates.filter((p) => p.startsWith('粤')).length / plates.length).toBeGreaterThan(0.8);
  });

  it('gives valid VINs, ID numbers and mobile numbers', () => {
    expect(vehicles.filter((v) => !isValidVin(v.vin))).toEqual([]);
    expect(vehicles.filter((v) => !isValidIdNumber(v.idNo))).toEqual([]);
    expect(vehicles.filter((v) => !MOBILE.test(v.phone))).toEqual([]);
    expect(vehicles.filter((v) => !/^[\u4e00-\u9fff]{2,4}$/.test(v.owner))).toEqual([]);
  });

  it('gives every vehicle a compulsory policy, about 90% a commercial one, unique policy numbers', () => {
    expect(vehicles.every((v) => v.current[0]?.kind === 'compulsory')).toBe(true);
    const commercial = vehicles.filter((v) => v.current.some((p) => p.kind === 'commercial')).length / vehicles.length;
    expect(commercial).toBeGreaterThan(0.87);
    expect(commercial).toBeLessThan(0.93);
    const numbers = vehicles.flatMap((v) => [...v.current, ...v.renewal].map((p) => p.policyNo));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('spreads end dates from about four months ago to ten months ahead, kinds sometimes apart', () => {
    const offsets = vehicles.map((v) => daysBetween(TODAY, v.current[0]?.endDate as string));
    expect(Math.min(...offsets)).toBe(-120);
    expect(Math.max(...offsets)).toBe(300);
    const both = vehicles.filter((v) => v.current.length === 2);
    const apart = both.filter((v) => v.current[0]?.endDate !== v.current[1]?.endDate).length / both.length;
    expect(apart).toBeGreaterThan(0.2);
    expect(apart).toBeLessThan(0.3);
    for (const v of vehicles) for (const p of v.current) expect(daysBetween(p.startDate, p.endDate)).toBeGreaterThanOrEqual(364);
  });

  it('closes most ended cases: about 60% renewed (with next year\'s policies), 25% lost', () => {
    const past = vehicles.filter((v) => v.pastFate !== null);
    const share = (fate: string) => past.filter((v) => v.pastFate === fate).length / past.length;
    expect(share('renewed')).toBeGreaterThan(0.55);
    expect(share('renewed')).toBeLessThan(0.65);
    expect(share('lost')).toBeGreaterThan(0.2);
    expect(share('lost')).toBeLessThan(0.3);
    for (const v of past.filter((x) => x.pastFate === 'renewed')) {
      expect(v.renewal.map((p) => p.kind)).toEqual(v.current.map((p) => p.kind));
      expect(daysBetween(v.current[0]?.endDate as string, v.renewal[0]?.startDate as string)).toBe(1);
    }
    expect(vehicles.filter((v) => v.pastFate === null).every((v) => v.renewal.length === 0)).toBe(true);
  });

  it('marks about 20% as instalment customers and uses four specialists', () => {
    const installment = vehicles.filter((v) => v.installment).length / vehicles.length;
    expect(installment).toBeGreaterThan(0.17);
    expect(installment).toBeLessThan(0.23);
    expect(new Set(vehicles.map((v) => v.specialist)).size).toBe(4);
  });
});

describe('the CSV export', () => {
  it('writes the header, one row per policy, and identical bytes for the same seed', () => {
    const dir = tempDir();
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const counts = writeDemoCsv(a, { vehicles: 500, seed: 3, today: TODAY });
    writeDemoCsv(b, { vehicles: 500, seed: 3, today: TODAY });
    const bytes = readFileSync(a);
    expect(bytes.equals(readFileSync(b))).toBe(true);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF车牌号,车架号,发动机号,品牌型号,初次登记日期,车主,被保险人,联系电话,身份证号,保险公司,保单号,险种类型,保费,起保日期,保险止期,续保专员,是否分期\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n').filter((l) => l !== '');
    expect(lines.length - 1).toBe(counts.rows);
    expect(counts.vehicles).toBe(500);
    const policies = fleet(500, 3).reduce((n, v) => n + v.current.length + v.renewal.length, 0);
    expect(counts.rows).toBe(policies);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      expect(cells).toHaveLength(DEMO_CSV_HEADER.length);
      expect(['交强险', '商业险']).toContain(cells[11]);
      expect(cells[12]).toMatch(/^\d+\.\d{2}$/);
      expect(cells[13]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['是', '否']).toContain(cells[16]);
    }
  });

  it('needs no quoting or formula neutralising (cells are written as they are)', () => {
    for (const v of fleet(1000, 5)) {
      for (const line of demoCsvRows(v).split('\r\n').filter((l) => l !== '')) {
        expect(csvLine(line.split(','))).toBe(`${line}\r\n`);
      }
    }
  });

  it('refuses to overwrite a file without force', () => {
    const path = join(tempDir(), 'x.csv');
    writeDemoCsv(path, { vehicles: 1, seed: 1, today: TODAY });
    expect(() => writeDemoCsv(path, { vehicles: 1, seed: 1, today: TODAY })).toThrow(expect.objectContaining({ key: 'errors.fileExists' }));
    expect(writeDemoCsv(path, { vehicles: 2, seed: 1, today: TODAY }, true).vehicles).toBe(2);
  });
});

describe('Rng', () => {
  it('is deterministic and stays in range', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng(42, 1).next()).not.toBe(new Rng(42, 2).next());
  });
});
