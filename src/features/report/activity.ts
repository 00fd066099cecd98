/**
 * The month report's activity per person (issue 16): what each person of the store
 * did in the month, by the register's `actor` (who was at the keyboard), not by the
 * vehicle's assigned specialist. Events are counted by the day they happened (`at`
 * in the month), not by the cases' due month, and only events still in force (a
 * correction replaces what it corrects).
 *
 * An event without an actor (recorded before migration 0009, or a renewal an import
 * detected: nobody made that contact) counts under the event's `specialist`, the
 * person the vehicle was assigned to, who worked it in the one-person era and whose
 * customer renewed through the store; with neither it is "unknown" (person null).
 * Quotes count under who typed them in (`quotes.actor`, migration 0012), else the
 * specialist they were recorded for. docs/report.md says the same.
 */
import { sql } from 'kysely';
import { CALL_OUTCOMES, UNANSWERED } from '../../rules/case-projection.js';
import { shiftMonth } from '../../rules/month.js';
import type { Outcome } from '../../rules/domain.js';
import type { Context } from '../context.js';

export interface PersonActivity {
  /** The person; null: nobody known (no actor and no specialist). */
  person: string | null;
  /** Phone (or WeChat, visit) contacts of any outcome. */
  calls: number;
  /** Customers (cases) called at least once. */
  called: number;
  /** Of those, customers who answered at least once. */
  reached: number;
  /** reached / called; null when nobody was called. */
  reachRate: number | null;
  /** Cases the person's entries (or, without an actor, the vehicle's specialist's imported renewals) closed as renewed. */
  renewals: number;
  /** Quotes typed in. */
  quotes: number;
  /** Proposals sent (outcome proposal_sent). */
  proposals: number;
}

const CALLS = [...CALL_OUTCOMES];
const ANSWERED = CALLS.filter((o) => !UNANSWERED.has(o));
/** Every outcome the section counts: the events(outcome, at) index reads only these. */
const COUNTED: Outcome[] = [...CALLS, 'proposal_sent'];

/** The activity of `month` ('YYYY-MM'), of one store's cases when `store` is set; the busiest first, unknown last. */
export async function monthActivity(ctx: Pick<Context, 'db'>, month: string, store?: string): Promise<PersonActivity[]> {
  const from = `${month}-01`;
  const to = `${shiftMonth(month, 1)}-01`;
  const person = sql<string | null>`coalesce(e.actor, e.specialist)`;
  const isCall = sql`e.outcome in (${sql.join(CALLS)}) and e.channel <> 'import'`;
  const events = await ctx.db
    .selectFrom('events as e')
    .$if(store !== undefined, (q) => q.innerJoin('renewal_cases as c', 'c.id', 'e.case_id').where('c.store', '=', store as string))
    .select([
      person.as('person'),
      sql<number>`sum(case when ${isCall} then 1 else 0 end)`.as('calls'),
      sql<number>`count(distinct case when ${isCall} then e.case_id end)`.as('called'),
      sql<number>`count(distinct case when ${isCall} and e.outcome in (${sql.join(ANSWERED)}) then e.case_id end)`.as('reached'),
      sql<number>`count(distinct case when e.outcome = 'renewed' then e.case_id end)`.as('renewals'),
      sql<number>`sum(case when e.outcome = 'proposal_sent' then 1 else 0 end)`.as('proposals'),
    ])
    .where('e.outcome', 'in', COUNTED)
    .where('e.at', '>=', from)
    .where('e.at', '<', to)
    // In force only: no correction (always on the same case) supersedes it.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('events as s').select('s.id').whereRef('s.case_id', '=', 'e.case_id').whereRef('s.supersedes_id', '=', 'e.id'))))
    .groupBy(person)
    .execute();
  const quotes = await ctx.db
    .selectFrom('quotes as q')
    .$if(store !== undefined, (q) => q.innerJoin('renewal_cases as c', 'c.id', 'q.case_id').where('c.store', '=', store as string))
    .select([sql<string | null>`coalesce(q.actor, q.specialist)`.as('person'), sql<number>`count(*)`.as('n')])
    .where('q.source', '=', 'entry')
    .where('q.created_at', '>=', from)
    .where('q.created_at', '<', to)
    .groupBy(sql`coalesce(q.actor, q.specialist)`)
    .execute();
  const people = new Map<string | null, PersonActivity>();
  const of = (name: string | null) => {
    let p = people.get(name);
    if (!p) people.set(name, (p = { person: name, calls: 0, called: 0, reached: 0, reachRate: null, renewals: 0, quotes: 0, proposals: 0 }));
    return p;
  };
  for (const r of events) {
    const p = of(r.person);
    p.calls = Number(r.calls);
    p.called = Number(r.called);
    p.reached = Number(r.reached);
    p.renewals = Number(r.renewals);
    p.proposals = Number(r.proposals);
  }
  for (const r of quotes) of(r.person).quotes = Number(r.n);
  for (const p of people.values()) p.reachRate = p.called === 0 ? null : p.reached / p.called;
  return [...people.values()].sort(
    (a, b) => (a.person === null ? 1 : 0) - (b.person === null ? 1 : 0) || b.calls - a.calls || b.renewals - a.renewals || codeOrder(a.person ?? '', b.person ?? ''),
  );
}

/** Code-point order (as the report's compareText): the same on every machine. */
const codeOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
