/**
 * Write transactions that take the write lock up front.
 *
 * kysely's SQLite driver opens transactions with a plain BEGIN, which only asks for
 * the write lock at the first write; when another process holds it, SQLite returns
 * SQLITE_BUSY at once (no busy-timeout wait is possible mid-transaction). BEGIN
 * IMMEDIATE waits for the lock at the start instead, honouring the busy timeout.
 * The connection is reserved for the whole callback so nothing else interleaves.
 */
import { type Kysely, sql } from 'kysely';
import { runInTransaction, type Tx } from '../ports.js';
import type { Database } from '../schema.js';

export type { Tx };

export async function writeTransaction<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await runInTransaction(conn, work);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}
