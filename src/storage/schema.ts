/**
 * Table types for kysely. One interface per table; `Generated<>` for columns the
 * database fills; money is integer fen (cents) so sums are exact; dates are
 * 'YYYY-MM-DD' text and timestamps 'YYYY-MM-DD HH:mm:ss' local time, which sort
 * correctly as text in SQLite and PostgreSQL alike.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

import type { Business, CaseStatus, Channel, CompetitorChannel, CustodyAction, DepositAction, DepositMethod, Outcome, PolicyKind, QuoteSource, UserRole, VehicleStatus } from '../rules/domain.js';

export type { Business, CaseStatus, Channel, CompetitorChannel, CustodyAction, DepositAction, DepositMethod, Outcome, PolicyKind, QuoteSource, UserRole, VehicleStatus };

export interface VehicleTable {
  id: Generated<number>;
  /** Normalised: upper case, half-width, no spaces (粤A12345). */
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
  /** 1 when the car is on a loan or instalment plan: renewal must go through the store. */
  installment: Generated<number>;
  /** A loan vehicle's first beneficiary (第一受益人, the lender), when the export names it (migration 0006). */
  beneficiary: string | null;
  specialist: string | null;
  do_not_call_until: string | null;
  /** 业务类型 (migration 0008): 'new' 新保, 'renewal' 续保, 'switch' 转保; null when nobody said. */
  business: Business | null;
  /** 'sold' (车辆转卖) or 'scrapped' (报废), migration 0009: out of every queue and the base; null while in use. */
  status: VehicleStatus | null;
  /** Set by `renew purge`: personal fields were cleared, counts kept. */
  purged_at: string | null;
  /**
   * The store (stores.code) whose import or entry last brought the car (migration 0012);
   * null while the database has no stores. A plate is one car in the whole group.
   */
  store: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface PolicyTable {
  id: Generated<number>;
  vehicle_id: number;
  /** The renewal case this policy's end date belongs to. */
  case_id: number | null;
  /** The earlier case this policy renewed (set once, when renewal is detected). */
  renews_case_id: number | null;
  kind: PolicyKind;
  insurer: string | null;
  policy_no: string | null;
  /** Idempotence key: 'P|<policy_no>' when there is one, else 'K|<plate>|<kind>|<end_date>'. */
  natural_key: string;
  premium_cents: number | null;
  start_date: string | null;
  end_date: string;
  coverages: string | null;
  /** Hash of the imported values, so an unchanged row is recognised without comparing fields. */
  row_hash: string | null;
  import_id: number | null;
  /** The register event whose renewal wrote this policy by hand (migration 0008); null for imported ones. */
  event_id: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * A vehicle's renewal case: the cover ending around one date (compulsory and
 * commercial may end on different days). Status and counters are a projection of
 * the register (`events`), rebuilt in the same transaction as every event.
 */
export interface RenewalCaseTable {
  id: Generated<number>;
  vehicle_id: number;
  /** The earliest end date among the case's policies: what the work queue sorts on. */
  due_date: string;
  compulsory_end: string | null;
  commercial_end: string | null;
  /** Last year's premium and insurer (sum over the case's policies), for scripts and priority. */
  last_premium_cents: number | null;
  last_insurer: string | null;
  status: Generated<CaseStatus>;
  closed_at: string | null;
  closed_by: Channel | null;
  renewed_insurer: string | null;
  renewed_compulsory_cents: number | null;
  renewed_commercial_cents: number | null;
  /** The renewal's total; may be known when the split is not. */
  renewed_premium_cents: number | null;
  lost_reason: string | null;
  sms_sent_at: string | null;
  /** Phone calls made (any outcome). */
  attempts: Generated<number>;
  /** Of those, calls nobody answered (no_answer, unreachable). */
  unanswered: Generated<number>;
  last_contact_at: string | null;
  last_outcome: Outcome | null;
  /** A booked callback 'YYYY-MM-DD HH:mm', cleared by any later call. */
  next_contact_at: string | null;
  /** 1 once the customer answered a call. */
  reached: Generated<number>;
  /** 1 once a quote was given. */
  quoted: Generated<number>;
  /**
   * Copies of the vehicle's fields of the same names (migration 0004), so the
   * queue and the report read cases alone: see src/storage/queries/case-copies.ts.
   */
  plate: string;
  installment: number;
  specialist: string | null;
  do_not_call_until: string | null;
  /** The latest callback booked on any of the vehicle's cases (this one included). */
  vehicle_next_contact_at: string | null;
  /**
   * Who has the case open in `renew call` now, and since when (migration 0011): a
   * colleague is refused until it is released or older than `claim_minutes`.
   */
  claimed_by: string | null;
  claimed_at: string | null;
  /** The vehicle's store (migration 0012): queue and reports filter on it from their indexes. */
  store: string | null;
  created_at: string;
  updated_at: string;
}

/** The follow-up register (续保跟进登记本). Append-only: corrections supersede, never edit. */
export interface EventTable {
  id: Generated<number>;
  case_id: number;
  vehicle_id: number;
  /** When it happened. */
  at: string;
  /** When it was written (differs from `at` for back-dated entries and corrections). */
  recorded_at: string;
  specialist: string | null;
  outcome: Outcome;
  channel: Channel;
  duration_s: number | null;
  /** Callback booked for 'YYYY-MM-DD HH:mm'. */
  next_at: string | null;
  /** Loss-reason code, for outcome 'lost'. */
  reason: string | null;
  note: string | null;
  /** JSON array of objection ids raised during the call. */
  objections: string | null;
  insurer: string | null;
  /** Comma-separated policy kinds the outcome covers. */
  kinds: string | null;
  compulsory_cents: number | null;
  commercial_cents: number | null;
  premium_cents: number | null;
  start_date: string | null;
  /** do_not_call: until this date. */
  until: string | null;
  /** The policy whose import produced this event (channel 'import'). */
  policy_id: number | null;
  supersedes_id: number | null;
  /** The quote a renewal was taken from, or the first quote a proposal showed (migration 0007). */
  quote_id: number | null;
  /** A competitor's price the customer named (fen), and where it came from (the price gap). */
  competitor_cents: number | null;
  competitor_channel: CompetitorChannel | null;
  /**
   * Who did it (migration 0009): the person at the keyboard (RENEW_USER, else the OS
   * login), beside `specialist`, the vehicle's assigned specialist. Null before 0009
   * and for renewals an import detected (nobody made that contact).
   */
  actor: string | null;
}

/** A quote (报价单) as an insurer gave it (migration 0007); money in fen. */
export interface QuoteTable {
  id: Generated<number>;
  case_id: number;
  vehicle_id: number;
  /** The certified insurer's canonical name. */
  insurer: string;
  plan: string | null;
  compulsory_cents: number;
  tax_cents: number;
  commercial_cents: number;
  /** JSON array of cover lines: { code, sumInsured, seats?, premium } (jsonb on PostgreSQL). */
  covers: string;
  ncd: number | null;
  pricing_factor: number | null;
  /** JSON array of gifts or services promised. */
  gifts: string | null;
  valid_until: string;
  note: string | null;
  source: QuoteSource;
  /** Import idempotence: the same quote imported twice is stored once; null for entered quotes. */
  natural_key: string | null;
  created_at: string;
  /** The specialist the quote was recorded for (--specialist, else the vehicle's). */
  specialist: string | null;
  /** Who typed it in (migration 0012; the person at the keyboard); null for imported quotes and before 0012. */
  actor: string | null;
}

export interface ImportTable {
  id: Generated<number>;
  file_name: string;
  content_hash: string;
  encoding: string;
  shape: string;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  started_at: string;
  finished_at: string;
}

export interface SettingTable {
  /** The store the value is for (migration 0012); '' the group-wide value a store's own overrides. */
  store: Generated<string>;
  key: string;
  /** JSON text. */
  value: string;
  updated_at: string;
}

export interface TargetTable {
  id: Generated<number>;
  /** The store the target is for (migration 0012); '' the whole group (or a database without stores). */
  store: Generated<string>;
  /** 'YYYY-MM'. */
  month: string;
  /** '' for the whole store, else a specialist's name. */
  specialist: string;
  vehicles: number | null;
  premium_cents: number | null;
  rate: number | null;
  updated_at: string;
}

/** A store of the dealer group (migration 0009). */
export interface StoreTable {
  /** The group's short code (GZ01). */
  code: string;
  name: string;
  created_at: string;
}

/** A person of the store (migration 0009): who may do what is their role. */
export interface UserTable {
  id: Generated<number>;
  name: string;
  role: UserRole;
  store: string | null;
  /** Set by `renew user disable`: kept for the register's history, skipped by assignment. */
  disabled_at: string | null;
  created_at: string;
}

/** A vehicle detail `renew edit` changed (migration 0010): append-only; phones and ID numbers stored masked. */
export interface VehicleChangeTable {
  id: Generated<number>;
  vehicle_id: number;
  /** The vehicle column changed: phone, address, owner, specialist, installment, status, plate. */
  field: string;
  old_value: string | null;
  new_value: string | null;
  recorded_at: string;
  actor: string | null;
}

/** Where a paper policy of one kind is (代管保单, migration 0010). Append-only: a correction supersedes. */
export interface CustodyTable {
  id: Generated<number>;
  vehicle_id: number;
  kind: PolicyKind;
  action: CustodyAction;
  /** The day it happened, 'YYYY-MM-DD'. */
  on_date: string;
  location: string | null;
  /** handed_over: to whom. */
  recipient: string | null;
  /** posted: the courier's tracking number. */
  tracking: string | null;
  supersedes_id: number | null;
  recorded_at: string;
  actor: string | null;
}

/** A loan customer's renewal deposit (续保押金, migration 0010), money in fen. Append-only: a correction supersedes. */
export interface DepositTable {
  id: Generated<number>;
  vehicle_id: number;
  /** The renewal case the deposit secures (the vehicle's current case when it was written). */
  case_id: number | null;
  action: DepositAction;
  /** received / refunded: the amount; forfeited: what was left, kept by the store. */
  amount_cents: number | null;
  method: DepositMethod | null;
  on_date: string;
  supersedes_id: number | null;
  recorded_at: string;
  actor: string | null;
}

/** Why a vehicle's specialist changed (migration 0011; `edit`: renew edit --specialist, a text value, no migration). */
export type MoveReason = 'split' | 'handover' | 'recycle' | 'take' | 'edit';

/**
 * One change of a vehicle's assigned specialist (migration 0011), append-only:
 * `renew assign`, `renew recycle` (to the pool: `to_specialist` null) and a case
 * taken from the pool by a call. `renew history` shows them.
 */
export interface CaseMoveTable {
  id: Generated<number>;
  vehicle_id: number;
  /** The open case that moved with the vehicle (its earliest), when there is one. */
  case_id: number | null;
  from_specialist: string | null;
  to_specialist: string | null;
  /** Who moved it (the person at the keyboard). */
  actor: string | null;
  reason: MoveReason;
  at: string;
}

export interface Database {
  vehicles: VehicleTable;
  policies: PolicyTable;
  renewal_cases: RenewalCaseTable;
  events: EventTable;
  imports: ImportTable;
  settings: SettingTable;
  targets: TargetTable;
  quotes: QuoteTable;
  stores: StoreTable;
  users: UserTable;
  vehicle_changes: VehicleChangeTable;
  custody: CustodyTable;
  deposits: DepositTable;
  case_moves: CaseMoveTable;
}

export type Vehicle = Selectable<VehicleTable>;
export type Policy = Selectable<PolicyTable>;
export type RenewalCase = Selectable<RenewalCaseTable>;
export type RegisterEvent = Selectable<EventTable>;
export type NewRegisterEvent = Insertable<EventTable>;
export type Target = Selectable<TargetTable>;
export type QuoteRow = Selectable<QuoteTable>;
export type NewQuoteRow = Insertable<QuoteTable>;
export type VehicleChange = Selectable<VehicleChangeTable>;
export type CustodyEntry = Selectable<CustodyTable>;
export type DepositEntry = Selectable<DepositTable>;
export type CaseMove = Selectable<CaseMoveTable>;
export type User = Selectable<UserTable>;
