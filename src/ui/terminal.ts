/** Colour, width-aware padding and tables: the only place that knows about the terminal's looks. */
import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import { visibleControls } from '../rules/safe-text.js';

// Library-free helpers (wantsColor, tsv) live in plain-text.ts, cheap to load.

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/**
 * Printable ASCII (one column) and the East Asian wide blocks our text is made of
 * (two columns: CJK ideographs and punctuation, kana, Hangul, full-width forms).
 */
const SIMPLE_TEXT = /^[\x20-\x7e\u1100-\u115e\u3000-\u303e\u3041-\u3096\u3099-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]*$/;

/**
 * Display width: Chinese characters take two columns. Text made only of the
 * characters above is counted directly; anything else (emoji, combining marks)
 * goes to string-width, whose grapheme segmentation costs ~25 ms on first use.
 */
export function displayWidth(s: string): number {
  if (!SIMPLE_TEXT.test(s)) return stringWidth(s);
  let width = s.length;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7e) width++;
  return width;
}

/** Pads to a display width (not a character count), so Chinese columns line up. */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

/**
 * A plain, aligned table without borders: used when piped (tab-separated is
 * `tsv`) and for golden tests. `align` marks numeric columns.
 */
export function plainTable(header: readonly string[], dataRows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  // Control characters from data made visible before the widths are measured.
  const rows = dataRows.map((r) => r.map((c) => visibleControls(c)));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (align[i] === 'r' ? padStart(c, widths[i] ?? 0) : padEnd(c, widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** A bordered cli-table3 table for a TTY (loaded lazily). */
export async function boxTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { color: boolean; align?: readonly ('left' | 'right')[] } = { color: false },
): Promise<string> {
  const { default: Table } = await import('cli-table3');
  // cli-table3 fails on an explicit `colAligns: undefined`: pass the key only when given.
  const table = new Table({
    head: [...header],
    ...(options.align ? { colAligns: [...options.align] } : {}),
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [], compact: true },
  });
  // Data cells may hold control characters: visible before cli-table3 measures them (chalk's colours kept).
  for (const row of rows) table.push(row.map((c) => visibleControls(c, options.color)));
  return table.toString() + '\n';
}
