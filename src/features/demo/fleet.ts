/**
 * The sample fleet: one vehicle at a time (so any number streams in constant
 * memory), each with its compulsory policy, usually a commercial one, and, when
 * an already-ended case was renewed, next year's policies as an import would
 * bring them. The same seed and today give the same fleet, whatever the sink.
 */
import type { PolicyKind } from '../../storage/schema.js';
import { type CarModel, carModel, engineNumber, PlateAllocator, vin } from './cars.js';
import { chineseName, idNumber, mobilePhone } from './people.js';
import { addYears, shiftDate } from './calendar.js';
import { Rng, weights } from './random.js';

/** Real Chinese property insurers (short names as dealers write them), with a made-up policy-number code. */
export const INSURERS: readonly (readonly [name: string, code: string, weight: number])[] = [
  ['中国人保', 'PDAA', 30], ['平安产险', 'PAIC', 28], ['太平洋产险', 'ACPC', 18], ['国寿财险', 'GSCX', 7],
  ['中华联合', 'ZHLH', 6], ['大地保险', 'DDBX', 5], ['阳光产险', 'YGCX', 4], ['太平财险', 'TPCX', 2],
];
const INSURER_WEIGHTS = weights(INSURERS.map(([name, , w]) => [name, w] as const));
const INSURER_CODES = new Map(INSURERS.map(([name, code]) => [name, code]));
/** The insurers the demo store is certified with (the `certified_insurers` setting). */
export const CERTIFIED_INSURERS = INSURERS.slice(0, 4).map(([name]) => name);

/** The store's renewal specialists and their direct lines. */
export const SPECIALISTS: Readonly<Record<string, string>> = {
  陈晓雯: '13826041175',
  林志豪: '13902287634',
  黄佳琪: '18620359148',
  周文斌: '13711846290',
};
const SPECIALIST_NAMES = Object.keys(SPECIALISTS);

/** Base compulsory premium (6-seat family car) and the no-claims factors it is multiplied by. */
const COMPULSORY_BASE_CENTS = 95_000;
const COMPULSORY_FACTORS = weights([[0.7, 45], [0.8, 20], [0.9, 15], [1, 15], [1.1, 4], [1.3, 1]] as const);

export interface DemoPolicy {
  kind: PolicyKind;
  insurer: string;
  policyNo: string;
  premiumCents: number;
  startDate: string;
  endDate: string;
}

/** What happened to a case whose cover already ended (decided here because renewals add policies). */
export type PastFate = 'renewed' | 'lost' | 'lapsed';

const PAST_FATES = weights<PastFate>([['renewed', 60], ['lost', 25], ['lapsed', 15]]);

export interface DemoVehicle {
  plate: string;
  vin: string;
  engineNo: string;
  model: string;
  firstRegistration: string;
  owner: string;
  insured: string;
  phone: string;
  idNo: string;
  installment: boolean;
  specialist: string;
  /** The policies of the current case (compulsory first). */
  current: DemoPolicy[];
  /** Set when the current case ended before today. */
  pastFate: PastFate | null;
  /** Next year's policies when `pastFate` is 'renewed'. */
  renewal: DemoPolicy[];
}

export interface FleetOptions {
  vehicles: number;
  seed: number;
  /** 'YYYY-MM-DD': end dates spread from about 4 months before to 10 months after it. */
  today: string;
  /** Called every 10,000 vehicles with the number generated so far (a progress line on a TTY). */
  progress?: (vehicles: number) => void;
}

export const MAX_VEHICLES = 2_000_000;

/** Generates the fleet vehicle by vehicle. */
export function* generateFleet(options: FleetOptions): Generator<DemoVehicle> {
  const rng = new Rng(options.seed, 1);
  const plates = new PlateAllocator(options.seed);
  const year = Number(options.today.slice(0, 4));
  let serial = 0;
  const policy = (kind: PolicyKind, insurer: string, premiumCents: number, endDate: string): DemoPolicy => {
    const startDate = shiftDate(addYears(endDate, -1), 1);
    serial += 1;
    // Unique within a run: insurer code, kind, start year, then a running number.
    const policyNo = `${INSURER_CODES.get(insurer)}${kind === 'compulsory' ? '11' : '12'}${startDate.slice(0, 4)}44${String(serial).padStart(9, '0')}`;
    return { kind, insurer, policyNo, premiumCents, startDate, endDate };
  };

  for (let i = 0; i < options.vehicles; i++) {
    const model = carModel(rng);
    const built = rng.between(year - 9, year - 1);
    const male = rng.chance(0.68);
    const owner = chineseName(rng);
    const v: DemoVehicle = {
      plate: plates.next(rng, model.newEnergy),
      vin: vin(rng, model, built),
      engineNo: engineNumber(rng, model),
      model: model.name,
      firstRegistration: `${built}-${String(rng.between(1, 12)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`,
      owner,
      insured: rng.chance(0.93) ? owner : chineseName(rng),
      phone: mobilePhone(rng),
      idNo: idNumber(rng, male),
      installment: rng.chance(0.2),
      specialist: rng.pick(SPECIALIST_NAMES),
      current: [],
      pastFate: null,
      renewal: [],
    };
    const compulsoryEnd = shiftDate(options.today, rng.between(-120, 300));
    const insurer = rng.weighted(INSURER_WEIGHTS);
    v.current.push(policy('compulsory', insurer, compulsoryCents(rng), compulsoryEnd));
    if (rng.chance(0.9)) {
      // A quarter of the cars have their commercial cover on another day (bought separately, or moved).
      const commercialEnd = rng.chance(0.75) ? compulsoryEnd : shiftDate(compulsoryEnd, nonZero(rng, 60));
      const commercialInsurer = rng.chance(0.95) ? insurer : rng.weighted(INSURER_WEIGHTS);
      v.current.push(policy('commercial', commercialInsurer, commercialCents(rng, model), commercialEnd));
    }
    const due = v.current.reduce((min, p) => (p.endDate < min ? p.endDate : min), compulsoryEnd);
    if (due < options.today) {
      v.pastFate = rng.weighted(PAST_FATES);
      if (v.pastFate === 'renewed') {
        const renewalInsurer = rng.chance(0.8) ? (v.current[v.current.length - 1] as DemoPolicy).insurer : rng.weighted(INSURER_WEIGHTS);
        for (const old of v.current) {
          const cents = old.kind === 'compulsory' ? compulsoryCents(rng) : roundTo10Fen(old.premiumCents * (0.9 + rng.next() * 0.2));
          v.renewal.push(policy(old.kind, renewalInsurer, cents, addYears(old.endDate, 1)));
        }
      }
    }
    yield v;
    if (options.progress && (i + 1) % 10_000 === 0) options.progress(i + 1);
  }
}

function nonZero(rng: Rng, max: number): number {
  const d = rng.between(1, max);
  return rng.chance(0.5) ? d : -d;
}

function roundTo10Fen(cents: number): number {
  return Math.round(cents / 10) * 10;
}

function compulsoryCents(rng: Rng): number {
  return Math.round(COMPULSORY_BASE_CENTS * rng.weighted(COMPULSORY_FACTORS));
}

function commercialCents(rng: Rng, model: CarModel): number {
  return roundTo10Fen(model.commercialYuan * 100 * (0.75 + rng.next() * 0.6));
}
