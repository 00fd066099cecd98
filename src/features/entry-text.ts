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
