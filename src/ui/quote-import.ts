/** The status lines after `renew quote import` (stderr): the counts, the first rejected rows and where the rest are. */
import type { Translate } from '../i18n/index.js';
import type { QuoteImportSummary } from '../features/quote/import.js';

/** Rejected rows shown on the terminal; the rejects file has them all. */
const SHOWN = 10;

export function renderQuoteImportSummary(t: Translate, s: QuoteImportSummary): string {
  const vars = {
    file: s.file, encoding: s.encoding, shape: t(`quote.import.shape.${s.shape}`), rows: s.rows, quotes: s.quotes, imported: s.imported,
    updated: s.updated, unchanged: s.unchanged, rejected: s.rejected, rejected_quotes: s.rejected_quotes,
  };
  const lines = [t(s.dry_run ? 'quote.import.summaryDryRun' : 'quote.import.summary', vars)];
  for (const r of s.rejectedRows.slice(0, SHOWN)) {
    lines.push(t('import.rejectedLine', { line: r.line, field: r.fields.join('/') || '-', reason: r.reasons.join('; '), value: '' }));
  }
  if (s.rejectedRows.length > SHOWN) lines.push(t('import.rejectedMore', { count: s.rejectedRows.length - SHOWN }));
  if (s.rejects_file) lines.push(t('import.rejectsWritten', { path: s.rejects_file }));
  else if (s.dry_run && s.rejected > 0) lines.push(t('import.rejectsDryRun'));
  return lines.join('\n') + '\n';
}

/** What `--json` prints: the counts, and the rejected rows with their columns and reasons. */
export function quoteImportJson(s: QuoteImportSummary) {
  return {
    file: s.file, encoding: s.encoding, shape: s.shape, rows: s.rows, quotes: s.quotes, imported: s.imported, updated: s.updated,
    unchanged: s.unchanged, rejected: s.rejected, rejected_quotes: s.rejected_quotes, rejects_file: s.rejects_file, dry_run: s.dry_run,
    rejected_rows: s.rejectedRows,
  };
}
