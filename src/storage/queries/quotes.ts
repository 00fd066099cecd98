/**
 * Quotes (报价单): the one writer and the readers every engine shares. A quote's cover
 * lines are stored as JSON text (jsonb on PostgreSQL, which hands it back as text too,
 * see postgres/types.ts) and come back parsed.
 */
import type { Kysely } from 'kysely';
import { assertWriting, type Tx } from '../ports.js';
import type { Database, NewQuoteRow, QuoteRow } from '../schema.js';

/** Inserts one quote; with a natural key, a quote already stored under it is kept and null returned. */
export async function insertQuote(tx: Tx, row: NewQuoteRow): Promise<QuoteRow | null> {
  assertWriting(tx);
  let insert = tx.insertInto('quotes').values(row);
  if (row.natural_key) insert = insert.onConflict((oc) => oc.column('natural_key').doNothing());
  return (await insert.returningAll().executeTakeFirst()) ?? null;
}

/** A case's quotes, cheapest total first, then oldest first. */
export async function caseQuotes(db: Kysely<Database>, caseId: number): Promise<QuoteRow[]> {
  const rows = await db.selectFrom('quotes').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  return rows.sort((a, b) => rowTotal(a) - rowTotal(b) || a.id - b.id);
}

/** Quotes by id (any case), in the order asked; a missing id is simply absent. */
export async function quotesById(db: Kysely<Database>, ids: readonly number[]): Promise<QuoteRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('quotes').selectAll().where('id', 'in', [...ids]).execute();
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is QuoteRow => r !== undefined);
}

/** The ids of the given cases that have a quote valid on `day` (valid_until on or after it). */
export async function casesWithValidQuote(db: Kysely<Database>, caseIds: readonly number[], day: string): Promise<Set<number>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db.selectFrom('quotes').select('case_id').distinct().where('case_id', 'in', [...caseIds]).where('valid_until', '>=', day).execute();
  return new Set(rows.map((r) => r.case_id));
}

/** 交强险 + 车船税 + 商业险 of a stored quote, fen. */
export function rowTotal(row: Pick<QuoteRow, 'compulsory_cents' | 'tax_cents' | 'commercial_cents'>): number {
  return row.compulsory_cents + row.tax_cents + row.commercial_cents;
}

/** Where a case stands on quotes on a day: none yet, quoted (the best valid total), or only expired ones. */
export interface QuoteState {
  state: 'none' | 'quoted' | 'expired';
  /** The cheapest valid quote's total, fen; null unless quoted. */
  bestTotalCents: number | null;
}

/** The quote state of each case asked for (every id gets one). */
export async function quoteStates(db: Kysely<Database>, caseIds: readonly number[], day: string): Promise<Map<number, QuoteState>> {
  const states = new Map<number, QuoteState>(caseIds.map((id) => [id, { state: 'none', bestTotalCents: null }]));
  if (caseIds.length === 0) return states;
  const rows = await db.selectFrom('quotes').select(['case_id', 'compulsory_cents', 'tax_cents', 'commercial_cents', 'valid_until']).where('case_id', 'in', [...caseIds]).execute();
  for (const r of rows) {
    const s = states.get(r.case_id) as QuoteState;
    if (r.valid_until < day) {
      if (s.state === 'none') s.state = 'expired';
      continue;
    }
    const total = rowTotal(r);
    s.state = 'quoted';
    s.bestTotalCents = s.bestTotalCents === null ? total : Math.min(s.bestTotalCents, total);
  }
  return states;
}

/** What an imported quote did: a new row, a changed one, or nothing. */
export type ImportedQuoteOutcome = 'imported' | 'updated' | 'unchanged';

/** The values a quote file sets; a quote imported again with the same ones is unchanged. */
const IMPORTED_VALUES = ['insurer', 'plan', 'compulsory_cents', 'tax_cents', 'commercial_cents', 'ncd', 'pricing_factor', 'valid_until', 'note'] as const;

/**
 * An imported quote, found by its natural key: inserted, updated when a value the file
 * sets has changed, else left as it is. `keepValidUntil` (the file gave no validity): a
 * stored quote keeps its own, so importing the same file next week changes nothing.
 */
export async function upsertImportedQuote(tx: Tx, row: NewQuoteRow & { natural_key: string }, options: { keepValidUntil: boolean }): Promise<{ id: number; outcome: ImportedQuoteOutcome }> {
  assertWriting(tx);
  const stored = await tx.selectFrom('quotes').selectAll().where('natural_key', '=', row.natural_key).executeTakeFirst();
  if (!stored) {
    const { id } = await tx.insertInto('quotes').values(row).returning('id').executeTakeFirstOrThrow();
    return { id, outcome: 'imported' };
  }
  const next = options.keepValidUntil ? { ...row, valid_until: stored.valid_until } : row;
  const same = IMPORTED_VALUES.every((k) => (stored[k] ?? null) === (next[k] ?? null))
    && sameJson(stored.covers, next.covers) && sameJson(stored.gifts, next.gifts ?? null);
  if (same) return { id: stored.id, outcome: 'unchanged' };
  const changes = Object.fromEntries([...IMPORTED_VALUES, 'covers', 'gifts'].map((k) => [k, next[k as keyof typeof next] ?? null]));
  await tx.updateTable('quotes').set(changes).where('id', '=', stored.id).execute();
  return { id: stored.id, outcome: 'updated' };
}

/** Two JSON texts with the same value (jsonb hands back its own spacing and key order). */
function sameJson(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
