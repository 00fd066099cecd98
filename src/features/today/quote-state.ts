/**
 * Each call's quote state on the day's list (none / quoted with the best total / expired),
 * read for a batch of entries at a time so the streamed exports stay streamed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { quoteStates } from '../../storage/queries/quotes.js';
import type { GroupName, TodayEntry } from './groups.js';

/** The groups that are calls: only they show a quote state. */
const CALL_GROUPS: ReadonlySet<GroupName> = new Set(['callbacks', 'calls']);
const BATCH = 500;

/** Sets `quote` on the call entries given (in place). */
export async function attachQuoteStates(db: Kysely<Database>, entries: readonly TodayEntry[], day: string): Promise<void> {
  const calls = entries.filter((e) => CALL_GROUPS.has(e.group));
  const states = await quoteStates(db, calls.map((e) => e.row.case_id), day);
  for (const e of calls) e.quote = states.get(e.row.case_id);
}

/** The same entries, streamed, with `quote` set on the call entries. */
export async function* withQuoteStates(db: Kysely<Database>, entries: AsyncIterable<TodayEntry>, day: string): AsyncIterable<TodayEntry> {
  let batch: TodayEntry[] = [];
  for await (const e of entries) {
    batch.push(e);
    if (batch.length >= BATCH) {
      await attachQuoteStates(db, batch, day);
      yield* batch;
      batch = [];
    }
  }
  await attachQuoteStates(db, batch, day);
  yield* batch;
}
