/**
 * The few places where one SQL text cannot serve both engines: shared queries ask
 * here which engine a kysely instance talks to, so features never need to know.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Every value of a text column in one string, one per line (SQLite: group_concat; PostgreSQL: string_agg). */
export function linesOf(db: Kysely<any>, column: string): RawBuilder<string | null> {
  return isPostgres(db) ? sql<string | null>`string_agg(${sql.ref(column)}, chr(10))` : sql<string | null>`group_concat(${sql.ref(column)}, char(10))`;
}
