/**
 * COPY's text format as the PostgreSQL import writes it (src/storage/postgres/import/
 * copy-text.ts): each value escaped so that no tab, line end, backslash or control
 * character can split a column or a row, and every value coming back from the server
 * exactly as it went in.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres, type PostgresStore } from '../../src/storage/postgres/connect.js';
import { copyField, copyIn, copyLine } from '../../src/storage/postgres/import/copy-text.js';
import { createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/postgres.js';

/** Values a dealer's export can hold, and a few it should not but might. */
const NASTY = [
  '粤A12345', '王小明（先生）', 'tab\there', 'line\nbreak', 'cr\rlf\r\n', 'back\\slash', '\\N', '\\', 'a\\tb',
  'bell\x07esc\x1b[2Jdel\x7f', 'C1\u0085 nbsp\u00a0', '  leading and trailing  ', '', '𠮷 (outside the BMP)', '"quoted",comma',
];

describe('COPY text format', () => {
  it('escapes backslash, tab, line ends and control characters; null is \\N; the rest goes as is', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('\x07\x1b\x7f')).toBe('\\x07\\x1b\\x7f');
    expect(copyField('粤A12345 王小明')).toBe('粤A12345 王小明');
    expect(copyField(123456789012)).toBe('123456789012');
    expect(copyField(true)).toBe('t');
    expect(copyLine(['粤A12345', null, 'x\ty', 0])).toBe('粤A12345\t\\N\tx\\ty\t0\n');
  });
});

describe.skipIf(skipPostgres)('COPY FROM STDIN on a real server', () => {
  let database: TestDatabase;
  let store: PostgresStore;

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('every value comes back exactly as it went in, in its own column and row', async () => {
    database = await createTestDatabase();
    store = await openPostgres(database.url, { migrate: false });
    const back = await store.db.transaction().execute(async (tx) => {
      await sql`create temporary table t (n integer, v text, w text) on commit drop`.execute(tx);
      const client = await store.clientOf(tx);
      await copyIn(client, 't (n, v, w)', NASTY.map((v, n) => copyLine([n, v, n % 2 === 0 ? null : v])).join(''));
      return (await sql<{ n: number; v: string; w: string | null }>`select n, v, w from t order by n`.execute(tx)).rows;
    });
    expect(back).toEqual(NASTY.map((v, n) => ({ n, v, w: n % 2 === 0 ? null : v })));
  });

  it('a row the server refuses fails the COPY with the server\'s error', async () => {
    let error: unknown;
    await store.db
      .transaction()
      .execute(async (tx) => {
        await sql`create temporary table u (d date) on commit drop`.execute(tx);
        const client = await store.clientOf(tx);
        error = await copyIn(client, 'u (d)', copyLine(['2026-13-45'])).then(() => undefined, (e: unknown) => e);
      })
      .catch(() => undefined); // the failed COPY aborted the transaction: kysely says so at commit
    expect(error).toMatchObject({ code: '22008' }); // datetime_field_overflow
  });
});
