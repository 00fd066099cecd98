/**
 * Terminal helpers that need no library: whether to colour, and tab-separated
 * output for pipes. Kept apart from terminal.ts so that start-up (app.ts) and
 * piped output never load chalk and string-width (whose Intl.Segmenter and
 * Unicode tables cost ~20-40 ms per process).
 */
import { neutraliseFormula } from '../features/csv-write.js';
import { visibleControls } from '../rules/safe-text.js';

/** Colour only on a TTY, never with NO_COLOR (any value) or --no-color. */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

/**
 * One tab-separated line; tabs and line breaks inside a cell become a space, null an
 * empty cell, other control characters are made visible and a formula-looking cell
 * is neutralised as in CSV files (a pipe often ends in a .tsv opened by Excel).
 */
export function tsvLine(cells: readonly (string | number | null)[]): string {
  return cells.map((c) => (c === null ? '' : neutraliseFormula(visibleControls(String(c).replace(/[\t\r\n]+/g, ' '))))).join('\t') + '\n';
}

/** Tab-separated values: what a pipe gets (gh CLI style). */
export function tsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map(tsvLine).join('');
}
