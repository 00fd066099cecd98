/**
 * CSV for people who open it in Excel: UTF-8 with a BOM (so Chinese is not garbled),
 * CRLF line ends, and cells that a spreadsheet would run as a formula neutralised.
 */

export const UTF8_BOM = '\uFEFF';

/** Characters that make Excel or WPS treat a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes a formula-looking cell with an apostrophe, so a spreadsheet shows it as
 * text. Shared by CSV files and the tab-separated piped output (`renew today > q.tsv`).
 * Plain negative numbers are data, not formulas: "-12.5" stays as it is.
 */
export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) && !/^-\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}

/** Quotes a cell when needed and prefixes a formula-looking one with an apostrophe. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = neutraliseFormula(String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A whole CSV document: BOM, header, rows. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  let out = UTF8_BOM + csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}
