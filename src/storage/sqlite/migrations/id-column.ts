import { type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';

/**
 * Adds an auto-assigned integer primary key `id`. SQLite's `integer primary key`
 * is the rowid; PostgreSQL needs `serial` for the same effect. This is the one
 * place the migrations know which database they run on.
 */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  const type = db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer';
  return table.addColumn('id', type, (c) => c.primaryKey());
}
