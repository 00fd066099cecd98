/**
 * Renewal cases as docs/architecture.md defines them: a policy joins the vehicle's
 * case when its end date is within 120 days of an end date already in that case,
 * else it opens a new case; the case's dates, premium and insurer summarise its
 * policies. Pure functions, so the importer and its tests share one definition.
 */
import { dayNumber } from './clock.js';
import type { PolicyKind } from './domain.js';

export const CASE_SPAN_DAYS = 120;

export interface CaseMember {
  policyId: number;
  kind: PolicyKind;
  end_date: string;
  premium_cents: number | null;
  insurer: string | null;
}

export interface CaseSummary {
  due_date: string;
  compulsory_end: string | null;
  commercial_end: string | null;
  last_premium_cents: number | null;
  last_insurer: string | null;
}

/** Below this many members a scan of them all is cheaper than probing the day index. */
const FEW = 16;

/**
 * The rule above for one vehicle's cases, as its policies are placed one by one:
 * `pick(end)` is the case (by index) whose nearest member's end date is within 120
 * days of `end`, closest first, the lower index on a tie; -1 for none. A scan of all
 * members made a vehicle with n policies cost n² (issue 13.17: 32k rows of one plate
 * took 20 s); past FEW members they are indexed by end day, and a pick probes at most
 * the 241 days within reach, however many policies the vehicle has.
 */
export class CaseFinder {
  private few: { at: number; day: number }[] | undefined = [];
  /** End day -> case index -> members of that case ending that day. */
  private readonly byDay = new Map<number, Map<number, number>>();
  /** Day probes made by `pick` (a test checks the work stays bounded). */
  probes = 0;

  add(at: number, end: string): void {
    const day = dayNumber(end);
    if (this.few) {
      this.few.push({ at, day });
      if (this.few.length > FEW) {
        for (const m of this.few) this.count(m.at, m.day, 1);
        this.few = undefined;
      }
    } else {
      this.count(at, day, 1);
    }
  }

  remove(at: number, end: string): void {
    const day = dayNumber(end);
    if (this.few) {
      const k = this.few.findIndex((m) => m.at === at && m.day === day);
      if (k >= 0) this.few.splice(k, 1);
    } else {
      this.count(at, day, -1);
    }
  }

  pick(end: string): number {
    const day = dayNumber(end);
    if (this.few) {
      let best = -1;
      let bestGap = Infinity;
      for (const m of this.few) {
        const gap = Math.abs(m.day - day);
        if (gap <= CASE_SPAN_DAYS && (gap < bestGap || (gap === bestGap && m.at < best))) {
          best = m.at;
          bestGap = gap;
        }
      }
      return best;
    }
    for (let gap = 0; gap <= CASE_SPAN_DAYS; gap++) {
      let best = -1;
      for (const d of gap === 0 ? [day] : [day - gap, day + gap]) {
        this.probes++;
        const cases = this.byDay.get(d);
        if (cases) for (const at of cases.keys()) if (best < 0 || at < best) best = at;
      }
      if (best >= 0) return best;
    }
    return -1;
  }

  private count(at: number, day: number, delta: number): void {
    let cases = this.byDay.get(day);
    if (!cases) this.byDay.set(day, (cases = new Map()));
    const n = (cases.get(at) ?? 0) + delta;
    if (n > 0) cases.set(at, n);
    else cases.delete(at);
    if (cases.size === 0) this.byDay.delete(day);
  }
}

/** due = earliest end; each kind's (latest) end; premium = sum; insurer = commercial's, else compulsory's. */
export function summarizeCase(members: Iterable<CaseMember>): CaseSummary {
  let due = '';
  let compulsory: CaseMember | undefined;
  let commercial: CaseMember | undefined;
  let premium: number | null = null;
  for (const m of members) {
    if (due === '' || m.end_date < due) due = m.end_date;
    if (m.kind === 'compulsory' && (!compulsory || m.end_date >= compulsory.end_date)) compulsory = m;
    if (m.kind === 'commercial' && (!commercial || m.end_date >= commercial.end_date)) commercial = m;
    if (m.premium_cents !== null) premium = (premium ?? 0) + m.premium_cents;
  }
  return {
    due_date: due,
    compulsory_end: compulsory?.end_date ?? null,
    commercial_end: commercial?.end_date ?? null,
    last_premium_cents: premium,
    last_insurer: commercial?.insurer ?? compulsory?.insurer ?? null,
  };
}
