/**
 * A streaming CSV splitter (RFC 4180 plus what Excel writes), fed decoded text in
 * chunks. Lines without a quote character, which is nearly every line of a real
 * export, are split with one `String.split`; a line with quotes goes through a
 * small state machine that may run over line ends. Records carry the physical
 * line they start on, so every message can name it. An unclosed quote is an
 * error naming its line, never a silent merge of the rest of the file.
 *
 * (csv-parse alone costs 2.2x a whole sqlite3 `.import`; this costs a fraction,
 * and it does not need `skip_records_with_error`, which can swallow the rest of
 * a file after an unclosed quote.)
 */

import type { DecodedFile } from './decode.js';

export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`unclosed quote from line ${line}`);
    this.name = 'UnclosedQuoteError';
  }
}

/**
 * Receives each record: its cells, or null for a record longer than MAX_LINE_CHARS,
 * which is skipped unread (it is never held in memory whole) and only named by its line.
 */
export type RecordSink = (fields: string[] | null, line: number) => void;

/**
 * The longest record (a line, or the lines a quoted cell spans) read into memory:
 * 64 K characters, sixteen 4 K cells. Anything longer is rejected as a row and
 * skipped while streaming, so a 150 MB line costs a scan, not 150 MB of string.
 */
export const MAX_LINE_CHARS = 1 << 16;

/**
 * While skipping an over-long record inside quotes: past this many line breaks the
 * quote is taken to be unclosed (it is swallowing rows, about 300 of them by the
 * time 64 K characters have gone by), and the file stops naming the line, rather
 * than silently losing the rows after it.
 */
const MAX_SKIPPED_QUOTED_LINES = 100;

// States of the skipper (skipRecord).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

export class CsvReader {
  private rest = '';
  /** Physical line number of the first line in `rest`. */
  private line = 1;
  /**
   * Line ends are `\r` alone (Excel for Mac's "CSV (Macintosh)"): each is read as `\n`.
   * Decided by the first line end in the file; undefined until one is seen.
   */
  private crOnly: boolean | undefined;
  /** Text held while the line-end style is undecided. */
  private undecided = '';
  /** Set while skipping an over-long record: its first line and the skipper's state. */
  private skipping: { line: number; state: number; lines: number } | undefined;

  constructor(private readonly delimiter: string) {}

  /**
   * Feeds one chunk; complete records go to `sink`. The chunk is never glued to the
   * previous tail as a whole: slicing lines out of such a concatenated (rope) string
   * cost V8 a copy of the chunk per line. Only the one line that spans the boundary
   * is joined, unless a quoted cell runs over it.
   */
  push(chunk: string, sink: RecordSink): void {
    if (this.crOnly === undefined) {
      const text = this.undecided + chunk;
      const style = lineEndStyle(text);
      if (style === undefined && text.length <= MAX_LINE_CHARS) {
        this.undecided = text;
        return;
      }
      this.undecided = '';
      this.crOnly = style === 'cr';
      chunk = text;
    }
    this.feed(this.crOnly ? chunk.replaceAll('\r', '\n') : chunk, sink);
  }

  private feed(chunk: string, sink: RecordSink): void {
    if (this.skipping) {
      const next = this.skipRecord(chunk, false);
      if (next < 0) return;
      chunk = chunk.slice(next);
    }
    if (this.rest.length === 0) {
      this.rest = chunk.slice(this.consume(chunk, 0, false, sink));
    } else {
      const nl = chunk.indexOf('\n');
      const head = nl >= 0 ? this.rest + chunk.slice(0, nl + 1) : '';
      if (nl >= 0 && this.consume(head, 0, false, sink) === head.length) {
        this.rest = chunk.slice(this.consume(chunk, nl + 1, false, sink));
      } else {
        const text = this.rest + chunk;
        this.rest = text.slice(this.consume(text, 0, false, sink));
      }
    }
    if (this.rest.length > MAX_LINE_CHARS) {
      // An incomplete record already over the limit: name it, then skip to its end.
      const text = this.rest;
      this.rest = '';
      sink(null, this.line);
      this.skipping = { line: this.line, state: FIELD_START, lines: 0 };
      const next = this.skipRecord(text, false);
      if (next >= 0) this.feed(text.slice(next), sink);
    }
  }

  /** The input is over: the last line may lack its newline. */
  end(sink: RecordSink): void {
    if (this.crOnly === undefined) {
      this.crOnly = false;
      this.feed(this.undecided, sink);
      this.undecided = '';
    }
    if (this.skipping) {
      this.skipRecord('', true);
      return;
    }
    const text = this.rest;
    this.rest = '';
    if (text.length > 0) this.consume(text, 0, true, sink);
  }

  /**
   * Runs the skipped record's state machine (the same reading as parseQuotedRecord)
   * over `text`; returns where the record's next line starts, or -1 when `text` ends
   * inside it. Throws UnclosedQuoteError when its quote looks unclosed.
   */
  private skipRecord(text: string, final: boolean): number {
    const k = this.skipping as { line: number; state: number; lines: number };
    const dc = this.delimiter.charCodeAt(0);
    let state = k.state;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state === QUOTED) {
        if (c === 34) state = QUOTE_SEEN;
        else if (c === 10 && ++k.lines > MAX_SKIPPED_QUOTED_LINES) throw new UnclosedQuoteError(k.line);
      } else if (c === 10) {
        this.line = k.line + k.lines + 1;
        this.skipping = undefined;
        return i + 1;
      } else if (c === dc) state = FIELD_START;
      else if (c === 34 && state !== UNQUOTED) state = QUOTED; // a field's opening quote, or an escaped one
      else state = UNQUOTED;
    }
    k.state = state;
    if (!final) return -1;
    if (state === QUOTED) throw new UnclosedQuoteError(k.line);
    this.skipping = undefined;
    return text.length;
  }

  /** Emits every complete record in `text`; returns where the unconsumed tail starts. */
  private consume(text: string, from: number, final: boolean, sink: RecordSink): number {
    const d = this.delimiter;
    let pos = from;
    const n = text.length;
    // Where the next quote is: looked up again only once passed, so quote-free text is scanned once.
    let quote = text.indexOf('"', from);
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = n;
      }
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || quote > nl) {
        const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end - pos > MAX_LINE_CHARS) sink(null, this.line);
        else if (end > pos) sink(text.slice(pos, end).split(d), this.line);
        this.line++;
        pos = nl + 1;
        continue;
      }
      let parsed: ReturnType<typeof parseQuotedRecord>;
      try {
        parsed = parseQuotedRecord(text, pos, d, final);
      } catch (e) {
        throw e instanceof UnclosedQuoteError ? new UnclosedQuoteError(this.line) : e;
      }
      if (!parsed) break; // push() skips the record once it outgrows MAX_LINE_CHARS
      sink(parsed.next - pos > MAX_LINE_CHARS ? null : parsed.fields, this.line);
      this.line += parsed.lines;
      pos = parsed.next;
    }
    return Math.min(pos, n);
  }
}

/**
 * One record that contains quotes, starting at `start`. Returns null when the text
 * ends inside quotes and more may come; throws when it ends there for good.
 */
function parseQuotedRecord(text: string, start: number, d: string, final: boolean): { fields: string[]; next: number; lines: number } | null {
  const fields: string[] = [];
  const dc = d.charCodeAt(0);
  let i = start;
  let lines = 1;
  const n = text.length;
  for (;;) {
    // One field starting at i.
    if (i < n && text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          if (final) throw new UnclosedQuoteError(-1);
          return null;
        }
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        if (q + 1 >= n && !final) return null; // the escape's second quote may be in the next chunk
        i = q + 1;
        break;
      }
      for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) lines++;
      // Excel never writes text after a closing quote; tolerate it as part of the value.
      let j = i;
      while (j < n && text.charCodeAt(j) !== dc && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      fields.push(j > i ? value + text.slice(i, j) : value);
      i = j;
    } else {
      let j = i;
      while (j < n && text.charCodeAt(j) !== dc && text.charCodeAt(j) !== 10) j++;
      fields.push(text.slice(i, j > i && text.charCodeAt(j - 1) === 13 && (j === n || text.charCodeAt(j) === 10) ? j - 1 : j));
      i = j;
    }
    if (i >= n) {
      if (!final) return null;
      return { fields, next: n, lines };
    }
    const c = text.charCodeAt(i);
    if (c === dc) {
      i++;
      if (i >= n && !final) return null;
      if (i >= n) {
        fields.push('');
        return { fields, next: n, lines };
      }
      continue;
    }
    if (c === 13) i++;
    if (i < n && text.charCodeAt(i) === 10) return { fields, next: i + 1, lines };
    if (i >= n) return final ? { fields, next: n, lines } : null;
  }
}

/** 'cr' when the first line end in `text` is a lone `\r`, 'lf' for `\n` or `\r\n`, undefined when none is seen yet. */
function lineEndStyle(text: string): 'cr' | 'lf' | undefined {
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  if (cr < 0 || (lf >= 0 && lf < cr)) return lf < 0 ? undefined : 'lf';
  if (cr + 1 >= text.length) return undefined; // a `\r\n` may be split between chunks
  return text.charCodeAt(cr + 1) === 10 ? 'lf' : 'cr';
}

/**
 * Splits decoded text into records: the delimiter is read off the file's first line,
 * every record goes to `onRecord`, and after each chunk the bytes read so far are
 * yielded (a caller batches or draws progress there). `renew import` and
 * `renew quote import` both read their files through this.
 */
export async function* recordChunks(decoded: Pick<DecodedFile, 'chunks' | 'bytesRead'>, onRecord: RecordSink): AsyncGenerator<number> {
  let reader: CsvReader | undefined;
  for await (const chunk of decoded.chunks) {
    reader ??= new CsvReader(detectDelimiter(firstLine(chunk)));
    reader.push(chunk, onRecord);
    yield decoded.bytesRead();
  }
  reader?.end(onRecord);
}

function firstLine(chunk: string): string {
  const nl = chunk.search(/[\r\n]/);
  return nl < 0 ? chunk : chunk.slice(0, nl);
}

/** The delimiter a header line uses: comma unless tabs or semicolons clearly win. */
export function detectDelimiter(headerLine: string): string {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  const commas = count(',');
  const tabs = count('\t');
  const semis = count(';');
  if (tabs > commas && tabs >= semis) return '\t';
  if (semis > commas && semis > tabs) return ';';
  return ',';
}
