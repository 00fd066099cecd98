/**
 * One vehicle's cases in memory while an import places its policies (the rule of
 * case-assignment.ts), for both engines' import sinks: the stored cases as loaded,
 * a policy taken out of its case when it changes, and each policy placed in the case
 * within reach or a new one. The sinks write back only the cases marked dirty.
 */
import { CaseFinder, type CaseMember } from './case-assignment.js';

export interface CaseState {
  id: number;
  /** By policy id: a policy moving out of its case is one delete, not a scan. */
  members: Map<number, CaseMember>;
  dirty: boolean;
}

/** A stored policy as the sinks read it: a member of case `case_id` (none: no case). */
export interface StoredMember extends Omit<CaseMember, 'policyId'> {
  id: number;
  case_id: number | null;
}

export class VehicleCases {
  readonly cases: CaseState[] = [];
  private readonly finder = new CaseFinder();
  /** Policy id -> index of its case in `cases`. */
  private readonly caseOf = new Map<number, number>();
  /** Case id -> index in `cases`, while loading. */
  private readonly byCase = new Map<number, number>();

  /** One stored policy of the vehicle, in the order read. */
  load(p: StoredMember): void {
    if (p.case_id === null) return;
    let at = this.byCase.get(p.case_id);
    if (at === undefined) {
      at = this.cases.push({ id: p.case_id, members: new Map(), dirty: false }) - 1;
      this.byCase.set(p.case_id, at);
    }
    this.place(at, { policyId: p.id, kind: p.kind, end_date: p.end_date, premium_cents: p.premium_cents, insurer: p.insurer });
  }

  /** Takes a policy out of its case (marked dirty); false when it is in none of these (another vehicle's case). */
  takeOut(policyId: number): boolean {
    const at = this.caseOf.get(policyId);
    if (at === undefined) return false;
    const home = this.cases[at] as CaseState;
    this.finder.remove(at, (home.members.get(policyId) as CaseMember).end_date);
    home.members.delete(policyId);
    this.caseOf.delete(policyId);
    home.dirty = true;
    return true;
  }

  /** The index of the case a policy ending on `end` joins (marked dirty), or -1: then `open` a new one. */
  pick(end: string): number {
    const at = this.finder.pick(end);
    if (at >= 0) (this.cases[at] as CaseState).dirty = true;
    return at;
  }

  /** A case just inserted (its summary already written); returns its index. */
  open(id: number): number {
    return this.cases.push({ id, members: new Map(), dirty: false }) - 1;
  }

  place(at: number, member: CaseMember): void {
    (this.cases[at] as CaseState).members.set(member.policyId, member);
    this.finder.add(at, member.end_date);
    this.caseOf.set(member.policyId, at);
  }
}
