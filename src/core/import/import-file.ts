/**
 * `renew import` as a library call: `importFiles(ctx, paths, options)` reads each
 * file as a stream (memory stays flat on a million rows), validates every row,
 * and writes the good ones in ONE write transaction per file, so an interrupted
 * import leaves the database as it was. Bad rows go to `<file>.rejects.csv`.
 */
import { basename } from 'node:path';
import type { Context } from '../context.js';
import { isoDateTime } from '../clock.js';
import { RenewError } from '../errors.js';
import { canonicalInsurer, loadInsurerAliases } from '../insurers.js';
import { loadSettings } from '../settings.js';
import { PRAGMAS, retryWhileBusy } from '../../db/connection.js';
import { writeTransaction } from '../../db/transaction.js';
import type { ColumnPlan, Field } from './columns.js';
import { UnclosedQuoteError } from './csv-reader.js';
import type { EncodingName, ForcedEncoding } from './decode.js';
import { openRows, unpackRows } from './parse-rows.js';
import { RejectsFile } from './rejects.js';
import type { Problem, RowIn, WarningKind } from './validate.js';
import { PolicyWriter } from './write.js';
import { backupBeforeImport } from '../trust/backup.js';

export interface ImportOptions {
  encoding?: ForcedEncoding;
  /** Parsed `--map` options: header key -> field. */
  map?: ReadonlyMap<string, Field>;
  /** Any bad row rejects the whole file. */
  strict?: boolean;
  /** Do everything, then roll back: counts are exact, nothing is written (no rejects file either). */
  dryRun?: boolean;
  /** Draw a progress bar on stderr (the command decides: stderr is a TTY and the file is large). */
  progress?: boolean;
  /** Files at least this large (bytes) load in bulk: random-order indexes rebuilt at the end (deferIndexes), a first load without WAL (firstLoadJournal). */
  bulkFromBytes?: number;
  /** In a bulk load, the indexes are dropped once this many rows have been imported or updated (default 50,000). */
  deferAfterRows?: number;
  /** Files at least this large (bytes) are parsed on a worker thread (see parse-rows.ts). */
  workerFromBytes?: number;
}

/** The counts `--json` prints: every data row is in exactly one of imported/updated/unchanged/rejected. */
export interface ImportCounts {
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects_file: string | null;
}

export interface RejectExample {
  line: number;
  problems: Problem[];
  /** The file's own header for each problem's field ('' for a whole-row problem). */
  headers: string[];
}

export interface FileSummary extends ImportCounts {
  file: string;
  encoding: EncodingName;
  shape: ColumnPlan['shape'];
  /** Cases closed as renewed by policies in this file. */
  renewed: number;
  dryRun: boolean;
  /** --strict and some row was bad: nothing from the file was kept. */
  strictFailed: boolean;
  /** Rows that failed validation (under --strict `rejected` is the whole file). */
  badRows: number;
  warnings: { kind: WarningKind; count: number; lines: number[]; shown: string[] }[];
  /** The first few rejected rows, for the stderr summary. */
  rejectExamples: RejectExample[];
}

export type FileResult = { file: string; summary: FileSummary } | { file: string; error: RenewError };

const EXAMPLES = 10;

/** Imports each file in turn (each in its own transaction); a file that cannot be used does not stop the others. */
export async function importFiles(ctx: Context, paths: readonly string[], options: ImportOptions = {}): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of paths) {
    try {
      results.push({ file, summary: await importFile(ctx, file, options) });
    } catch (e) {
      if (!(e instanceof RenewError) || paths.length === 1) throw e;
      results.push({ file, error: e });
    }
  }
  return results;
}

/** Thrown inside the transaction to roll it back while keeping the counts (dry run, --strict). */
class Rollback extends Error {
  constructor(readonly summary: FileSummary) {
    super('rollback');
  }
}

export async function importFile(ctx: Context, path: string, options: ImportOptions = {}): Promise<FileSummary> {
  const settings = await loadSettings(ctx.db);
  const aliases = loadInsurerAliases(ctx.dataDirs);
  const source = await openRows(path, options);
  const startedAt = isoDateTime(ctx.now());
  const dryRun = options.dryRun === true;
  const summary: FileSummary = {
    file: path, rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, rejects_file: null,
    encoding: source.encoding, shape: 'policy', renewed: 0, dryRun, strictFailed: false, badRows: 0, warnings: [], rejectExamples: [],
  };
  const t = ctx.t;
  let rejects: RejectsFile | undefined;
  const progress = options.progress ? progressBar(ctx, path, source.size) : undefined;

  // A real import into a database that already holds policies backs it up first when the file is large (setting).
  if (!dryRun) {
    await backupBeforeImport(ctx, source.size).catch(async (e: unknown) => {
      await source.close();
      throw e;
    });
  }

  const bulk = source.size >= (options.bulkFromBytes ?? DEFER_MIN_ROWS * BYTES_PER_ROW_ESTIMATE);
  const restorePragmas = importPragmas(ctx.sqlite, bulk);
  try {
    await writeTransaction(ctx.db, async (tx) => {
      const { id: importId } = await tx
        .insertInto('imports')
        .values({
          file_name: basename(path), content_hash: '', encoding: source.encoding, shape: '', rows: 0, imported: 0, updated: 0,
          unchanged: 0, rejected: 0, started_at: startedAt, finished_at: startedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const writer = new PolicyWriter(ctx.sqlite, importId, startedAt, settings.renewal_window_days);
      // Dropped only once the file has shown it is a load: a large re-import whose rows are
      // nearly all unchanged writes little, and rebuilding would cost it more than it saves.
      const deferAfter = options.deferAfterRows ?? DEFER_MIN_ROWS;
      let rebuildIndexes: (() => void) | undefined;
      let plan: ColumnPlan | undefined;
      let group: RowIn[] = [];
      const flush = () => {
        if (group.length === 0) return;
        for (const outcome of writer.writeVehicleRows(group)) summary[outcome]++;
        group = [];
        if (bulk && !rebuildIndexes && summary.imported + summary.updated >= deferAfter) rebuildIndexes = deferIndexes(ctx.sqlite, source.size);
      };
      for await (const batch of source.batches) {
        if (batch.plan) {
          plan = batch.plan;
          summary.shape = plan.shape;
          if (!dryRun) rejects = new RejectsFile(path, plan.header, [t('import.rejects.line'), t('import.rejects.field'), t('import.rejects.reason')]);
        }
        // Rejected rows take no part in grouping by plate: each list is handled in file order.
        for (const item of batch.rejected) {
          summary.rows++;
          summary.rejected++;
          summary.badRows++;
          const headers = item.problems.map((p) => (p.field === '' ? '' : headerName(plan as ColumnPlan, p.field)));
          if (summary.rejectExamples.length < EXAMPLES) summary.rejectExamples.push({ line: item.line, problems: item.problems, headers });
          rejects?.add(
            item.line,
            headers.filter(Boolean).join(' / '),
            item.problems.map((p) => t(`import.reason.${p.reason}`)).join('; '),
            item.cells,
          );
        }
        for (const { row, warnings } of unpackRows(batch.rows)) {
          summary.rows++;
          for (const p of row.policies) p.insurer = canonicalInsurer(p.insurer, aliases); // one insurer, one name (data/insurers.json)
          for (const w of warnings) noteWarning(summary, w.kind, w.line, w.shown);
          if (group.length > 0 && (group[0] as RowIn).vehicle.plate !== row.vehicle.plate) flush();
          group.push(row);
        }
        if (progress) progress(batch.bytesRead);
      }
      flush();
      // Renewal updates touch cases' status and due date: rebuild those indexes only after them.
      summary.renewed = writer.finishRenewals();
      rebuildIndexes?.();
      if (options.strict && summary.rejected > 0) {
        summary.strictFailed = true;
        throw new Rollback(summary);
      }
      await tx
        .updateTable('imports')
        .set({
          content_hash: source.sha256(), shape: summary.shape, rows: summary.rows, imported: summary.imported, updated: summary.updated,
          unchanged: summary.unchanged, rejected: summary.rejected, finished_at: isoDateTime(ctx.now()),
        })
        .where('id', '=', importId)
        .execute();
      if (dryRun) throw new Rollback(summary);
    });
  } catch (e) {
    if (!(e instanceof Rollback)) {
      await source.close();
      restorePragmas();
      rejects?.discard();
      if (progress) progress(-1);
      if (e instanceof UnclosedQuoteError) throw new RenewError('import.unclosedQuote', { file: path, line: e.line });
      throw e;
    }
  }
  restorePragmas();
  if (progress) progress(-1);
  if (summary.strictFailed) {
    // Nothing from the file is kept: every row counts as rejected; the log still says the file was tried.
    summary.rejected = summary.rows;
    summary.imported = summary.updated = summary.unchanged = summary.renewed = 0;
    if (!dryRun) await logRejectedFile(ctx, path, source, summary, startedAt);
  }
  summary.rejects_file = rejects?.commit() ?? null;
  return summary;
}

/**
 * Connection settings for the import's duration. A million-row import touches five
 * B-trees per policy; with SQLite's default 2 MB page cache the transaction keeps
 * spilling pages to the WAL and reading them back. A bounded 128 MB cache keeps
 * memory flat and the work in RAM.
 */
function importPragmas(sqlite: Context['sqlite'], bulk: boolean): () => void {
  const restoreJournal = bulk ? firstLoadJournal(sqlite) : () => undefined;
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  sqlite.pragma('cache_size = -131072');
  // Every id the hot path writes comes from a row it just read or inserted in the same
  // transaction, so the three foreign-key probes per policy only cost time (about a
  // fifth of the insert). They are back on before anything else runs on the connection.
  sqlite.pragma('foreign_keys = OFF');
  // Rebuilding the deferred indexes sorts every key: in memory rather than through temp files.
  const tempStore = sqlite.pragma('temp_store', { simple: true }) as number;
  sqlite.pragma('temp_store = MEMORY');
  return () => {
    sqlite.pragma(`temp_store = ${Number(tempStore)}`);
    sqlite.pragma(`cache_size = ${Number(before)}`);
    sqlite.pragma(`foreign_keys = ${Number(foreignKeys)}`);
    restoreJournal();
  };
}

/**
 * A large first load (the store holds no policies yet) runs with a rollback journal
 * instead of WAL. In WAL mode every page of a transaction far larger than the page
 * cache is written twice, to the log while loading and again by the checkpoint; with a
 * rollback journal, pages added past the file's original end need no journal entry,
 * so each is written once (bench/import.mjs). The journal is as crash-safe: a killed
 * import leaves a hot journal that the next opener rolls back. The price is that
 * readers wait while it commits, which costs nothing when there is nothing to read
 * yet. WAL is back before anything else runs here, and every connection sets it on
 * open in any case (applyPragmas).
 */
function firstLoadJournal(sqlite: Context['sqlite']): () => void {
  if (sqlite.prepare('select 1 from policies limit 1').get() !== undefined) return () => undefined;
  try {
    // An in-memory database answers 'memory'; leaving WAL while another connection has the
    // file open fails at once with SQLITE_BUSY. Either way the load keeps the mode it has.
    if (sqlite.pragma('journal_mode = delete', { simple: true }) !== 'delete') return () => undefined;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return () => undefined;
    throw e;
  }
  return () => {
    // Best effort: should a reader hold the file past the retries, the next connection sets WAL on open.
    try {
      retryWhileBusy(() => sqlite.pragma(`journal_mode = ${PRAGMAS.journal_mode}`, { simple: true }));
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    }
  };
}

/**
 * Secondary indexes the hot path never reads, whose keys arrive in random order
 * (due dates): kept up to date row by row they dominate a large load. For
 * a file big enough to matter and not small next to what is already stored, once it
 * has written DEFER_MIN_ROWS rows, they are dropped inside the import's transaction
 * and rebuilt from their own stored SQL (sqlite_master) after the rows are in: one
 * sort instead of a million random inserts. A rollback, a dry run or a killed process
 * brings them back untouched.
 */
const DEFERRABLE_INDEXES = [
  // The queue's and report's wide covering index (status, due date, ...): random order, and
  // every renewal re-projection rewrites its entry. The events indexes the hot path and
  // the renewal projection never read (they read events by case_id through events_case_at).
  'renewal_cases_queue', 'events_outcome_at', 'events_vehicle', 'events_case_report',
];
const BYTES_PER_ROW_ESTIMATE = 200;
const DEFER_MIN_ROWS = 50_000;

function deferIndexes(sqlite: Context['sqlite'], fileBytes: number): () => void {
  const estimate = fileBytes / BYTES_PER_ROW_ESTIMATE;
  const stored = sqlite.prepare('select count(*) from policies').pluck().get() as number;
  if (estimate < stored) return () => undefined;
  const defs = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and name in (${DEFERRABLE_INDEXES.map(() => '?').join(', ')})`)
    .all(...DEFERRABLE_INDEXES) as { name: string; sql: string }[];
  for (const d of defs) sqlite.exec(`drop index "${d.name}"`);
  return () => {
    for (const d of defs) sqlite.exec(d.sql);
  };
}

async function logRejectedFile(ctx: Context, path: string, source: { encoding: EncodingName; sha256(): string }, s: FileSummary, startedAt: string) {
  await writeTransaction(ctx.db, (tx) =>
    tx
      .insertInto('imports')
      .values({
        file_name: basename(path), content_hash: source.sha256(), encoding: source.encoding, shape: s.shape, rows: s.rows, imported: 0,
        updated: 0, unchanged: 0, rejected: s.rows, started_at: startedAt, finished_at: isoDateTime(ctx.now()),
      })
      .execute(),
  );
}

function headerName(plan: ColumnPlan, field: Field): string {
  const i = plan.index[field];
  return i >= 0 ? (plan.header[i] ?? field).trim() : field;
}

function noteWarning(s: FileSummary, kind: WarningKind, line: number, shown: string) {
  let w = s.warnings.find((x) => x.kind === kind);
  if (!w) {
    w = { kind, count: 0, lines: [], shown: [] };
    s.warnings.push(w);
  }
  w.count++;
  if (w.lines.length < EXAMPLES) {
    w.lines.push(line);
    w.shown.push(shown);
  }
}

/** A one-line bar on stderr, redrawn when the percentage changes; -1 clears it. */
function progressBar(ctx: Pick<Context, 'err'>, path: string, size: number): (bytes: number) => void {
  let shown = -1;
  const name = basename(path);
  return (bytes) => {
    if (bytes < 0) {
      if (shown >= 0) ctx.err.write('\r\x1b[K');
      shown = -1;
      return;
    }
    const pct = size > 0 ? Math.min(100, Math.floor((bytes * 100) / size)) : 100;
    if (pct === shown) return;
    shown = pct;
    const filled = Math.round(pct / 5);
    ctx.err.write(`\r${name} [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${pct}%`);
  };
}

