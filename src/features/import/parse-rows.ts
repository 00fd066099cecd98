/**
 * The half of an import that needs no database: a file's bytes to validated rows,
 * in batches (one per decoded chunk, so memory stays flat). `openRows` runs it on
 * the calling thread for small files, and on a worker thread (parse-worker.ts) for
 * large ones, so that decoding, splitting and validating overlap the main thread's
 * writes: on a million rows they are about a third of the work. Both ways run the
 * same `parseRows`, so they cannot disagree.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RenewError } from '../../errors.js';
import { type ColumnPlan, type Field, planColumns } from '../../rules/columns.js';
import { MAX_LINE_CHARS, recordChunks, UnclosedQuoteError } from './csv-reader.js';
import { type DecodedFile, type EncodingName, type ForcedEncoding, openDecoded } from './decode.js';
import { checkRecord, isTotalsRow, type PolicyIn, type Problem, type RowIn, type RowRules, type RowWarning, sameVehicle, type VehicleIn } from '../../rules/validate.js';

/** A rejected data row: its reasons and its original cells (for the rejects file). */
export interface RejectedRow {
  line: number;
  problems: Problem[];
  cells: string[];
}

/**
 * One chunk's data rows (blank rows are skipped). Good rows and rejected rows are
 * kept apart, each in file order: a rejected row takes no part in grouping rows by
 * plate, so the importer handles the two lists one after the other. Good rows are
 * packed into one flat array of values (`packRow`): copying it to the main thread
 * costs a third of copying the objects, whose every key is copied with them.
 */
export interface ParsedBatch {
  /** On the first batch: how the header maps columns to fields. */
  plan?: ColumnPlan;
  rows: Packed;
  rejected: RejectedRow[];
  /** Lines of totals rows (合计/总计), skipped. */
  totals: number[];
  /** Bytes of the file read so far (the progress bar). */
  bytesRead: number;
}

export type Packed = (string | number | null)[];

export interface RowSource {
  encoding: EncodingName;
  size: number;
  /** Throws RenewError for an unusable file, UnclosedQuoteError for a quote that never closes. */
  batches: AsyncIterable<ParsedBatch>;
  /** SHA-256 of the file's bytes, once `batches` is exhausted. */
  sha256(): string;
  /** Stops early (the import failed); harmless after the end. */
  close(): Promise<void>;
}

export interface ParseOptions {
  encoding?: ForcedEncoding;
  map?: ReadonlyMap<string, Field>;
  /** The store's limits each row is checked against (validate.ts). */
  rules: RowRules;
  /** Files at least this large are parsed on a worker thread (when the built worker script is there). */
  workerFromBytes?: number;
}

/** Below this a worker's start-up (~40 ms) costs more than the overlap gains. */
const WORKER_MIN_BYTES = 4 << 20;

/**
 * Opens `path` for parsing. Unreadable, empty and binary files throw here, before
 * anything is written. The worker script exists only in the build (dist/); running
 * from the TypeScript sources (the unit tests) parses on this thread.
 */
export async function openRows(path: string, options: ParseOptions): Promise<RowSource> {
  const worker = new URL('./parse-worker.js', import.meta.url);
  if (fileSize(path) >= (options.workerFromBytes ?? WORKER_MIN_BYTES) && existsSync(fileURLToPath(worker))) {
    return workerRows(worker, { path, encoding: options.encoding, map: options.map ?? new Map(), rules: options.rules });
  }
  const decoded = await openDecoded(path, options.encoding);
  return {
    encoding: decoded.encoding,
    size: decoded.size,
    batches: parseRows(decoded, options.map ?? new Map(), path, options.rules),
    sha256: () => decoded.sha256(),
    close: async () => undefined,
  };
}

/** Splits and validates the decoded text, one batch per chunk. */
export async function* parseRows(decoded: DecodedFile, map: ReadonlyMap<string, Field>, path: string, rules: RowRules): AsyncGenerator<ParsedBatch> {
  let plan: ColumnPlan | undefined;
  let batch: ParsedBatch = { rows: [], rejected: [], totals: [], bytesRead: 0 };
  /** The last good row's vehicle in this batch (each batch unpacks on its own). */
  let previous: VehicleIn | undefined;
  const onRecord = (cells: string[] | null, line: number) => {
    if (!plan) {
      if (!cells) throw new RenewError('import.headerTooLong', { file: path, limit: MAX_LINE_CHARS });
      plan = planColumns(cells, map, path);
      batch.plan = plan;
      return;
    }
    const tooLong = cells ? longCells(cells, line, plan) : { line, problems: [{ field: '' as const, reason: 'lineTooLong' as const, shown: '' }], cells: [] };
    if (tooLong) {
      batch.rejected.push(tooLong);
      return;
    }
    if (!cells || isBlank(cells)) return;
    const checked = checkRecord(cells, line, plan, rules);
    if ('problems' in checked) {
      if (isTotalsRow(cells, plan)) batch.totals.push(line);
      else batch.rejected.push({ line, problems: checked.problems, cells });
    } else {
      packRow(batch.rows, checked.row, checked.warnings, previous, cells);
      previous = checked.row.vehicle;
    }
  };
  for await (const bytesRead of recordChunks(decoded, onRecord)) {
    batch.bytesRead = bytesRead;
    yield batch;
    batch = { rows: [], rejected: [], totals: [], bytesRead: 0 };
    previous = undefined;
  }
  batch.bytesRead = decoded.bytesRead();
  yield batch;
  if (!plan) throw new RenewError('import.noHeader', { file: path });
}

/**
 * Appends a good row: line, the vehicle's values (or 0 when they equal the previous
 * row's, which is most rows of an export listing each vehicle's policies together),
 * the warnings (count first, 4 values each, then when there are any the row's cells
 * for the warnings file: count first), the policies (count first, 9 values each).
 * Spelled out field by field: a loop over key names costs as much as the copy it
 * saves. `unpackRows` reads the same order back, and a test round-trips every field.
 */
export function packRow(out: Packed, row: RowIn, warnings: readonly RowWarning[], previous: VehicleIn | undefined, cells: readonly string[]): void {
  const v = row.vehicle;
  if (previous && sameVehicle(previous, v)) out.push(row.line, 0);
  else out.push(row.line, 1, v.plate, v.vin, v.engine_no, v.model, v.first_registration, v.owner, v.insured, v.phone, v.id_no, v.address, v.specialist, v.installment, v.beneficiary, v.business);
  out.push(warnings.length);
  if (warnings.length > 0) {
    for (const w of warnings) out.push(w.field, w.kind, w.reason, w.shown);
    out.push(cells.length, ...cells);
  }
  out.push(row.policies.length);
  for (const p of row.policies) out.push(p.kind, p.insurer, p.policy_no, p.premium_cents, p.start_date, p.end_date, p.coverages, p.natural_key, p.row_hash);
}

/** The rows `packRow` packed, in order. */
export function* unpackRows(packed: Packed): Generator<{ row: RowIn; warnings: RowWarning[]; cells: string[] }> {
  // Each value goes back into the field it came from: typed by the field, not by the array.
  const a = (k: number): never => packed[k] as never;
  let i = 0;
  let vehicle = undefined as unknown as VehicleIn; // the first row of a batch always carries its vehicle
  while (i < packed.length) {
    const line: number = a(i);
    if (a(i + 1) === 1) {
      vehicle = {
        plate: a(i + 2), vin: a(i + 3), engine_no: a(i + 4), model: a(i + 5), first_registration: a(i + 6), owner: a(i + 7), insured: a(i + 8),
        phone: a(i + 9), id_no: a(i + 10), address: a(i + 11), specialist: a(i + 12), installment: a(i + 13),
        beneficiary: a(i + 14), business: a(i + 15),
      };
      i += 16;
    } else {
      i += 2; // the previous row's vehicle: rows share the object, which nothing changes
    }
    const warnings: RowWarning[] = [];
    for (let n: number = a(i++); n > 0; n--, i += 4) warnings.push({ line, field: a(i), kind: a(i + 1), reason: a(i + 2), shown: a(i + 3) });
    let cells: string[] = NO_CELLS;
    if (warnings.length > 0) {
      const n: number = a(i++);
      cells = packed.slice(i, i + n) as string[];
      i += n;
    }
    const policies: PolicyIn[] = [];
    for (let n: number = a(i++); n > 0; n--, i += 9) {
      policies.push({
        kind: a(i), insurer: a(i + 1), policy_no: a(i + 2), premium_cents: a(i + 3), start_date: a(i + 4), end_date: a(i + 5), coverages: a(i + 6),
        natural_key: a(i + 7), row_hash: a(i + 8),
      });
    }
    yield { row: { line, vehicle, policies }, warnings, cells };
  }
}

/** The cells of a row without warnings: nothing needs them. */
const NO_CELLS: string[] = [];

/** What the worker is started with. */
export interface WorkerInput {
  path: string;
  encoding?: ForcedEncoding;
  map: ReadonlyMap<string, Field>;
  rules: RowRules;
}

/** Worker -> main thread. Errors cross as data: a thrown class does not survive the copy. */
export type WorkerMessage =
  | { type: 'open'; encoding: EncodingName; size: number }
  | { type: 'batch'; batch: ParsedBatch }
  | { type: 'end'; sha256: string }
  | { type: 'error'; error: SentError };

export type SentError =
  | { kind: 'renew'; key: RenewError['key']; vars: RenewError['vars']; exitCode: RenewError['exitCode']; hintKey?: RenewError['hintKey'] }
  | { kind: 'unclosedQuote'; line: number }
  | { kind: 'other'; message: string; stack?: string };

/** Batches the worker may run ahead of the writes: enough to keep both threads busy, few enough to keep memory flat. */
export const BATCHES_AHEAD = 3;

export function sendableError(e: unknown): SentError {
  if (e instanceof RenewError) return { kind: 'renew', key: e.key, vars: e.vars, exitCode: e.exitCode, hintKey: e.hintKey };
  if (e instanceof UnclosedQuoteError) return { kind: 'unclosedQuote', line: e.line };
  return { kind: 'other', message: String((e as Error)?.message ?? e), stack: (e as Error)?.stack };
}

function receivedError(e: SentError): Error {
  if (e.kind === 'renew') return new RenewError(e.key, e.vars, e.exitCode, e.hintKey);
  if (e.kind === 'unclosedQuote') return new UnclosedQuoteError(e.line);
  return Object.assign(new Error(e.message), { stack: e.stack });
}

/** Runs `parseRows` on a worker; each batch taken is acknowledged so the worker parses the next meanwhile. */
async function workerRows(script: URL, input: WorkerInput): Promise<RowSource> {
  const worker = new Worker(script, { workerData: input });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (m: WorkerMessage) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ type: 'error', error: sendableError(e) }));
  worker.on('exit', (code) => push({ type: 'error', error: { kind: 'other', message: `import parser exited (${code})` } }));
  const next = async (): Promise<WorkerMessage> => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return queue.shift() as WorkerMessage;
  };
  const close = async () => {
    await worker.terminate();
  };
  const opened = await next();
  if (opened.type !== 'open') {
    await close();
    throw opened.type === 'error' ? receivedError(opened.error) : new Error(`unexpected ${opened.type} from the import parser`);
  }
  let sha256 = '';
  async function* batches(): AsyncGenerator<ParsedBatch> {
    for (;;) {
      const m = await next();
      if (m.type === 'batch') {
        worker.postMessage('ack');
        yield m.batch;
      } else if (m.type === 'end') {
        sha256 = m.sha256;
        return;
      } else {
        throw m.type === 'error' ? receivedError(m.error) : new Error(`unexpected ${m.type} from the import parser`);
      }
    }
  }
  return { encoding: opened.encoding, size: opened.size, batches: batches(), sha256: () => sha256, close };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1; // openDecoded reports it
  }
}

/** The longest cell kept (characters): longer is an attack or a broken export, and would fill every screen it is shown on. */
export const MAX_CELL_CHARS = 4096;

/**
 * A record holding a cell over the limit is rejected before validation, naming the
 * column by its header and number. The rejects file gets the cells cut to the limit,
 * never the giant value. (A record over the line limit comes as null and is rejected
 * with no cells: it was never read.)
 */
function longCells(cells: string[], line: number, plan: ColumnPlan): RejectedRow | undefined {
  let problems: Problem[] | undefined;
  cells.forEach((c, i) => {
    if (c.length <= MAX_CELL_CHARS) return;
    const header = (plan.header[i] ?? '').trim();
    (problems ??= []).push({ field: '', reason: 'cellTooLong', shown: `${header === '' ? '' : `${header}, `}#${i + 1}` });
  });
  if (!problems) return undefined;
  return { line, problems, cells: cells.map((c) => (c.length > MAX_CELL_CHARS ? `${c.slice(0, MAX_CELL_CHARS)}…` : c)) };
}

/** A row of empty cells (Excel leaves them below the data): skipped, never rejected. */
export function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}
