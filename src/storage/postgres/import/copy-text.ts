/**
 * Rows into PostgreSQL with `COPY ... FROM STDIN` (pg-copy-streams: pg has no COPY
 * API of its own), in COPY's text format: one line per row, columns split by tabs,
 * `\N` for null. A value's backslash, tab, newline and carriage return are written
 * as escapes, every other control character as `\xHH`, so no value can end a column
 * or a row early; everything else (Chinese included) goes as UTF-8, the connection's
 * encoding.
 *
 *   copyLine(['粤A12345', null, 'a\tb']) === '粤A12345\t\\N\ta\\tb\n'
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const SPECIAL = /[\\\x00-\x1f\x7f]/g;

/** One value as a column of COPY's text format. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  // Nearly every value needs no escape: a scan of its code units is cheaper than a regex replace.
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x5c || c === 0x7f) return value.replace(SPECIAL, (ch) => ESCAPES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  }
  return value;
}

/**
 * One row as a line of COPY's text format. Joined from an array rather than added
 * up field by field: each `+=` leaves a rope node behind, and a million-row load
 * spent more time collecting those and flattening them than writing the text.
 */
export function copyLine(values: readonly CopyValue[]): string {
  const fields = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) fields[i] = copyField(values[i]);
  fields[values.length - 1] += '\n';
  return fields.join('\t');
}

/**
 * Runs `COPY <target> FROM STDIN` on `client` with `text` (lines from copyLine) as
 * its data; resolves once the server has taken every row. The statement is part of
 * whatever transaction the client is in.
 */
export function copyIn(client: pg.ClientBase, target: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(text, 'utf8');
  });
}
