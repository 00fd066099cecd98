/**
 * Text from data (owner names, notes, addresses) must never drive the terminal:
 * an owner called "\x1b[2J" would clear the screen, an OSC sequence would retitle
 * the window, BEL rings, backspaces overwrite what was printed. Every C0 and C1
 * control character is made visible as `\uXXXX` before it reaches the screen or a
 * pipe; the same spelling is a valid JSON escape, so JSON output stays exact.
 * Kept: tab, line feed, CR before LF (CSV line ends) and, on a colour terminal,
 * SGR colour sequences (what chalk writes; they cannot move the cursor or clear).
 */

/** C0 (except tab, LF, CR), DEL and C1; CR alone; and, captured, an SGR colour sequence. */
const CONTROL = /(\x1b\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;
const ANY_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/;

const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Makes every control character visible; SGR colour sequences are kept when `keepColour`.
 * Example: visibleControls('a\x1b[2Jb') === 'a\\u001b[2Jb'
 */
export function visibleControls(text: string, keepColour = false): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (c, sgr: string | undefined) => (sgr !== undefined && keepColour ? sgr : visible(c[0] as string) + c.slice(1)));
}

/** C0 but tab, DEL and C1: what import and entry refuse in a text value. */
const DATA_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
/** The same, for match and replace (which reset a global pattern themselves; `test` would not). */
const EVERY_DATA_CONTROL = new RegExp(DATA_CONTROL.source, 'g');

/**
 * The control characters a value holds (for a warning at import or entry), as
 * `\uXXXX`; empty when it is clean. Tab is data (a spreadsheet cell may hold one);
 * line feed and CR count: a name, plate or note is one line.
 * Example: controlCharsIn('王\x07五') === ['\\u0007']
 */
export function controlCharsIn(value: string): string[] {
  const found = value.match(EVERY_DATA_CONTROL);
  return found ? [...new Set(found)].map(visible) : [];
}

/** Every control character that import and entry refuse (line breaks too) as `\uXXXX`: how a warning shows the value. */
export function showControls(value: string): string {
  return DATA_CONTROL.test(value) ? value.replace(EVERY_DATA_CONTROL, visible) : value;
}

/**
 * The value as stored after a control-character warning: each run of line breaks
 * becomes one space (an address typed on two lines stays readable), every other
 * control character is removed.
 * Example: withoutControls('王\x1b[2J五\r\n路') === '王[2J五 路'
 */
export function withoutControls(value: string): string {
  if (!DATA_CONTROL.test(value)) return value;
  return value.replace(/[\r\n]+/g, ' ').replace(EVERY_DATA_CONTROL, '');
}

/** Every string inside a setting's value (a name, a list of names) without control characters, and those found. */
export function settingWithoutControls(value: unknown): { value: unknown; chars: string[] } {
  const chars = new Set<string>();
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') {
      for (const c of controlCharsIn(v)) chars.add(c);
      return withoutControls(v);
    }
    if (Array.isArray(v)) return v.map(clean);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  const cleaned = clean(value);
  return { value: cleaned, chars: [...chars] };
}
