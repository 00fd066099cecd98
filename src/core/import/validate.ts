/**
 * One CSV record -> the vehicle and policies it describes, or the reasons it cannot
 * be imported. A row with any problem is rejected whole (its line goes to the
 * rejects file); checksum failures on VIN and ID numbers are only warnings, since
 * real registrations carry such numbers and the rest of the row is still good.
 */
import type { PolicyKind, Vehicle } from '../../db/schema.js';
import { maskId, maskPhone } from '../mask.js';
import { isValidPlate, normalizePlate } from '../plate.js';
import type { ColumnPlan, Field } from './columns.js';
import { halfWidth, parseDate, parseIdNo, parsePhone, parsePremium, parseKind, parseVin, parseYesNo, SCIENTIFIC } from './values.js';

/** Vehicle attributes; null means "the file says nothing" (an existing value is kept). */
export type VehicleIn = Pick<
  Vehicle,
  'plate' | 'vin' | 'engine_no' | 'model' | 'first_registration' | 'owner' | 'insured' | 'phone' | 'id_no' | 'address' | 'specialist' | 'beneficiary'
> & { installment: number | null };

export interface PolicyIn {
  kind: PolicyKind;
  insurer: string | null;
  policy_no: string | null;
  premium_cents: number | null;
  start_date: string | null;
  end_date: string;
  coverages: string | null;
  natural_key: string;
  row_hash: string;
}

export interface RowIn {
  line: number;
  vehicle: VehicleIn;
  policies: PolicyIn[];
}

export type Reason =
  | 'missing' | 'badPlate' | 'badDate' | 'badPremium' | 'badPhone' | 'badVin' | 'badIdNo' | 'scientific' | 'badKind'
  | 'badYesNo' | 'endBeforeStart' | 'tooManyColumns' | 'noPolicy';

export interface Problem {
  field: Field | '';
  reason: Reason;
  /** Safe to print: phones and ID numbers masked. */
  shown: string;
}

export type WarningKind = 'vinChecksum' | 'idChecksum';
export interface RowWarning {
  line: number;
  field: Field;
  kind: WarningKind;
  shown: string;
}

export type Checked = { row: RowIn; warnings: RowWarning[] } | { problems: Problem[] };

const shownValue = (field: Field | '', raw: string) => {
  const v = raw.trim();
  if (field === 'phone') return maskPhone(v.replace(/\D/g, '')) || '*'.repeat(Math.min(v.length, 4));
  if (field === 'id_no') return maskId(v);
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
};

/** Validates and normalises one record. `fields` are the raw cells, `line` where the record starts. */
export function checkRecord(cells: readonly string[], line: number, plan: ColumnPlan): Checked {
  const ix = plan.index;
  const problems: Problem[] = [];
  const warnings: RowWarning[] = [];
  const raw = (f: Field): string => {
    const i = ix[f];
    return i < 0 ? '' : (cells[i] ?? '');
  };
  const problem = (field: Field | '', reason: Reason, value = '') => {
    problems.push({ field, reason, shown: shownValue(field, value) });
  };
  const text = (f: Field): string | null => {
    const v = halfWidth(raw(f));
    return v === '' ? null : v;
  };
  const date = (f: Field): string | null => {
    const r = raw(f);
    if (r.trim() === '') return null;
    const d = parseDate(r);
    if (d === null) problem(f, 'badDate', r);
    return d;
  };

  if (cells.length > plan.header.length && cells.slice(plan.header.length).some((c) => c.trim() !== '')) {
    problem('', 'tooManyColumns', String(cells.length));
  }

  const plateRaw = raw('plate');
  // Most exports already spell plates normally: skip the normalising rebuild then.
  const plate = isValidPlate(plateRaw) ? plateRaw : normalizePlate(plateRaw);
  if (plate === '') problem('plate', 'missing');
  else if (!isValidPlate(plate)) problem('plate', 'badPlate', plateRaw);

  let vin: string | null = null;
  const vinRaw = raw('vin');
  if (vinRaw.trim() !== '') {
    const r = parseVin(vinRaw);
    if ('error' in r) problem('vin', r.error === 'scientific' ? 'scientific' : 'badVin', vinRaw);
    else {
      vin = r.value;
      if (r.warning) warnings.push({ line, field: 'vin', kind: 'vinChecksum', shown: r.value });
    }
  }
  let phone: string | null = null;
  const phoneRaw = raw('phone');
  if (phoneRaw.trim() !== '') {
    const r = parsePhone(phoneRaw);
    if ('error' in r) problem('phone', r.error === 'scientific' ? 'scientific' : 'badPhone', phoneRaw);
    else phone = r.value;
  }
  let idNo: string | null = null;
  const idRaw = raw('id_no');
  if (idRaw.trim() !== '') {
    const r = parseIdNo(idRaw);
    if ('error' in r) problem('id_no', r.error === 'scientific' ? 'scientific' : 'badIdNo', idRaw);
    else {
      idNo = r.value;
      if (r.warning) warnings.push({ line, field: 'id_no', kind: 'idChecksum', shown: maskId(r.value) });
    }
  }
  let installment: number | null = null;
  const instRaw = raw('installment');
  if (instRaw.trim() !== '') {
    installment = parseYesNo(instRaw);
    if (installment === null) problem('installment', 'badYesNo', instRaw);
  }
  const engine = text('engine_no');
  const vehicle: VehicleIn = {
    plate,
    vin,
    engine_no: engine === null ? null : engine.toUpperCase(),
    model: text('model'),
    first_registration: date('first_registration'),
    owner: text('owner'),
    insured: text('insured'),
    phone,
    id_no: idNo,
    address: text('address'),
    beneficiary: text('beneficiary'),
    specialist: text('specialist'),
    installment,
  };

  const policies: PolicyIn[] = [];
  const policy = (kind: PolicyKind, f: { end: Field; start: Field; premium: Field; no: Field; insurer: Field }) => {
    const endRaw = raw(f.end);
    const end = date(f.end);
    const start = date(f.start);
    const premiumRaw = raw(f.premium);
    const premium = parsePremium(premiumRaw);
    if (premium === null) problem(f.premium, 'badPremium', premiumRaw);
    const no = text(f.no);
    if (no !== null && SCIENTIFIC.test(no)) problem(f.no, 'scientific', no);
    if (endRaw.trim() === '') problem(f.end, 'missing');
    if (end !== null && start !== null && end <= start) problem(f.end, 'endBeforeStart', `${start} ~ ${end}`);
    if (end === null) return;
    const insurer = text(f.insurer) ?? (f.insurer === 'insurer' ? null : text('insurer'));
    policies.push({
      kind,
      insurer,
      policy_no: no,
      premium_cents: premium ?? null,
      start_date: start,
      end_date: end,
      coverages: text('coverages'),
      natural_key: no !== null ? `P|${no}` : `K|${plate}|${kind}|${end}`,
      row_hash: '',
    });
  };

  if (plan.shape === 'policy') {
    const kindRaw = raw('kind');
    const kind = parseKind(kindRaw);
    if (kindRaw.trim() === '') problem('kind', 'missing');
    else if (kind === null) problem('kind', 'badKind', kindRaw);
    policy(kind ?? 'commercial', { end: 'end_date', start: 'start_date', premium: 'premium', no: 'policy_no', insurer: 'insurer' });
  } else {
    const kinds = [
      ['compulsory', { end: 'compulsory_end', start: 'compulsory_start', premium: 'compulsory_premium', no: 'compulsory_policy_no', insurer: 'compulsory_insurer' }],
      ['commercial', { end: 'commercial_end', start: 'commercial_start', premium: 'commercial_premium', no: 'commercial_policy_no', insurer: 'commercial_insurer' }],
    ] as const;
    let any = false;
    for (const [kind, f] of kinds) {
      // A kind is present when any of its own columns has a value; an empty kind is simply not insured here.
      if ([f.end, f.start, f.premium, f.no].some((c) => raw(c).trim() !== '')) {
        any = true;
        policy(kind, f);
      }
    }
    if (!any) problem(ix.compulsory_end >= 0 ? 'compulsory_end' : 'commercial_end', 'noPolicy');
  }

  if (problems.length > 0) return { problems };
  // The row hash covers the normalised vehicle and policy values, fed field by field
  // (building the joined string first cost as much as validating the row). An export
  // lists a vehicle's policies on adjacent rows, so most rows repeat the last vehicle
  // hashed: its lanes are reused (comparing costs a fraction of hashing again).
  if (lastHashed !== undefined && sameVehicle(lastHashed, vehicle)) {
    h1 = lastH1;
    h2 = lastH2;
  } else {
    hashVehicle(vehicle);
    lastHashed = vehicle;
    lastH1 = h1;
    lastH2 = h2;
  }
  const base1 = h1;
  const base2 = h2;
  for (const p of policies) {
    h1 = base1;
    h2 = base2;
    feed(p.kind);
    feed(p.insurer);
    feed(p.policy_no);
    feed(p.premium_cents === null ? null : String(p.premium_cents));
    feed(p.start_date);
    feed(p.end_date);
    feed(p.coverages);
    p.row_hash = digest();
  }
  return { row: { line, vehicle, policies }, warnings };
}

function hashVehicle(v: VehicleIn): void {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
  feed(v.plate);
  feed(v.vin);
  feed(v.engine_no);
  feed(v.model);
  feed(v.first_registration);
  feed(v.owner);
  feed(v.insured);
  feed(v.phone);
  feed(v.id_no);
  feed(v.address);
  feed(v.specialist);
  feed(v.installment === null ? null : String(v.installment));
  if (v.beneficiary !== null) feed(v.beneficiary); // only when given: files without the column keep their hashes
}

// Hash state (two 32-bit lanes, cyrb53-style), module-level so feeding allocates nothing.
let h1 = 0;
let h2 = 0;
/** The vehicle hashed last and the lanes after it. */
let lastHashed: VehicleIn | undefined;
let lastH1 = 0;
let lastH2 = 0;

/** Whether two rows describe the vehicle the same way (every field the row hash covers). */
export function sameVehicle(a: VehicleIn, b: VehicleIn): boolean {
  return a.plate === b.plate && a.vin === b.vin && a.engine_no === b.engine_no && a.model === b.model && a.first_registration === b.first_registration &&
    a.owner === b.owner && a.insured === b.insured && a.phone === b.phone && a.id_no === b.id_no && a.address === b.address &&
    a.specialist === b.specialist && a.installment === b.installment && a.beneficiary === b.beneficiary;
}

/** Adds one value and a separator (so 'ab','c' and 'a','bc' differ; null differs from ''). */
function feed(s: string | null): void {
  if (s !== null) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
  }
  const sep = s === null ? 2 : 1;
  h1 = Math.imul(h1 ^ sep, 2654435761);
  h2 = Math.imul(h2 ^ sep, 1597334677);
}

function digest(): string {
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
