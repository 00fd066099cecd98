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

export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`unclosed quote from line ${line}`);
    this.name = 'UnclosedQuoteError';
  }
}

export type RecordSink = (fields: string[], line: number) => void;

/** A quoted record longer than this is an unclosed quote, not data (it would otherwise hold the rest of the file in memory). */
const MAX_RECORD_CHARS = 1 << 20;

export class CsvReader {
  private rest = '';
  /** Physical line number of the first line in `rest`. */
  private line = 1;

  constructor(private readonly delimiter: string) {}

  /**
   * Feeds one chunk; complete records go to `sink`. The chunk is never glued to the
   * previous tail as a whole: slicing lines out of such a concatenated (rope) string
   * cost V8 a copy of the chunk per line. Only the one line that spans the boundary
   * is joined, unless a quoted cell runs over it.
   */
  push(chunk: string, sink: RecordSink): void {
    if (this.rest.length === 0) {
      this.rest = chunk.slice(this.consume(chunk, 0, false, sink));
      return;
    }
    const nl = chunk.indexOf('\n');
    if (nl >= 0) {
      const head = this.rest + chunk.slice(0, nl + 1);
      if (this.consume(head, 0, false, sink) === head.length) {
        this.rest = chunk.slice(this.consume(chunk, nl + 1, false, sink));
        return;
      }
    }
    const text = this.rest + chunk;
    this.rest = text.slice(this.consume(text, 0, false, sink));
  }

  /** The input is over: the last line may lack its newline. */
  end(sink: RecordSink): void {
    const text = this.rest;
    this.rest = '';
    if (text.length > 0) this.consume(text, 0, true, sink);
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
        if (end > pos) sink(text.slice(pos, end).split(d), this.line);
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
      if (!parsed) {
        if (n - pos > MAX_RECORD_CHARS) throw new UnclosedQuoteError(this.line);
        break;
      }
      sink(parsed.fields, this.line);
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
