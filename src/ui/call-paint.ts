/** The interactive call's colours on a terminal (features/call/flow.ts says what is written; this, how it looks). */
import type { CallPaint } from '../features/call/flow.js';
import { makeChalk } from './terminal.js';

/** Bold cyan stage headings, yellow objections and warnings, red refusals; plain text without colour. */
export function callPaint(color: boolean): CallPaint {
  const c = makeChalk(color);
  return {
    header: (text) => c.bold(text),
    stage: (text) => c.bold.cyan(text),
    objection: (text) => c.bold.yellow(text),
    arrow: (text) => c.bold(text),
    warning: (text) => c.yellow(text),
    error: (text) => c.red(text),
  };
}
