/**
 * Cars: models of common brands sold in China, licence plates (unique within one
 * run), VINs with a valid ISO 3779 check digit, and engine numbers.
 */
import { type Rng, weights } from './random.js';

export interface CarModel {
  /** '大众 朗逸 1.5L' as the 品牌型号 column shows it. */
  name: string;
  /** World manufacturer identifier: the VIN's first three characters. */
  wmi: string;
  /** Engine (or motor) number prefix. */
  engine: string;
  /** Typical commercial premium in yuan for this car. */
  commercialYuan: number;
  /** A new-energy car: it gets an 8-character green plate. */
  newEnergy: boolean;
  /** How common the model is among the store's customers. */
  weight: number;
}

export const CAR_MODELS: readonly CarModel[] = [
  { name: '大众 朗逸 1.5L', wmi: 'LSV', engine: 'DMB', commercialYuan: 2800, newEnergy: false, weight: 14 },
  { name: '大众 迈腾 2.0T', wmi: 'LFV', engine: 'DKX', commercialYuan: 4300, newEnergy: false, weight: 6 },
  { name: '丰田 凯美瑞 2.5L', wmi: 'LVG', engine: 'A25A', commercialYuan: 4200, newEnergy: false, weight: 8 },
  { name: '丰田 卡罗拉 1.2T', wmi: 'LFM', engine: '9NR', commercialYuan: 2900, newEnergy: false, weight: 9 },
  { name: '本田 雅阁 1.5T', wmi: 'LHG', engine: 'L15B', commercialYuan: 4000, newEnergy: false, weight: 8 },
  { name: '本田 CR-V 1.5T', wmi: 'LVH', engine: 'L15B', commercialYuan: 4100, newEnergy: false, weight: 7 },
  { name: '日产 轩逸 1.6L', wmi: 'LGB', engine: 'HR16', commercialYuan: 2600, newEnergy: false, weight: 10 },
  { name: '别克 英朗 1.5L', wmi: 'LSG', engine: 'L3G', commercialYuan: 2700, newEnergy: false, weight: 5 },
  { name: '哈弗 H6 1.5T', wmi: 'LGW', engine: 'GW4B15', commercialYuan: 3000, newEnergy: false, weight: 6 },
  { name: '吉利 帝豪 1.5L', wmi: 'L6T', engine: 'JLC4G15', commercialYuan: 2400, newEnergy: false, weight: 6 },
  { name: '长安 CS75 PLUS 1.5T', wmi: 'LS5', engine: 'JL473ZQ', commercialYuan: 3100, newEnergy: false, weight: 5 },
  { name: '宝马 3系 2.0T', wmi: 'LBV', engine: 'B48B20', commercialYuan: 7600, newEnergy: false, weight: 4 },
  { name: '奔驰 C级 1.5T', wmi: 'LE4', engine: 'M264', commercialYuan: 8200, newEnergy: false, weight: 3 },
  { name: '奥迪 A4L 2.0T', wmi: 'LFV', engine: 'DTA', commercialYuan: 7100, newEnergy: false, weight: 3 },
  // New-energy models: about 5% of the fleet, so about 5% of plates are green 8-character ones.
  { name: '比亚迪 秦PLUS DM-i', wmi: 'LC0', engine: 'BYD472QA', commercialYuan: 3300, newEnergy: true, weight: 2.4 },
  { name: '特斯拉 Model 3', wmi: 'LRW', engine: 'TZ220XS', commercialYuan: 6500, newEnergy: true, weight: 1.4 },
  { name: '广汽埃安 AION S', wmi: 'LNA', engine: 'TZ180XS', commercialYuan: 3600, newEnergy: true, weight: 1.2 },
];

const MODEL_WEIGHTS = weights(CAR_MODELS.map((m) => [m, m.weight] as const));

export function carModel(rng: Rng): CarModel {
  return rng.weighted(MODEL_WEIGHTS);
}

/** Letters and digits allowed on plates and in VINs (no I or O; VINs also lack Q). */
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** Plate prefixes (province + city letter), mostly Guangzhou and Shenzhen, a few from neighbouring provinces. */
const PLATE_PREFIX_LIST: readonly (readonly [string, number])[] = [
  ['粤A', 55], ['粤B', 12], ['粤E', 6], ['粤S', 5], ['粤T', 3], ['粤C', 2], ['粤Y', 2], ['粤X', 2],
  ['湘A', 2], ['赣A', 1.5], ['桂A', 1.5], ['川A', 1], ['鄂A', 1], ['湘L', 1], ['闽D', 1], ['琼A', 1],
];
const PLATE_PREFIXES = weights(PLATE_PREFIX_LIST);
const PREFIX_ORDER = PLATE_PREFIX_LIST.map(([p]) => p);

// Tails are drawn through a fixed bijection k -> (k * STEP + offset) mod capacity, so every
// plate of one run is different without remembering the ones already used.
const STEP = 104_729; // prime; shares no factor with either capacity (2, 5, 17)
const ORDINARY_CAPACITY = 34 * 10_000; // a letter or digit, then four digits: 粤AK1234
const NEW_ENERGY_CAPACITY = 2 * 34 * 10_000; // D or F, a letter-or-digit, four digits: 粤AD12345

/** Hands out unique plates; one per run (its counters are the run's memory). */
export class PlateAllocator {
  private readonly used = new Map<string, number>();
  private readonly offset: number;

  constructor(seed: number) {
    this.offset = Math.abs(seed * 7919) % ORDINARY_CAPACITY;
  }

  next(rng: Rng, newEnergy: boolean): string {
    const wanted = rng.weighted(PLATE_PREFIXES);
    const capacity = newEnergy ? NEW_ENERGY_CAPACITY : ORDINARY_CAPACITY;
    // A full prefix hands over to the next one (only at millions of vehicles).
    for (let i = PREFIX_ORDER.indexOf(wanted), tries = 0; tries < PREFIX_ORDER.length; i++, tries++) {
      const prefix = PREFIX_ORDER[i % PREFIX_ORDER.length] as string;
      const key = (newEnergy ? 'N' : 'O') + prefix;
      const k = this.used.get(key) ?? 0;
      if (k >= capacity) continue;
      this.used.set(key, k + 1);
      const n = (k * STEP + this.offset) % capacity;
      const digits = String(n % 10_000).padStart(4, '0');
      const lead = PLATE_CHARS[Math.floor(n / 10_000) % 34] as string;
      return newEnergy ? `${prefix}${n < capacity / 2 ? 'D' : 'F'}${lead}${digits}` : `${prefix}${lead}${digits}`;
    }
    throw new Error('plate space exhausted');
  }
}

const VIN_VALUES: Record<string, number> = {};
for (const [i, ch] of [...'ABCDEFGH'].entries()) VIN_VALUES[ch] = i + 1;
for (const [i, ch] of [...'JKLMN'].entries()) VIN_VALUES[ch] = i + 1;
VIN_VALUES.P = 7;
VIN_VALUES.R = 9;
for (const [i, ch] of [...'STUVWXYZ'].entries()) VIN_VALUES[ch] = i + 2;
for (let d = 0; d <= 9; d++) VIN_VALUES[String(d)] = d;
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit (position 9) of a 17-character VIN: '0'-'9' or 'X'. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (VIN_VALUES[vin[i] as string] ?? 0) * (VIN_WEIGHTS[i] as number);
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function isValidVin(vin: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && vinCheckDigit(vin) === vin[8];
}

/** Model-year letters from 2010 (position 10 of the VIN). */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/** A VIN for `model`, built in `year`, with a valid check digit. */
export function vin(rng: Rng, model: CarModel, year: number): string {
  let descriptor = '';
  for (let i = 0; i < 5; i++) descriptor += VIN_CHARS[rng.int(VIN_CHARS.length)];
  const yearCode = YEAR_CODES[(year - 2010) % YEAR_CODES.length] as string;
  const plant = VIN_CHARS[rng.int(24)] as string; // a letter
  const draft = `${model.wmi}${descriptor}0${yearCode}${plant}${rng.digits(6)}`;
  return draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
}

export function engineNumber(rng: Rng, model: CarModel): string {
  return model.engine + PLATE_CHARS[rng.int(24)] + rng.digits(6);
}
