/**
 * Every interactive question goes through a Prompter, so tests can script the
 * answers and the real one (inquirer, src/ui/prompter.ts) is loaded only by the
 * commands that ask.
 */
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
