/**
 * One CSV record -> the vehicle and policies it describes, or the reasons it cannot
 * be imported. Only what a renewal case cannot do without rejects a row (its line
 * goes to the rejects file): the plate, the policy's kind, end date, start date,
 * premium and number. A damaged or invalid optional vehicle detail (VIN, phone, ID
 * number, first registration, installment, business type 业务类型; Excel's
 * scientific notation included) is a warning: the row is imported with that detail
 * empty, so a stored value is kept.
 * Check characters that do not match (VIN, ID, credit code), an ID birth date that
 * cannot exist and Hong Kong, Macau or Taiwan IDs are warnings with the value kept:
 * real registrations carry such numbers.
 */
import type { Business, PolicyKind } from './domain.js';
import { maskId, maskPhone } from './mask.js';
import { isValidPlate, normalizePlate } from './plate.js';
import type { ColumnPlan, Field } from './columns.js';
import { controlCharsIn, showControls, withoutControls } from './safe-text.js';
import { halfWidth, parseBusiness, parseDate, parseIdNo, parsePhone, parsePremium, parseKind, parseVin, parseYesNo, SCIENTIFIC } from './values.js';

/** Vehicle attributes; null means "the file says nothing" (an existing value is kept). */
export interface VehicleIn {
  plate: string;
  vin: string | null;
  engine_no: string | null;
  model: string | null;
  first_registration: string | null;
  owner: string | null;
  insured: string | null;
  phone: string | null;
  id_no: string | null;
  address: string | null;
  specialist: string | null;
  installment: number | null;
  /** The first beneficiary (第一受益人): a loan vehicle's lender. */
  beneficiary: string | null;
  /** 业务类型 (新保/续保/转保), when the file has the column. */
  business: Business | null;
}

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
  | 'badYesNo' | 'badBusiness' | 'endBeforeStart' | 'tooManyColumns' | 'noPolicy' | 'premiumRange'
  // Set by parse-rows.ts before validation (the reader's limits).
  | 'lineTooLong' | 'cellTooLong';

export interface Problem {
  field: Field | '';
  reason: Reason;
  /** Safe to print: phones and ID numbers masked. */
  shown: string;
}

/**
 * Kept with a warning (the first four), stored without its control characters
 * (`controlChars`), or `dropped`: stored empty for `reason`, the row imported.
 */
export type WarningKind = 'vinChecksum' | 'idChecksum' | 'creditChecksum' | 'otherRegion' | 'controlChars' | 'dropped';
export interface RowWarning {
  line: number;
  field: Field;
  kind: WarningKind;
  /** Why a `dropped` value could not be stored ('' for the other kinds). */
  reason: Reason | '';
  shown: string;
}

export type Checked = { row: RowIn; warnings: RowWarning[] } | { problems: Problem[] };

/** What a row is checked against besides its own values: the store's settings. */
export interface RowRules {
  /** A premium must be more than 0 and at most this (fen), per kind (setting `max_premium_yuan`). */
  maxPremiumCents: Readonly<Record<PolicyKind, number>>;
}

/**
 * A policy's idempotence key, the one definition: 'P|<policy_no>' when it has a
 * number, else 'K|<plate>|<kind>|<end_date>'. The importer and the archive (a
 * policy written by a call) both key policies with it.
 */
export function policyNaturalKey(policyNo: string | null, plate: string, kind: PolicyKind, end: string): string {
  return policyNo !== null ? `P|${policyNo}` : `K|${plate}|${kind}|${end}`;
}

/** The rules the store's settings give. */
export function rowRules(settings: { max_premium_yuan: Record<PolicyKind, number> }): RowRules {
  const max = settings.max_premium_yuan;
  return { maxPremiumCents: { compulsory: max.compulsory * 100, commercial: max.commercial * 100 } };
}

/** A totals row's first identifying cell: 合计 / 总计 (also 小计, and with a count: 合计：31). */
const TOTALS = /^(?:合计|总计|小计)/;
const TOTALS_FIELDS: readonly Field[] = ['plate', 'vin', 'owner', 'insured', 'policy_no', 'compulsory_policy_no', 'commercial_policy_no', 'id_no'];

/**
 * Whether a record is the totals row many dealer systems end an export with (合计 or
 * 总计 in the first column or in any identifying column, and no plate): skipped, not
 * a rejected row.
 */
export function isTotalsRow(cells: readonly string[], plan: ColumnPlan): boolean {
  const plate = cells[plan.index.plate] ?? '';
  if (plate !== '' && isValidPlate(normalizePlate(plate))) return false;
  const totals = (i: number) => i >= 0 && TOTALS.test(halfWidth(cells[i] ?? '').replace(/\s/g, ''));
  return totals(0) || TOTALS_FIELDS.some((f) => totals(plan.index[f]));
}

const ID_WARNINGS = { checksum: 'idChecksum', creditChecksum: 'creditChecksum', otherRegion: 'otherRegion' } as const;

const shownValue = (field: Field | '', raw: string) => {
  const v = raw.trim();
  if (field === 'phone') return SCIENTIFIC.test(v) ? maskId(v) : maskPhone(v.replace(/\D/g, '')) || '*'.repeat(Math.min(v.length, 4));
  if (field === 'id_no') return maskId(v);
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
};

/** Validates and normalises one record. `fields` are the raw cells, `line` where the record starts. */
export function checkRecord(cells: readonly string[], line: number, plan: ColumnPlan, rules: RowRules): Checked {
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
  /** An optional detail that cannot be stored: the row goes in without it (or, if rejected anyway, lists it too). */
  let dropped: Problem[] | undefined; // allocated only for the rare row that needs it
  const drop = (field: Field, reason: Reason, value: string) => {
    const p = { field, reason, shown: shownValue(field, value) };
    (dropped ??= []).push(p);
    warnings.push({ line, field, kind: 'dropped', reason, shown: p.shown });
  };
  let controlled: Set<Field> | undefined; // fields already warned about (coverages and insurer are read per kind)
  const text = (f: Field): string | null => {
    let v = halfWidth(raw(f));
    // Control characters in data would drive the terminal (escapes, BEL, backspaces): stored without them, with a warning.
    const controls = controlCharsIn(v);
    if (controls.length > 0) {
      if (!(controlled ??= new Set()).has(f)) {
        controlled.add(f);
        const shown = showControls(v.trim());
        warnings.push({ line, field: f, kind: 'controlChars', reason: '', shown: shown.length > 40 ? `${shown.slice(0, 40)}…` : shown });
      }
      v = withoutControls(v).trim();
    }
    return v === '' ? null : v;
  };
  const date = (f: Field, optional = false): string | null => {
    const r = raw(f);
    if (r.trim() === '') return null;
    const d = parseDate(r);
    if (d === null) (optional ? drop : problem)(f, 'badDate', r);
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
    if ('error' in r) drop('vin', r.error === 'scientific' ? 'scientific' : 'badVin', vinRaw);
    else {
      vin = r.value;
      if (r.warning) warnings.push({ line, field: 'vin', kind: 'vinChecksum', reason: '', shown: r.value });
    }
  }
  let phone: string | null = null;
  const phoneRaw = raw('phone');
  if (phoneRaw.trim() !== '') {
    const r = parsePhone(phoneRaw);
    if ('error' in r) drop('phone', r.error === 'scientific' ? 'scientific' : 'badPhone', phoneRaw);
    else phone = r.value;
  }
  let idNo: string | null = null;
  const idRaw = raw('id_no');
  if (idRaw.trim() !== '') {
    const r = parseIdNo(idRaw);
    if ('error' in r) drop('id_no', r.error === 'scientific' ? 'scientific' : 'badIdNo', idRaw);
    else {
      idNo = r.value;
      if (r.warning) warnings.push({ line, field: 'id_no', kind: ID_WARNINGS[r.warning], reason: '', shown: maskId(r.value) });
    }
  }
  let installment: number | null = null;
  const instRaw = raw('installment');
  if (instRaw.trim() !== '') {
    installment = parseYesNo(instRaw);
    if (installment === null) drop('installment', 'badYesNo', instRaw);
  }
  let business: Business | null = null;
  const businessRaw = raw('business');
  if (businessRaw.trim() !== '') {
    business = parseBusiness(businessRaw);
    if (business === null) drop('business', 'badBusiness', businessRaw);
  }
  const engine = text('engine_no');
  const vehicle: VehicleIn = {
    plate,
    vin,
    engine_no: engine === null ? null : engine.toUpperCase(),
    model: text('model'),
    first_registration: date('first_registration', true),
    owner: text('owner'),
    insured: text('insured'),
    phone,
    id_no: idNo,
    address: text('address'),
    beneficiary: text('beneficiary'),
    specialist: text('specialist'),
    installment,
    business,
  };

  const policies: PolicyIn[] = [];
  const policy = (kind: PolicyKind, f: { end: Field; start: Field; premium: Field; no: Field; insurer: Field }) => {
    const endRaw = raw(f.end);
    const end = date(f.end);
    const start = date(f.start);
    const premiumRaw = raw(f.premium);
    const premium = parsePremium(premiumRaw);
    if (premium === null) problem(f.premium, 'badPremium', premiumRaw);
    else if (premium !== undefined && (premium <= 0 || premium > rules.maxPremiumCents[kind])) problem(f.premium, 'premiumRange', premiumRaw);
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
      natural_key: policyNaturalKey(no, plate, kind, end),
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

  if (problems.length > 0) return { problems: dropped ? [...problems, ...dropped] : problems };
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
  if (v.business !== null) feed(`business=${v.business}`); // the same, and never mistaken for a beneficiary's name
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
    a.specialist === b.specialist && a.installment === b.installment && a.beneficiary === b.beneficiary && a.business === b.business;
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
