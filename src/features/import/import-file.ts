/**
 * `renew import` as a library call: `importFiles(ctx, paths, options)` reads each
 * file as a stream (memory stays flat on a million rows), validates every row,
 * and writes the good ones in ONE write transaction per file, so an interrupted
 * import leaves the database as it was. Bad rows go to `<file>.rejects.csv`, rows
 * imported with a warning (a detail left empty or unverifiable) to `<file>.warnings.csv`.
 */
import { basename } from 'node:path';
import type { Context } from '../context.js';
import { isoDateTime } from '../../rules/clock.js';
import { RenewError } from '../../errors.js';
import { canonicalInsurer, loadInsurerAliases } from '../insurers.js';
import { writeStore } from '../stores/scope.js';
import type { ColumnPlan, Field } from '../../rules/columns.js';
import { UnclosedQuoteError } from './csv-reader.js';
import type { EncodingName, ForcedEncoding } from './decode.js';
import { openRows, unpackRows } from './parse-rows.js';
import { RejectsFile } from './rejects.js';
import { warningText } from './summary.js';
import { type Problem, type Reason, type RowIn, type RowWarning, rowRules, type WarningKind } from '../../rules/validate.js';
import { backupBeforeImport } from '../trust/backup.js';
import type { RowOutcome } from '../../storage/ports.js';

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

/**
 * The counts `--json` prints: every data row is in exactly one of imported/updated/unchanged/rejected;
 * `warnings` counts the rows among the first three that went in with a warning.
 */
export interface ImportCounts {
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  rejects_file: string | null;
  warnings_file: string | null;
}

/** One kind of warning on one column: how many rows, and the first few. */
export interface WarningGroup {
  kind: WarningKind;
  field: Field;
  /** The file's own header for the field. */
  header: string;
  reason: Reason | '';
  count: number;
  lines: number[];
  shown: string[];
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
  warningGroups: WarningGroup[];
  /** Lines of the totals rows (合计/总计) that were skipped. */
  totalsLines: number[];
  /** The first few rejected rows, for the stderr summary. */
  rejectExamples: RejectExample[];
}

export type FileResult = { file: string; summary: FileSummary } | { file: string; error: RenewError };

const EXAMPLES = 10;

/**
 * A file of about 50,000 rows or more (at some 200 bytes a row) is a bulk load: the
 * engine may tune for it, and defer indexes once that many rows are written (SQLite:
 * src/storage/sqlite/import-sink.ts).
 */
const BULK_DEFER_AFTER_ROWS = 50_000;
const BULK_FROM_BYTES = BULK_DEFER_AFTER_ROWS * 200;

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
  // The store the file's vehicles belong to from now on (docs/team.md); its settings check the rows.
  const store = await writeStore(ctx);
  const settings = await ctx.settings(store ?? undefined);
  const aliases = loadInsurerAliases(ctx.dataDirs);
  const source = await openRows(path, { ...options, rules: rowRules(settings) });
  const startedAt = isoDateTime(ctx.now());
  const dryRun = options.dryRun === true;
  const summary: FileSummary = {
    file: path, rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0, rejects_file: null, warnings_file: null,
    encoding: source.encoding, shape: 'policy', renewed: 0, dryRun, strictFailed: false, badRows: 0, warningGroups: [], totalsLines: [],
    rejectExamples: [],
  };
  const t = ctx.t;
  let rejects: RejectsFile | undefined;
  let warned: RejectsFile | undefined;
  const progress = options.progress ? progressBar(ctx, path, source.size) : undefined;

  // A real import into a database that already holds policies backs it up first when the file is large (setting).
  if (!dryRun) {
    await backupBeforeImport(ctx, source.size).catch(async (e: unknown) => {
      await source.close();
      throw e;
    });
  }

  const sink = ctx.store.importSink({
    now: startedAt, windowDays: settings.renewal_window_days, fileBytes: source.size,
    bulkFromBytes: options.bulkFromBytes ?? BULK_FROM_BYTES, deferAfterRows: options.deferAfterRows ?? BULK_DEFER_AFTER_ROWS, store,
  });
  try {
    await ctx.store.write(async (tx) => {
      const { id: importId } = await tx
        .insertInto('imports')
        .values({
          file_name: basename(path), content_hash: '', encoding: source.encoding, shape: '', rows: 0, imported: 0, updated: 0,
          unchanged: 0, rejected: 0, started_at: startedAt, finished_at: startedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      sink.begin(tx, importId);
      let plan: ColumnPlan | undefined;
      let group: RowIn[] = [];
      const count = (outcomes: RowOutcome[]) => {
        for (const outcome of outcomes) summary[outcome]++;
      };
      // SQLite's sink answers at once: no promise (and no await) per vehicle on its hot path.
      const flush = (): Promise<void> | undefined => {
        if (group.length === 0) return undefined;
        const written = sink.write(group);
        group = [];
        if (written instanceof Promise) return written.then((outcomes) => outcomes && count(outcomes));
        count(written);
        return undefined;
      };
      for await (const batch of source.batches) {
        if (batch.plan) {
          plan = batch.plan;
          summary.shape = plan.shape;
          if (!dryRun) {
            const labels = [t('import.rejects.line'), t('import.rejects.field'), t('import.rejects.reason')] as const;
            rejects = new RejectsFile(path, plan.header, labels);
            warned = new RejectsFile(path, plan.header, labels, 'warnings');
          }
        }
        summary.totalsLines.push(...batch.totals);
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
        for (const { row, warnings, cells } of unpackRows(batch.rows)) {
          summary.rows++;
          for (const p of row.policies) p.insurer = canonicalInsurer(p.insurer, aliases); // one insurer, one name (data/insurers.json)
          if (warnings.length > 0) {
            summary.warnings++;
            const headers = warnings.map((w) => headerName(plan as ColumnPlan, w.field));
            for (const [k, w] of warnings.entries()) noteWarning(summary, w, headers[k] as string);
            warned?.add(row.line, headers.join(' / '), warnings.map((w) => warningText(t, w)).join('; '), cells);
          }
          if (group.length > 0 && (group[0] as RowIn).vehicle.plate !== row.vehicle.plate) {
            const pending = flush();
            if (pending) await pending;
          }
          group.push(row);
        }
        if (progress) progress(batch.bytesRead);
      }
      await flush();
      summary.renewed = await sink.finish();
      // A sink that merges in bulk (PostgreSQL) knows each row's outcome only now.
      const counted = sink.counted?.();
      if (counted) for (const outcome of ['imported', 'updated', 'unchanged'] as const) summary[outcome] += counted[outcome];
      // A file with no data rows is a mistake (a wrong export, or line ends not split), never a success.
      if (summary.rows === 0) throw new RenewError('import.noRows', { file: path });
      if (options.strict && summary.rejected > 0) {
        summary.strictFailed = true;
        throw new Rollback(summary);
      }
      // Exit 1 means nothing was written: a file none of whose rows went in leaves no log row either.
      if (summary.imported + summary.updated + summary.unchanged === 0) throw new Rollback(summary);
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
      sink.close();
      rejects?.discard();
      warned?.discard();
      if (progress) progress(-1);
      if (e instanceof UnclosedQuoteError) throw new RenewError('import.unclosedQuote', { file: path, line: e.line });
      throw e;
    }
  }
  sink.close();
  if (progress) progress(-1);
  if (summary.strictFailed) {
    // Nothing from the file is kept (not even a log row): every row counts as rejected.
    summary.rejected = summary.rows;
    summary.imported = summary.updated = summary.unchanged = summary.renewed = summary.warnings = 0;
    summary.warningGroups = [];
    warned?.discard();
  }
  summary.rejects_file = rejects?.commit() ?? null;
  summary.warnings_file = summary.strictFailed ? null : (warned?.commit() ?? null);
  return summary;
}

function headerName(plan: ColumnPlan, field: Field): string {
  const i = plan.index[field];
  return i >= 0 ? (plan.header[i] ?? field).trim() : field;
}

/** Counts a warning in its group (kind, column and reason), keeping the first few lines and values. */
function noteWarning(s: FileSummary, w: RowWarning, header: string) {
  let g = s.warningGroups.find((x) => x.kind === w.kind && x.field === w.field && x.reason === w.reason);
  if (!g) {
    g = { kind: w.kind, field: w.field, header, reason: w.reason, count: 0, lines: [], shown: [] };
    s.warningGroups.push(g);
  }
  g.count++;
  if (g.lines.length < EXAMPLES) {
    g.lines.push(w.line);
    g.shown.push(w.shown);
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

