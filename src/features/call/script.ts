/**
 * The call script (data/call-script/<lang>.json): store-editable text for each stage
 * of a renewal call, validated on load so a typo in a placeholder or a missing
 * stage is named (file and entry) before the specialist is on the phone.
 */
import type { Lang } from '../../i18n/index.js';
import { readDataJson } from '../data-files.js';
import { RenewError } from '../../errors.js';
import type { LossReason } from '../loss-reasons.js';

export interface Objection {
  id: string;
  /** The menu label: what the customer says. */
  label: string;
  /** Two or three alternative answers; the specialist picks what fits. */
  answers: string[];
  /** The question that steers back towards the close. */
  follow_up: string;
}

export interface Readback {
  /** Owner, insured, ID, plate, model, VIN, first registration. */
  vehicle: string;
  /** One per quoted kind: insurer and premium. */
  kind: string;
  /** Each kind's start date, when they differ. */
  start_each: string;
  /** One sentence when every kind starts the same day. */
  start_same: string;
  total: string;
  /** Compulsory cover cannot be cancelled; the main exclusions. */
  reminders: string[];
  /** Delivery address and payment. */
  delivery: string[];
}

export interface CallScript {
  /** The file it came from, for messages. */
  path: string;
  opening: string[];
  /** Shown after the opening for cars on a loan or instalment plan. */
  loan: string[];
  needs: string[];
  quote: string[];
  objections: Objection[];
  close: string[];
  readback: Readback;
  not_sold: string[];
  closing: string[];
  /** Added to the closing when a major holiday is near: {holiday}. */
  holiday: string;
}

/** Every placeholder a script line may use; filled from the case (see placeholders.ts). */
export const PLACEHOLDERS = [
  'customer', 'surname', 'title', 'plate', 'model', 'vin', 'first_registration', 'owner', 'insured', 'id_no', 'address',
  'phone', 'due_date', 'days_left', 'compulsory_end', 'compulsory_days', 'commercial_end', 'commercial_days',
  'last_insurer', 'last_premium', 'store', 'store_phone', 'specialist', 'specialist_phone',
  'insurer', 'kind_name', 'premium', 'start_date', 'total', 'holiday', 'next_at', 'beneficiary',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const STAGES = ['opening', 'loan', 'needs', 'quote', 'objections', 'close', 'not_sold', 'closing'] as const;

export function scriptFileName(lang: Lang): string {
  return `call-script/${lang}.json`;
}

/** Loads and validates the script for `lang`; `reasons` must only name objections the script has. */
export function loadCallScript(dirs: readonly string[], lang: Lang, reasons: readonly LossReason[] = []): CallScript {
  const { path, value } = readDataJson(dirs, scriptFileName(lang));
  return validateCallScript(path, value, reasons);
}

export function validateCallScript(path: string, value: unknown, reasons: readonly LossReason[] = []): CallScript {
  const bad = (entry: string, problem: string) => new RenewError('call.scriptEntry', { path, entry, problem });
  const root = value as Record<string, unknown> | null;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw bad('(file)', 'the file must hold one JSON object of stages');
  for (const stage of STAGES) if (!(stage in root)) throw bad(stage, 'missing stage');

  const lines = (entry: string, v: unknown): string[] => {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.trim() !== '')) {
      throw bad(entry, 'expected a non-empty list of text lines');
    }
    v.forEach((line: string, i) => checkPlaceholders(`${entry}[${i}]`, line));
    return v as string[];
  };
  const text = (entry: string, v: unknown): string => {
    if (typeof v !== 'string' || v.trim() === '') throw bad(entry, 'expected text');
    checkPlaceholders(entry, v);
    return v;
  };
  const checkPlaceholders = (entry: string, line: string) => {
    for (const m of line.matchAll(/\{([^{}]*)\}/g)) {
      const name = m[1] as string;
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        throw bad(entry, `unknown placeholder {${name}} (known: ${PLACEHOLDERS.join(', ')})`);
      }
    }
  };
  const stage = (name: string) => {
    const s = root[name] as Record<string, unknown> | null;
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw bad(name, 'a stage must be an object with "lines"');
    return s;
  };

  const objectionsRaw = root.objections;
  if (!Array.isArray(objectionsRaw) || objectionsRaw.length === 0) throw bad('objections', 'expected a non-empty list of objections');
  const seen = new Set<string>();
  const objections = objectionsRaw.map((raw, i): Objection => {
    const o = (raw ?? {}) as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id : '';
    const entry = `objections.${id || `#${i + 1}`}`;
    if (!/^[a-z][a-z0-9_]*$/.test(id)) throw bad(entry, 'id must be lower-case letters, digits or _');
    if (seen.has(id)) throw bad(entry, 'duplicate objection id');
    seen.add(id);
    const answers = lines(`${entry}.answers`, o.answers);
    if (answers.length > 3) throw bad(`${entry}.answers`, 'give two or three alternative answers, not more');
    return { id, label: text(`${entry}.label`, o.label), answers, follow_up: text(`${entry}.follow_up`, o.follow_up) };
  });
  for (const reason of reasons) {
    for (const objection of reason.objections) {
      if (!seen.has(objection)) throw bad(`objections`, `loss reason "${reason.code}" refers to objection "${objection}", which the script lacks`);
    }
  }

  const close = stage('close');
  const rb = (close.readback ?? null) as Record<string, unknown> | null;
  if (!rb || typeof rb !== 'object') throw bad('close.readback', 'missing read-back');
  const closing = stage('closing');
  return {
    path,
    opening: lines('opening.lines', stage('opening').lines),
    loan: lines('loan.lines', stage('loan').lines),
    needs: lines('needs.lines', stage('needs').lines),
    quote: lines('quote.lines', stage('quote').lines),
    objections,
    close: lines('close.lines', close.lines),
    readback: {
      vehicle: text('close.readback.vehicle', rb.vehicle),
      kind: text('close.readback.kind', rb.kind),
      start_each: text('close.readback.start_each', rb.start_each),
      start_same: text('close.readback.start_same', rb.start_same),
      total: text('close.readback.total', rb.total),
      reminders: lines('close.readback.reminders', rb.reminders),
      delivery: lines('close.readback.delivery', rb.delivery),
    },
    not_sold: lines('not_sold.lines', stage('not_sold').lines),
    closing: lines('closing.lines', closing.lines),
    holiday: text('closing.holiday', closing.holiday),
  };
}
