/** `--json` output: one document, two-space indent, newline-terminated. */
import type { Writer } from '../features/context.js';

export function printJson(out: Writer, value: unknown): void {
  out.write(JSON.stringify(value, null, 2) + '\n');
}
