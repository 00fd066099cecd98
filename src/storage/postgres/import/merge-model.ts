/**
 * The import's merge for one chunk of runs (a run: adjacent rows with the same
 * plate), worked out in memory over what the chunk's rows touch: their vehicles,
 * every policy of those vehicles and of the vehicles holding their natural keys, and
 * those policies' cases. It is SQLite's general path (src/storage/sqlite/import/
 * policy-writer.ts) step for step, in file order, with the same shared rules
 * (mergeVehicle, VehicleCases, summarizeCase, handWritten), each database read it
 * makes answered from this model instead. What comes out is the chunk's final state
 * (policies inserted or rewritten, cases opened, resummarised or emptied, vehicles
 * changed), which merge-chunk.ts writes back in a few set-based statements.
 *
 * Ids: a policy or case opened here has a temporary id (policies above every real
 * id, so a vehicle's policies still sort in the order they were written; cases
 * negative) until the write-back gives it its own.
 */
import type { CaseCopies } from '../../queries/case-copies.js';
import type { RowOutcome } from '../../ports.js';
import type { PolicyKind } from '../../schema.js';
import { type CaseMember, summarizeCase, type CaseSummary } from '../../../rules/case-assignment.js';
import { handKey, handWritten } from '../../../rules/hand-written.js';
import type { PolicyIn, RowIn, VehicleIn } from '../../../rules/validate.js';
import { type CaseState, VehicleCases } from '../../../rules/vehicle-cases.js';
import { keepAssignment, mergeVehicle, VEHICLE_COLUMNS } from '../../../rules/vehicle-merge.js';

/** As stored: the loan flag is never empty there. */
type VehicleValues = { [C in (typeof VEHICLE_COLUMNS)[number]]: C extends 'installment' ? number : VehicleIn[C] };

/** A vehicle of the chunk's plates as stored (after this import's earlier chunks). */
export interface StoredVehicle extends VehicleValues {
  id: number;
  plate: string;
  do_not_call_until: string | null;
  store: string | null;
  vehicle_next_contact_at: string | null;
  /** 1 when renew has moved the vehicle's specialist (keepAssignment; booleans come back as 0/1); absent for a vehicle this chunk inserted. */
  has_moves?: number;
}

/** A stored policy as the merge needs it. */
export interface StoredPolicy {
  id: number;
  vehicle_id: number;
  case_id: number | null;
  kind: PolicyKind;
  end_date: string;
  premium_cents: number | null;
  insurer: string | null;
  natural_key: string;
  row_hash: string | null;
  policy_no: string | null;
  import_id: number | null;
}

/** A policy in the model; `seq` names the staged row whose values it now takes (written by this chunk). */
export interface PolicyState extends StoredPolicy {
  isNew: boolean;
  seq: number | null;
}

export interface CaseEntry {
  id: number;
  vehicle_id: number;
  members: Set<number>;
  isNew: boolean;
  /** Its summary (or, emptied, its removal) must be written. */
  dirty: boolean;
  /** A new case's copies of its vehicle, as they were when it opened. */
  copies: CaseCopies | null;
}

interface VehicleState extends StoredVehicle {
  /** Inserted by this chunk and not yet met by a run: its first run is a new vehicle's. */
  fresh: boolean;
  changed: boolean;
  copiesChanged: boolean;
}

/** A run of rows and, for each row's policies, the staged row (seq) that carries it. */
export interface Run {
  rows: readonly RowIn[];
  seqs: readonly (readonly number[])[];
}

/** Above any id PostgreSQL's integer identity hands out, below 2^53. */
const TEMP_POLICY_BASE = 2 ** 40;

export class MergeModel {
  readonly vehicles = new Map<string, VehicleState>();
  readonly policies = new Map<number, PolicyState>();
  readonly cases = new Map<number, CaseEntry>();
  readonly counts: Record<RowOutcome, number> = { imported: 0, updated: 0, unchanged: 0 };
  private readonly byKey = new Map<string, number>();
  private readonly byVehicle = new Map<number, Set<number>>();
  private nextPolicy = TEMP_POLICY_BASE;
  private nextCase = -1;

  constructor(vehicles: readonly StoredVehicle[], freshPlates: ReadonlySet<string>, policies: readonly StoredPolicy[]) {
    for (const v of vehicles) this.vehicles.set(v.plate, { ...v, fresh: freshPlates.has(v.plate), changed: false, copiesChanged: false });
    for (const p of policies) {
      this.addPolicy({ ...p, isNew: false, seq: null });
      if (p.case_id !== null && !this.cases.has(p.case_id)) {
        this.cases.set(p.case_id, { id: p.case_id, vehicle_id: p.vehicle_id, members: new Set(), isNew: false, dirty: false, copies: null });
      }
      if (p.case_id !== null) (this.cases.get(p.case_id) as CaseEntry).members.add(p.id);
    }
  }

  /** One run, as PolicyWriter.writeVehicleRows takes it (its general path). */
  mergeRun(run: Run): void {
    const fromFile = mergeVehicle(run.rows);
    const vehicle = this.vehicles.get(fromFile.plate);
    if (!vehicle) throw new Error(`internal: no vehicle row for ${fromFile.plate}`);
    const existing = vehicle.fresh ? undefined : vehicle;
    vehicle.fresh = false;
    // A specialist assigned in renew stays (rules/vehicle-merge.ts).
    const merged = existing ? keepAssignment(fromFile, existing) : fromFile;
    // What new cases copy from the vehicle (src/storage/queries/case-copies.ts), as it will be after this run.
    const copies: CaseCopies = existing
      ? {
          plate: merged.plate, installment: merged.installment ?? existing.installment, specialist: merged.specialist ?? existing.specialist,
          do_not_call_until: existing.do_not_call_until, store: existing.store, vehicle_next_contact_at: existing.vehicle_next_contact_at,
        }
      : { plate: merged.plate, installment: merged.installment ?? 0, specialist: merged.specialist, do_not_call_until: null, store: vehicle.store, vehicle_next_contact_at: null };

    const book = new VehicleCases();
    const own = new Map<string, PolicyState>();
    const byHand = new Map<string, PolicyState>();
    if (existing) {
      for (const p of this.policiesOf(vehicle.id)) {
        own.set(p.natural_key, p);
        if (p.import_id === null) byHand.set(handKey(p), p);
        book.load(p);
      }
    }

    const foreignCases = new Set<number>();
    let touched = false;
    run.rows.forEach((row, r) => {
      let outcome: RowOutcome = 'unchanged';
      row.policies.forEach((p, k) => {
        const seq = (run.seqs[r] as readonly number[])[k] as number;
        const hand = own.has(p.natural_key) ? undefined : handWritten(byHand, p);
        const found = this.byKey.get(p.natural_key);
        const old = own.get(p.natural_key) ?? hand ?? (found === undefined ? undefined : this.policies.get(found));
        if (hand) byHand.delete(handKey(p));
        if (old && old.row_hash === p.row_hash && old.vehicle_id === vehicle.id) return;
        // Take the policy out of the case it was in; it is placed again below like a new one.
        if (old && !book.takeOut(old.id) && old.case_id !== null) foreignCases.add(old.case_id);
        const member: CaseMember = { policyId: old?.id ?? 0, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents, insurer: p.insurer };
        let at = book.pick(p.end_date);
        if (at < 0) at = book.open(this.openCase(vehicle.id, copies));
        const caseId = (book.cases[at] as CaseState).id;
        let state: PolicyState;
        if (old) {
          // Merging into a policy written by hand: the export's values win, its number fills in (a blank one keeps the typed one).
          state = this.rewrite(old, vehicle.id, caseId, p, seq, p.policy_no ?? hand?.policy_no ?? null);
          if (outcome === 'unchanged') outcome = 'updated';
        } else {
          state = this.insert(vehicle.id, caseId, p, seq);
          member.policyId = state.id;
          outcome = 'imported';
        }
        own.set(p.natural_key, state);
        book.place(at, member);
        touched = true;
      });
      this.counts[outcome]++;
    });

    for (const c of book.cases) if (c.dirty) (this.cases.get(c.id) as CaseEntry).dirty = true;
    for (const id of foreignCases) {
      const c = this.cases.get(id);
      if (c) c.dirty = true;
    }
    if (existing && touched) this.updateVehicle(vehicle, merged, copies);
  }

  /** The cases to write: new ones that kept a member, in the order they opened; stored ones whose summary changed or that emptied. */
  summaries(): { opened: (CaseEntry & CaseSummary)[]; changed: (CaseEntry & CaseSummary)[]; emptied: number[] } {
    const opened: (CaseEntry & CaseSummary)[] = [];
    const changed: (CaseEntry & CaseSummary)[] = [];
    const emptied: number[] = [];
    for (const c of this.cases.values()) {
      if (c.isNew && c.members.size > 0) opened.push({ ...c, ...this.summary(c) });
      else if (!c.isNew && c.dirty && c.members.size > 0) changed.push({ ...c, ...this.summary(c) });
      else if (!c.isNew && c.dirty) emptied.push(c.id);
    }
    opened.sort((a, b) => b.id - a.id); // -1, -2, ...: the order they opened
    return { opened, changed, emptied };
  }

  changedVehicles(): VehicleState[] {
    return [...this.vehicles.values()].filter((v) => v.changed);
  }

  private summary(c: CaseEntry): CaseSummary {
    const members: CaseMember[] = [];
    for (const id of c.members) {
      const p = this.policies.get(id) as PolicyState;
      members.push({ policyId: p.id, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents, insurer: p.insurer });
    }
    return summarizeCase(members);
  }

  /** The vehicle's policies in id order (the order SQLite's book loads them in). */
  private policiesOf(vehicleId: number): PolicyState[] {
    const ids = [...(this.byVehicle.get(vehicleId) ?? [])].sort((a, b) => a - b);
    return ids.map((id) => this.policies.get(id) as PolicyState);
  }

  private openCase(vehicleId: number, copies: CaseCopies): number {
    const id = this.nextCase--;
    this.cases.set(id, { id, vehicle_id: vehicleId, members: new Set(), isNew: true, dirty: true, copies: { ...copies } });
    return id;
  }

  private addPolicy(p: PolicyState): void {
    this.policies.set(p.id, p);
    this.byKey.set(p.natural_key, p.id);
    let own = this.byVehicle.get(p.vehicle_id);
    if (!own) this.byVehicle.set(p.vehicle_id, (own = new Set()));
    own.add(p.id);
  }

  private insert(vehicleId: number, caseId: number, p: PolicyIn, seq: number): PolicyState {
    const state: PolicyState = {
      id: this.nextPolicy++, vehicle_id: vehicleId, case_id: caseId, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents,
      insurer: p.insurer, natural_key: p.natural_key, row_hash: p.row_hash, policy_no: p.policy_no, import_id: 0, isNew: true, seq,
    };
    this.addPolicy(state);
    (this.cases.get(caseId) as CaseEntry).members.add(state.id);
    return state;
  }

  /** A stored (or earlier staged) policy taking the staged row's values, vehicle and case. */
  private rewrite(old: PolicyState, vehicleId: number, caseId: number, p: PolicyIn, seq: number, policyNo: string | null): PolicyState {
    if (old.case_id !== null) this.cases.get(old.case_id)?.members.delete(old.id);
    if (old.vehicle_id !== vehicleId) {
      this.byVehicle.get(old.vehicle_id)?.delete(old.id);
      let own = this.byVehicle.get(vehicleId);
      if (!own) this.byVehicle.set(vehicleId, (own = new Set()));
      own.add(old.id);
    }
    if (old.natural_key !== p.natural_key && this.byKey.get(old.natural_key) === old.id) this.byKey.delete(old.natural_key);
    this.byKey.set(p.natural_key, old.id);
    Object.assign(old, {
      vehicle_id: vehicleId, case_id: caseId, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents, insurer: p.insurer,
      natural_key: p.natural_key, row_hash: p.row_hash, policy_no: policyNo, import_id: 0, seq,
    });
    (this.cases.get(caseId) as CaseEntry).members.add(old.id);
    return old;
  }

  /** Non-empty imported values overwrite; the vehicle is written only when something differs, its cases' copies when they do. */
  private updateVehicle(v: VehicleState, merged: VehicleIn, copies: CaseCopies): void {
    const next = VEHICLE_COLUMNS.map((c) => merged[c] ?? v[c]);
    if (VEHICLE_COLUMNS.every((c, i) => next[i] === v[c])) return;
    if (copies.installment !== v.installment || copies.specialist !== v.specialist) v.copiesChanged = true;
    VEHICLE_COLUMNS.forEach((c, i) => Object.assign(v, { [c]: next[i] }));
    v.changed = true;
  }
}
