/**
 * Text typed at entry (a call note, a setting's value) follows the import's rule
 * for control characters: the value is kept without them and the user is warned,
 * naming the field and the characters (as \\uXXXX), so an escape sequence pasted
 * into a note never reaches a later screen.
 */
import type { Context } from './context.js';
import { controlCharsIn, withoutControls } from '../rules/safe-text.js';

/** The value without control characters; warns on stderr when it had any. Example: cleanEntry(ctx, '--note', 'a\x07b') === 'ab'. */
export function cleanEntry(ctx: Pick<Context, 't' | 'err'>, field: string, value: string): string {
  const chars = controlCharsIn(value);
  if (chars.length === 0) return value;
  warnControls(ctx, field, chars);
  return withoutControls(value);
}

/** The one warning for control characters removed at entry. */
export function warnControls(ctx: Pick<Context, 't' | 'err'>, field: string, chars: readonly string[]): void {
  ctx.err.write(ctx.t('errors.controlCharsRemoved', { field, chars: chars.join(' ') }) + '\n');
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
