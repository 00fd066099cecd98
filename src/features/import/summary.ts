/**
 * What a person reads on stderr after an import, and what `--json` prints on stdout.
 * Values in messages are masked (phones, ID numbers) by the validator already.
 */
import type { Context } from '../context.js';
import { EXIT, type ExitCode } from '../../errors.js';
import type { FileResult, FileSummary, ImportCounts } from './import-file.js';
import type { RowWarning } from '../../rules/validate.js';

/** Exactly the keys documented in docs/import.md, in that order. */
export function countsOf(s: ImportCounts): ImportCounts {
  return {
    rows: s.rows, imported: s.imported, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected, warnings: s.warnings,
    rejects_file: s.rejects_file, warnings_file: s.warnings_file,
  };
}

/** What a warning says, in the summary and the warnings file: 'checksum does not match (imported; please verify)'. */
export function warningText(t: Context['t'], w: Pick<RowWarning, 'kind' | 'reason'>): string {
  return w.kind === 'dropped' ? t('import.warning.dropped', { reason: t(`import.reason.${w.reason || 'missing'}`) }) : t(`import.warning.${w.kind}`);
}

/** One object for one file; an array (each object also naming its `file`) for several. A failed file has every count 0 and an `error`. */
export function jsonOf(results: readonly FileResult[]): unknown {
  if (results.length === 1 && 'summary' in (results[0] as FileResult)) return countsOf((results[0] as { summary: FileSummary }).summary);
  return results.map((r) =>
    'summary' in r
      ? { file: r.file, ...countsOf(r.summary) }
      : { file: r.file, rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0, rejects_file: null, warnings_file: null, error: r.error.key },
  );
}

/** 0 when every row of every file went in (warnings or not); 1 when nothing did; 2 in between. */
export function exitCodeOf(results: readonly FileResult[]): ExitCode {
  let accepted = 0;
  let bad = 0;
  for (const r of results) {
    if ('error' in r) {
      bad++;
      continue;
    }
    accepted += r.summary.imported + r.summary.updated + r.summary.unchanged;
    bad += r.summary.rejected;
  }
  if (bad === 0) return EXIT.ok;
  return accepted === 0 ? EXIT.failure : EXIT.partial;
}

/** The status lines for one file. */
export function printFileSummary(ctx: Pick<Context, 'err' | 't'>, s: FileSummary): void {
  const t = ctx.t;
  const vars = { ...countsOf(s), file: s.file, encoding: s.encoding, shape: t(`import.shape.${s.shape}`) };
  const lines: string[] = [t(s.dryRun ? 'import.summary.dryRun' : 'import.summary', vars)];
  if (s.strictFailed) lines.push(t('import.strictFailed', { count: s.badRows }));
  if (s.renewed > 0) lines.push(t(s.dryRun ? 'import.renewed.dryRun' : 'import.renewed', { count: s.renewed }));
  if (s.totalsLines.length > 0) lines.push(t('import.totalsSkipped', { lines: s.totalsLines.join(', ') }));
  for (const g of s.warningGroups) {
    lines.push(t('import.warning.group', { field: g.header, reason: warningText(t, g), count: g.count }));
    lines.push(t('import.warning.lines', { lines: g.lines.join(', '), values: g.shown.join(', ') }));
  }
  if (s.warnings_file) lines.push(t('import.warningsWritten', { path: s.warnings_file }));
  for (const ex of s.rejectExamples) {
    const first = ex.problems[0];
    if (!first) continue;
    lines.push(
      t('import.rejectedLine', {
        line: ex.line,
        field: ex.headers.filter(Boolean).join('/') || '-',
        reason: ex.problems.map((p) => t(`import.reason.${p.reason}`)).join('; '),
        value: ex.problems.some((p) => p.shown) ? ` (${ex.problems.map((p) => p.shown).filter(Boolean).join(', ')})` : '',
      }),
    );
  }
  const more = s.badRows - s.rejectExamples.length;
  if (more > 0) lines.push(t('import.rejectedMore', { count: more }));
  if (s.rejects_file) lines.push(t('import.rejectsWritten', { path: s.rejects_file }));
  else if (s.dryRun && s.rejected > 0) lines.push(t('import.rejectsDryRun'));
  ctx.err.write(lines.join('\n') + '\n');
}


/** The closing line when several files were imported. */
export function printTotal(ctx: Pick<Context, 'err' | 't'>, results: readonly FileResult[]): void {
  const sum = { files: results.length, rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 };
  for (const r of results) {
    if (!('summary' in r)) continue;
    for (const k of ['rows', 'imported', 'updated', 'unchanged', 'rejected', 'warnings'] as const) sum[k] += r.summary[k];
  }
  ctx.err.write(ctx.t('import.total', sum) + '\n');
}
