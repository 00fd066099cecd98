/**
 * The hot path: vehicles, policies and their cases written with prepared statements
 * on the raw connection, one vehicle (a run of adjacent rows with the same plate)
 * at a time. It runs inside the import's single write transaction, so a killed
 * process leaves the database as it was. The SQL is plain and portable; kysely is
 * kept for the cold parts (the import log, the register).
 *
 * Per vehicle: its existing policies are loaded once (none for a new vehicle), each
 * row's policy is found among them by its natural key (else looked up: it may belong
 * to another plate) and inserted, updated or left alone (same row hash), cases are
 * assigned in memory, and only cases that changed are
 * written back, with summaries computed from their complete member list. A vehicle
 * new to the store also has its renewals decided in memory (renewals.ts), so its
 * rows go in once, in their final state.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { NewRegisterEvent, PolicyKind, Vehicle } from '../../schema.js';
import { type CaseCopies, COPIED_FIELDS } from '../../queries/case-copies.js';
import { toRow } from '../../queries/register.js';
import { type NewCase, OPEN_PROJECTION, planNewVehicle } from '../../queries/new-vehicle.js';
import type { CaseProjection } from '../../../rules/case-projection.js';
import { type CaseMember, type CaseSummary, summarizeCase } from '../../../rules/case-assignment.js';
import { type CaseState, type StoredMember, VehicleCases } from '../../../rules/vehicle-cases.js';
import { detectRenewals, eventInserter, PROJECTED } from './renewals.js';
import type { PolicyIn, RowIn, VehicleIn } from '../../../rules/validate.js';
import { keepAssignment, mergeVehicle, type StoredAssignment, VEHICLE_COLUMNS } from '../../../rules/vehicle-merge.js';
import type { RowOutcome } from '../../ports.js';
import { UNPLATED_PREFIX, unplatedKey } from '../../../rules/plate.js';
import { handKey, handWritten } from '../../../rules/hand-written.js';

type ExistingVehicle = Pick<Vehicle, 'id' | 'do_not_call_until' | (typeof VEHICLE_COLUMNS)[number]> & Pick<CaseCopies, 'vehicle_next_contact_at' | 'store'> & StoredAssignment;

interface ExistingPolicy {
  id: number;
  vehicle_id: number;
  case_id: number | null;
  row_hash: string | null;
}


/**
 * Prepared statements for one import: `writeVehicleRows` for each run of rows, then
 * `finishRenewals` once after the last.
 */
export class PolicyWriter {
  private readonly s: ReturnType<typeof prepare>;
  private readonly insertEvent: (row: NewRegisterEvent) => number;
  /** Vehicle id -> the cases its renewals decided in memory closed. */
  private readonly renewedInMemory = new Map<number, number[]>();
  /** Vehicles whose renewals are decided after all rows are in (renewals.ts). */
  private readonly recheck = new Set<number>();
  /**
   * Whether the last plate was new to the store. A load meets new plates one after
   * another and a re-import stored ones, so the next vehicle is first tried the way
   * the last one went: one statement instead of two in either case.
   */
  private lastWasNew = true;
  /** Whether the store holds a car typed in before its plate (未上牌): only then is a new plate's VIN looked up. */
  private readonly anyUnplated: boolean;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly importId: number,
    private readonly now: string,
    private readonly windowDays: number,
    /** The store this file brings its vehicles to (docs/team.md); null: a database without stores, stores left as they are. */
    private readonly store: string | null = null,
  ) {
    this.s = prepare(sqlite);
    this.insertEvent = eventInserter(sqlite);
    this.anyUnplated = this.s.anyUnplated.get(UNPLATED_PREFIX, `${UNPLATED_PREFIX}\uffff`) !== undefined;
  }

  /** Finds the renewals of every vehicle not decided in memory; returns how many cases this import renewed. */
  finishRenewals(): number {
    const found = detectRenewals(this.sqlite, this.importId, this.recheck, this.windowDays, this.now);
    let cases = new Set(found.map((f) => f.caseId)).size;
    for (const ids of this.renewedInMemory.values()) cases += ids.length;
    return cases;
  }

  /**
   * Writes the rows of one vehicle (all with the same plate) and returns each row's
   * outcome in order. Rows for a plate seen earlier in the file simply find it in
   * the database: the transaction sees its own writes.
   */
  writeVehicleRows(rows: readonly RowIn[]): RowOutcome[] {
    const s = this.s;
    const fromFile = mergeVehicle(rows);
    if (this.anyUnplated && fromFile.vin !== null && this.adoptUnplated(fromFile.plate, fromFile.vin)) this.lastWasNew = false;
    let existing = this.lastWasNew ? undefined : (s.selectVehicle.get(fromFile.plate) as ExistingVehicle | undefined);
    const inserted = existing ? undefined : s.insertVehicle.run(fromFile.plate, ...VEHICLE_COLUMNS.map((c) => (c === 'installment' ? (fromFile.installment ?? 0) : fromFile[c])), this.store, this.now, this.now);
    if (inserted?.changes === 0) existing = s.selectVehicle.get(fromFile.plate) as ExistingVehicle;
    this.lastWasNew = existing === undefined;
    // A specialist assigned in renew stays (rules/vehicle-merge.ts).
    const merged = existing ? keepAssignment(fromFile, existing) : fromFile;
    // What new cases copy from the vehicle (src/storage/queries/case-copies.ts), as it will be after this run.
    const copies: CaseCopies = existing
      ? {
          plate: merged.plate, installment: merged.installment ?? existing.installment, specialist: merged.specialist ?? existing.specialist,
          do_not_call_until: existing.do_not_call_until, store: this.store ?? existing.store, vehicle_next_contact_at: existing.vehicle_next_contact_at,
        }
      : { plate: merged.plate, installment: merged.installment ?? 0, specialist: merged.specialist, do_not_call_until: null, store: this.store, vehicle_next_contact_at: null };
    // The store whose file brought the car last owns it, changed or not (docs/team.md): the vehicle and its cases move.
    if (existing && copies.store !== existing.store) {
      s.updateVehicleStore.run(copies.store, this.now, existing.id);
      s.updateCaseStore.run(copies.store, existing.id);
    }
    const vehicleId = existing ? existing.id : Number((inserted as BetterSqlite3.RunResult).lastInsertRowid);
    if (!existing) {
      const outcomes = this.writeNewVehicle(vehicleId, rows, copies);
      if (outcomes) return outcomes;
    }

    // The general path. A stored vehicle's cases, and its policies by natural key: most rows
    // of a re-import find theirs there without a lookup of their own. Kept in step with what
    // this run writes.
    const book = new VehicleCases();
    const own = new Map<string, ExistingPolicy>();
    /** The vehicle's policies written by hand (a renewal on the phone), by kind and end date: an export merges into them. */
    const byHand = new Map<string, ExistingPolicy & { policy_no: string | null }>();
    if (existing) {
      for (const p of s.selectVehiclePolicies.all(vehicleId) as (StoredMember & ExistingPolicy & HandFields)[]) {
        own.set(p.natural_key, { id: p.id, vehicle_id: vehicleId, case_id: p.case_id, row_hash: p.row_hash });
        if (p.import_id === null) byHand.set(handKey(p), { id: p.id, vehicle_id: vehicleId, case_id: p.case_id, row_hash: null, policy_no: p.policy_no });
        book.load(p);
      }
    }

    const foreignCases = new Set<number>();
    const outcomes: RowOutcome[] = [];
    let touched = false;
    for (const row of rows) {
      let outcome: RowOutcome = 'unchanged';
      for (const p of row.policies) {
        const hand = own.has(p.natural_key) ? undefined : handWritten(byHand, p);
        const old = own.get(p.natural_key) ?? hand ?? (s.selectPolicy.get(p.natural_key) as ExistingPolicy | undefined);
        if (hand) byHand.delete(`${p.kind}|${p.end_date}`);
        if (old && old.row_hash === p.row_hash && old.vehicle_id === vehicleId) continue;
        if (old) {
          // The vehicle a policy is taken from has its renewals decided again after the load.
          if (old.vehicle_id !== vehicleId) this.reopen(old.vehicle_id);
          // Take the policy out of the case it was in; it is placed again below like a new one.
          if (!book.takeOut(old.id) && old.case_id !== null) foreignCases.add(old.case_id);
        }
        const member: CaseMember = { policyId: old?.id ?? 0, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents, insurer: p.insurer };
        let at = book.pick(p.end_date);
        if (at < 0) at = book.open(insertCase(s, vehicleId, summarizeCase([member]), copies, this.now));
        const c = book.cases[at] as CaseState;
        if (old) {
          // Merging into a policy written by hand: the export's values win, its number fills in (a blank one keeps the typed one).
          s.updatePolicy.run(vehicleId, c.id, p.kind, p.insurer, p.policy_no ?? hand?.policy_no ?? null, p.natural_key, p.premium_cents, p.start_date, p.end_date, p.coverages, p.row_hash, this.importId, this.now, old.id);
          if (outcome === 'unchanged') outcome = 'updated';
        } else {
          member.policyId = insertPolicy(s.insertPolicy, vehicleId, c.id, p, this.importId, this.now);
          outcome = 'imported';
        }
        own.set(p.natural_key, { id: member.policyId, vehicle_id: vehicleId, case_id: c.id, row_hash: p.row_hash });
        book.place(at, member);
        touched = true;
      }
      outcomes.push(outcome);
    }

    for (const c of book.cases) {
      if (!c.dirty) continue;
      if (c.members.size === 0) s.deleteEmptyCase.run(c.id, c.id, c.id);
      else writeSummary(s, c.id, c.members.values(), this.now);
    }
    for (const id of foreignCases) {
      const members = s.selectCaseMembers.all(id) as CaseMember[];
      if (members.length === 0) s.deleteEmptyCase.run(id, id, id);
      else writeSummary(s, id, members, this.now);
    }
    if (existing && touched) this.updateVehicle(existing, merged, copies);
    if (touched) this.reopen(vehicleId);
    return outcomes;
  }

  /**
   * The plate of a car typed in before it had one (renew add --vin): the vehicle
   * stored under its VIN takes the plate, so it stays one vehicle with its policies
   * and cases. Not when the plate is already another vehicle's.
   */
  private adoptUnplated(plate: string, vin: string): boolean {
    const key = unplatedKey(vin);
    if (this.s.renameVehicle.run(plate, this.now, key, plate).changes === 0) return false;
    this.s.renameCases.run(plate, plate);
    return true;
  }

  /**
   * A vehicle this import changed outside `writeNewVehicle` (stored before, met again
   * later in the file, or losing a policy to another plate): its renewals are decided
   * after all rows are in. Any it got in memory are taken back first. Its cases,
   * policies and their events are all this import's own, not committed yet: removing
   * those events takes nothing from the register anyone has seen.
   */
  private reopen(vehicleId: number): void {
    this.recheck.add(vehicleId);
    const caseIds = this.renewedInMemory.get(vehicleId);
    if (!caseIds) return;
    this.renewedInMemory.delete(vehicleId);
    this.s.clearRenews.run(vehicleId);
    for (const id of caseIds) {
      this.s.deleteCaseEvents.run(id);
      this.s.reopenCase.run(...PROJECTED.map((c) => OPEN_PROJECTION[c]), id);
    }
  }

  /**
   * The common case, kept to the fewest statements: a vehicle new to the database.
   * Its cases and their renewals of each other are worked out in memory, each case
   * is inserted once in its final state, each policy already pointing at the case it
   * renews (ON CONFLICT DO NOTHING), then the renewal events. Returns undefined
   * (having undone everything but the vehicle) when a natural key already exists
   * elsewhere or repeats within the run, so the general path can take over.
   */
  private writeNewVehicle(vehicleId: number, rows: readonly RowIn[], copies: CaseCopies): RowOutcome[] | undefined {
    const s = this.s;
    const plan = planNewVehicle(rows, copies.specialist, this.windowDays, this.now);
    if (!plan) return undefined;
    // Insert straight away; a natural key that already exists (a policy number seen on
    // another plate, or earlier in the file) undoes this vehicle's inserts and hands over.
    const caseIds = plan.map((c) => insertCase(s, vehicleId, c.summary, copies, this.now, c.projection));
    const policies: number[] = [];
    const events: NewRegisterEvent[] = [];
    for (const [at, c] of plan.entries()) {
      for (const [i, p] of c.policies.entries()) {
        const renews = c.renews[i];
        const renewsCaseId = renews ? (caseIds[renews.target] as number) : null;
        const r = s.insertNewPolicy.run(vehicleId, caseIds[at], renewsCaseId, p.kind, p.insurer, p.policy_no, p.natural_key, p.premium_cents, p.start_date, p.end_date, p.coverages, p.row_hash, this.importId, this.now, this.now);
        if (r.changes === 0) {
          for (const id of policies) s.deletePolicy.run(id);
          for (const id of caseIds) s.deleteCase.run(id);
          return undefined;
        }
        const policyId = Number(r.lastInsertRowid);
        policies.push(policyId);
        if (renews) events.push(toRow({ ...renews.event, caseId: renewsCaseId as number, vehicleId, policyId }, this.now));
      }
    }
    if (events.length > 0) {
      for (const e of events) this.insertEvent(e);
      this.renewedInMemory.set(vehicleId, caseIds.filter((_, at) => (plan[at] as NewCase).projection !== undefined));
    }
    return rows.map(() => 'imported');
  }

  /**
   * Non-empty imported values overwrite; the row is written only when something differs.
   * `copies` holds the same merge of the fields the cases copy, so they follow.
   */
  private updateVehicle(existing: ExistingVehicle, v: VehicleIn, copies: CaseCopies): void {
    const next = VEHICLE_COLUMNS.map((c) => v[c] ?? existing[c]);
    if (VEHICLE_COLUMNS.every((c, i) => next[i] === existing[c])) return;
    this.s.updateVehicle.run(...next, this.now, existing.id);
    if (copies.installment !== existing.installment || copies.specialist !== existing.specialist) {
      this.s.updateCaseCopies.run(copies.installment, copies.specialist, existing.id);
    }
  }
}

/** What the vehicle's stored policies tell besides their case membership: whether a hand wrote them, and their number. */
interface HandFields {
  natural_key: string;
  policy_no: string | null;
  import_id: number | null;
}

function writeSummary(s: ReturnType<typeof prepare>, caseId: number, members: Iterable<CaseMember>, now: string): void {
  const sum = summarizeCase(members);
  s.updateCase.run(sum.due_date, sum.compulsory_end, sum.commercial_end, sum.last_premium_cents, sum.last_insurer, now, caseId);
}

/** A new case with its summary and copies; a case renewed in memory also with its projection. */
function insertCase(s: ReturnType<typeof prepare>, vehicleId: number, sum: CaseSummary, c: CaseCopies, now: string, projection?: CaseProjection): number {
  const values = [vehicleId, sum.due_date, sum.compulsory_end, sum.commercial_end, sum.last_premium_cents, sum.last_insurer, ...COPIED_FIELDS.map((f) => c[f])];
  if (projection) return Number(s.insertRenewedCase.run(...values, ...PROJECTED.map((f) => projection[f]), now, now).lastInsertRowid);
  return Number(s.insertCase.run(...values, now, now).lastInsertRowid);
}

function insertPolicy(stmt: BetterSqlite3.Statement, vehicleId: number, caseId: number, p: PolicyIn, importId: number, now: string): number {
  return Number(stmt.run(vehicleId, caseId, p.kind, p.insurer, p.policy_no, p.natural_key, p.premium_cents, p.start_date, p.end_date, p.coverages, p.row_hash, importId, now, now).lastInsertRowid);
}

function prepare(sqlite: BetterSqlite3.Database) {
  const cols = VEHICLE_COLUMNS.join(', ');
  return {
    selectVehicle: sqlite.prepare(
      `select id, ${cols}, do_not_call_until, store, (select max(next_contact_at) from renewal_cases c where c.vehicle_id = vehicles.id) as vehicle_next_contact_at,
              exists (select 1 from case_moves m where m.vehicle_id = vehicles.id) as has_moves from vehicles where plate = ?`,
    ),
    insertVehicle: sqlite.prepare(
      `insert into vehicles (plate, ${cols}, store, created_at, updated_at) values (${Array(VEHICLE_COLUMNS.length + 4).fill('?').join(', ')}) on conflict (plate) do nothing`,
    ),
    updateVehicle: sqlite.prepare(`update vehicles set ${VEHICLE_COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? where id = ?`),
    selectVehiclePolicies: sqlite.prepare('select id, case_id, kind, end_date, premium_cents, insurer, natural_key, row_hash, policy_no, import_id from policies where vehicle_id = ?'),
    selectPolicy: sqlite.prepare('select id, vehicle_id, case_id, row_hash from policies where natural_key = ?'),
    insertNewPolicy: sqlite.prepare(
      'insert into policies (vehicle_id, case_id, renews_case_id, kind, insurer, policy_no, natural_key, premium_cents, start_date, end_date, coverages, row_hash, import_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (natural_key) do nothing',
    ),
    deletePolicy: sqlite.prepare('delete from policies where id = ?'),
    deleteCase: sqlite.prepare('delete from renewal_cases where id = ?'),
    insertPolicy: sqlite.prepare(
      'insert into policies (vehicle_id, case_id, kind, insurer, policy_no, natural_key, premium_cents, start_date, end_date, coverages, row_hash, import_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    updatePolicy: sqlite.prepare(
      'update policies set vehicle_id = ?, case_id = ?, kind = ?, insurer = ?, policy_no = ?, natural_key = ?, premium_cents = ?, start_date = ?, end_date = ?, coverages = ?, row_hash = ?, import_id = ?, updated_at = ? where id = ?',
    ),
    insertCase: sqlite.prepare(
      `insert into renewal_cases (vehicle_id, due_date, compulsory_end, commercial_end, last_premium_cents, last_insurer, ${COPIED_FIELDS.join(', ')}, created_at, updated_at) values (${Array(8 + COPIED_FIELDS.length).fill('?').join(', ')})`,
    ),
    insertRenewedCase: sqlite.prepare(
      `insert into renewal_cases (vehicle_id, due_date, compulsory_end, commercial_end, last_premium_cents, last_insurer, ${COPIED_FIELDS.join(', ')}, ${PROJECTED.join(', ')}, created_at, updated_at) values (${Array(8 + COPIED_FIELDS.length + PROJECTED.length).fill('?').join(', ')})`,
    ),
    clearRenews: sqlite.prepare('update policies set renews_case_id = null where vehicle_id = ? and renews_case_id is not null'),
    deleteCaseEvents: sqlite.prepare('delete from events where case_id = ?'),
    reopenCase: sqlite.prepare(`update renewal_cases set ${PROJECTED.map((c) => `${c} = ?`).join(', ')} where id = ?`),
    updateCase: sqlite.prepare(
      'update renewal_cases set due_date = ?, compulsory_end = ?, commercial_end = ?, last_premium_cents = ?, last_insurer = ?, updated_at = ? where id = ?',
    ),
    anyUnplated: sqlite.prepare('select 1 from vehicles where plate >= ? and plate < ? limit 1'),
    renameVehicle: sqlite.prepare('update vehicles set plate = ?, updated_at = ? where plate = ? and not exists (select 1 from vehicles v where v.plate = ?)'),
    renameCases: sqlite.prepare('update renewal_cases set plate = ? where vehicle_id = (select id from vehicles where plate = ?)'),
    updateCaseCopies: sqlite.prepare('update renewal_cases set installment = ?, specialist = ? where vehicle_id = ?'),
    updateVehicleStore: sqlite.prepare('update vehicles set store = ?, updated_at = ? where id = ?'),
    updateCaseStore: sqlite.prepare('update renewal_cases set store = ? where vehicle_id = ?'),
    selectCaseMembers: sqlite.prepare('select id as policyId, kind, end_date, premium_cents, insurer from policies where case_id = ?'),
    // A case left without policies goes, unless the register or a renewal points at it (then it stays as history).
    deleteEmptyCase: sqlite.prepare(
      'delete from renewal_cases where id = ? and not exists (select 1 from events where case_id = ?) and not exists (select 1 from policies where renews_case_id = ?)',
    ),
  };
}

export type { PolicyKind };
