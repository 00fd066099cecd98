/**
 * A scripted prompter for call tests that also counts keystrokes the way the real
 * (inquirer) prompts would need them:
 * - select: arrow presses from the default (or first) choice to the answer, taking the
 *   shorter way round because the list wraps, plus Enter;
 * - input: one key per character typed, plus Enter ('' accepts the default: Enter only);
 * - confirm: Enter when the answer is the default, else y/n plus Enter.
 * An answer of '' at a select or confirm means "accept the default". An input answer the
 * prompt's validation rejects is counted, shown in `rejected`, and the next answer is used
 * (as when a person retypes).
 */
import { CancelledError } from '../../src/errors.js';
import type { Choice, Prompter } from '../../src/ui/prompter.js';
import { CTRL_C, type ScriptedAnswer } from '../helpers/context.js';

export interface KeyCountingPrompter extends Prompter {
  keys: number;
  asked: { kind: string; message: string; choices?: readonly Choice[]; default?: unknown }[];
  rejected: { value: string; problem: string }[];
  remaining: ScriptedAnswer[];
}

export function keyCountingPrompter(answers: ScriptedAnswer[]): KeyCountingPrompter {
  const p: KeyCountingPrompter = {
    keys: 0,
    asked: [],
    rejected: [],
    remaining: [...answers],
    async select(message, choices, o = {}) {
      p.asked.push({ kind: 'select', message, choices, default: o.default });
      const answer = next(message);
      const value = answer === '' ? (o.default ?? choices[0]?.value) : answer;
      const i = choices.findIndex((c) => c.value === value);
      if (i < 0) throw new Error(`"${String(value)}" is not a choice for: ${message}`);
      const d = Math.max(0, choices.findIndex((c) => c.value === (o.default ?? choices[0]?.value)));
      const distance = Math.abs(i - d);
      p.keys += Math.min(distance, choices.length - distance) + 1;
      return value as never;
    },
    async input(message, o = {}) {
      p.asked.push({ kind: 'input', message, default: o.default });
      for (;;) {
        const typed = next(message);
        if (typeof typed !== 'string') throw new Error(`input answer must be text for: ${message}`);
        p.keys += [...typed].length + 1;
        const value = typed === '' && o.default !== undefined ? o.default : typed;
        const ok = o.validate?.(value) ?? true;
        if (ok === true) return value;
        p.rejected.push({ value, problem: ok });
      }
    },
    async checkbox() {
      throw new Error('the call script asks no checkbox questions');
    },
    async confirm(message, o = {}) {
      p.asked.push({ kind: 'confirm', message, default: o.default });
      const answer = next(message);
      const value = answer === '' ? (o.default ?? false) : answer === true;
      p.keys += value === (o.default ?? false) ? 1 : 2;
      return value;
    },
  };
  const next = (message: string) => {
    if (p.remaining.length === 0) throw new Error(`no scripted answer for: ${message}`);
    const answer = p.remaining.shift() as ScriptedAnswer;
    if (answer === CTRL_C) throw new CancelledError();
    return answer;
  };
  return p;
}
