/**
 * The real prompter (inquirer) and the one for runs without a terminal; the
 * interface features ask through is src/features/prompter.ts. Ctrl-C at any prompt
 * becomes a CancelledError: one cancel path, exit 130.
 */
import { CancelledError } from '../errors.js';
import { visibleControls } from '../rules/safe-text.js';
import type { Choice, Prompter } from '../features/prompter.js';
import { type TypeAhead, typeAhead } from './type-ahead.js';

export type { Choice, Prompter };

/** A prompter for non-interactive runs: any question is a bug in the caller. */
export const noPrompter: Prompter = {
  input: refuse,
  select: refuse,
  checkbox: refuse,
  confirm: refuse,
};

async function refuse(): Promise<never> {
  throw new Error('internal: a prompt was asked without a terminal');
}

/** One queue of typed-ahead keys per process (see type-ahead.ts). */
let keys: TypeAhead | undefined;

/** The inquirer-backed prompter (loaded lazily: inquirer adds ~60 ms of start-up). */
export async function inquirerPrompter(): Promise<Prompter> {
  const { default: inquirer } = await import('inquirer');
  // On a terminal, keys typed while no prompt is open are kept for the next one (a live call moves fast).
  if (process.stdin.isTTY) keys ??= typeAhead(process.stdin, () => process.kill(process.pid, 'SIGINT'));
  const ask = async <T>(question: Record<string, unknown>): Promise<T> => {
    const opened = keys?.open();
    try {
      const prompt = opened ? inquirer.createPromptModule({ input: opened.input, output: process.stdout }) : inquirer.prompt;
      const answers = (await prompt([{ ...question, name: 'v' }] as never)) as { v: T };
      return answers.v;
    } catch (e) {
      if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') throw new CancelledError();
      throw e;
    } finally {
      opened?.done();
    }
  };
  // inquirer writes to the terminal itself, not through Io.out: data in questions and choices is made safe here.
  const safe = (text: string) => visibleControls(text, true);
  const safeChoices = <T extends string>(choices: readonly Choice<T>[]) =>
    choices.map((c) => ({ ...c, name: safe(c.name), ...(c.description === undefined ? {} : { description: safe(c.description) }) }));
  return {
    input: (message, o = {}) => ask({ type: 'input', message: safe(message), default: o.default, validate: o.validate }),
    // Numbered entries (a number key moves to its entry, Enter takes it) and a page as long as the
    // menu, so the last entry (a call's 战败) is always on screen during a live call.
    select: (message, choices, o = {}) =>
      ask({ type: 'select', message: safe(message), choices: safeChoices(choices), default: o.default, pageSize: Math.max(12, choices.length), theme: { indexMode: 'number' } }),
    checkbox: (message, choices, o = {}) =>
      ask({ type: 'checkbox', message: safe(message), choices: safeChoices(choices).map((c) => ({ ...c, checked: o.checked?.includes(c.value) ?? false })) }),
    confirm: (message, o = {}) => ask({ type: 'confirm', message: safe(message), default: o.default ?? false }),
  };
}
