/**
 * Bytes to text. Excel on Chinese Windows saves "CSV" as GBK; newer exports are
 * UTF-8 with or without a BOM. The first block decides (a BOM, else whether it is
 * valid UTF-8), `--encoding` overrides, and a UTF-8 file that turns invalid later
 * stops with a message suggesting `--encoding gbk` rather than importing mojibake.
 * The SHA-256 of the bytes is taken on the way through for the import log.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import iconv from 'iconv-lite';
import { EXIT, RenewError } from '../../errors.js';

export type ForcedEncoding = 'utf8' | 'gbk' | 'gb18030';
export const ENCODINGS: readonly ForcedEncoding[] = ['utf8', 'gbk', 'gb18030'];
/** `--encoding` as typed ('GBK', 'utf-8') -> the name used here; a usage error for anything else. */
export function parseEncodingFlag(raw: string | undefined): ForcedEncoding | undefined {
  if (raw === undefined) return undefined;
  const encoding = raw.toLowerCase().replace('-', '');
  if (!(ENCODINGS as readonly string[]).includes(encoding)) throw new RenewError('import.badEncoding', { value: raw }, EXIT.usage);
  return encoding as ForcedEncoding;
}

/** What the import log records. */
export type EncodingName = 'utf8' | 'utf8-bom' | 'gbk' | 'gb18030';

export interface DecodedFile {
  encoding: EncodingName;
  size: number;
  /** The text, chunk by chunk (BOM removed). */
  chunks: AsyncGenerator<string>;
  /** Bytes read so far (for the progress bar). */
  bytesRead(): number;
  /** SHA-256 of all bytes, once `chunks` is exhausted. */
  sha256(): string;
}

const CHUNK = 1 << 20;

/** Opens `path` and works out its encoding from the first block. Throws a one-line error naming the file. */
export async function openDecoded(path: string, forced?: ForcedEncoding): Promise<DecodedFile> {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    throw new RenewError('import.cannotRead', { file: path, code: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: Buffer;
  try {
    const r = await iterator.next();
    first = r.done ? Buffer.alloc(0) : r.value;
  } catch (e) {
    throw new RenewError('import.cannotRead', { file: path, code: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  if (first.length === 0) throw new RenewError('import.emptyFile', { file: path });
  const encoding = forced ? forcedName(forced, first) : detect(first);
  if (looksBinary(first)) {
    stream.destroy();
    throw new RenewError('import.notCsv', { file: path }, EXIT.failure, 'import.notCsvHint');
  }
  const hash = createHash('sha256');
  let read = 0;
  const decode = makeDecoder(encoding, path);

  async function* chunks(): AsyncGenerator<string> {
    let buf: Buffer | undefined = first;
    let skipBom = encoding === 'utf8-bom' || encoding === 'utf8';
    try {
      while (buf) {
        hash.update(buf);
        read += buf.length;
        let text = decode(buf, false);
        if (skipBom) {
          if (text.length > 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          skipBom = text.length === 0;
        }
        if (text.length > 0) yield text;
        const r = await iterator.next();
        buf = r.done ? undefined : r.value;
      }
    } catch (e) {
      if (e instanceof RenewError) throw e;
      throw new RenewError('import.cannotRead', { file: path, code: (e as NodeJS.ErrnoException).code ?? String(e) });
    } finally {
      stream.destroy();
    }
    const tail = decode(Buffer.alloc(0), true);
    if (tail.length > 0) yield tail;
  }

  return { encoding, size, chunks: chunks(), bytesRead: () => read, sha256: () => hash.digest('hex') };
}

function hasBom(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

function forcedName(forced: ForcedEncoding, first: Buffer): EncodingName {
  if (forced === 'utf8') return hasBom(first) ? 'utf8-bom' : 'utf8';
  return forced;
}

/** A BOM says UTF-8; otherwise valid UTF-8 in the first block means UTF-8, anything else GB18030 (a superset of GBK). */
export function detect(first: Buffer): EncodingName {
  if (hasBom(first)) return 'utf8-bom';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** NUL bytes never occur in a CSV text file; they do in .xlsx (zip), .xls and other binaries. */
function looksBinary(first: Buffer): boolean {
  return first.subarray(0, 8192).includes(0);
}

function makeDecoder(encoding: EncodingName, path: string): (buf: Buffer, end: boolean) => string {
  if (encoding === 'utf8' || encoding === 'utf8-bom') {
    const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    return (buf, end) => {
      try {
        return end ? td.decode() : td.decode(buf, { stream: true });
      } catch {
        throw new RenewError('import.badUtf8', { file: path }, EXIT.failure, 'import.badUtf8Hint');
      }
    };
  }
  const decoder = iconv.getDecoder(encoding);
  return (buf, end) => (end ? (decoder.end() ?? '') : decoder.write(buf));
}
