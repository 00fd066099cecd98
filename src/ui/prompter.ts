/**
 * Every interactive question goes through a Prompter, so tests can script the
 * answers and the real one (inquirer) is loaded only by commands that ask.
 * Ctrl-C at any prompt becomes a CancelledError: one cancel path, exit 130.
 */
import { CancelledError } from '../core/errors.js';

export interface Choice<T extends string = string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T extends string>(message: string, choices: readonly Choice<T>[], options?: { default?: T }): Promise<T>;
  checkbox<T extends string>(message: string, choices: readonly Choice<T>[], options?: { checked?: readonly T[] }): Promise<T[]>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}

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

/** The inquirer-backed prompter (loaded lazily: inquirer adds ~60 ms of start-up). */
export async function inquirerPrompter(): Promise<Prompter> {
  const { default: inquirer } = await import('inquirer');
  const ask = async <T>(question: Record<string, unknown>): Promise<T> => {
    try {
      const answers = (await inquirer.prompt([{ ...question, name: 'v' }] as never)) as { v: T };
      return answers.v;
    } catch (e) {
      if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') throw new CancelledError();
      throw e;
    }
  };
  return {
    input: (message, o = {}) => ask({ type: 'input', message, default: o.default, validate: o.validate }),
    // Numbered entries (a number key moves to its entry, Enter takes it) and a page as long as the
    // menu, so the last entry (a call's 战败) is always on screen during a live call.
    select: (message, choices, o = {}) =>
      ask({ type: 'select', message, choices, default: o.default, pageSize: Math.max(12, choices.length), theme: { indexMode: 'number' } }),
    checkbox: (message, choices, o = {}) =>
      ask({ type: 'checkbox', message, choices: choices.map((c) => ({ ...c, checked: o.checked?.includes(c.value) ?? false })) }),
    confirm: (message, o = {}) => ask({ type: 'confirm', message, default: o.default ?? false }),
  };
}
