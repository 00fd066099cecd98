/**
 * Keys typed before a prompt is drawn are kept for it. inquirer reads the terminal
 * only while a prompt is open, and a burst of keys that arrives in one read is
 * decoded at once: the keys after the Enter that answered the first prompt went to
 * that finished prompt and were lost, and keys typed while no prompt was open were
 * echoed raw by the terminal. Here the terminal stays in raw mode and is read all
 * the time into a queue; each prompt gets its own input stream, fed from the queue
 * one answer (up to and including an Enter) at a time, so what is left waits for the
 * next prompt. Ctrl-C with no prompt open interrupts as it would in a cooked
 * terminal. The stream is unreferenced between prompts so the process can exit.
 */
import { PassThrough } from 'node:stream';
import type { ReadStream } from 'node:tty';

/** The input a prompt reads: looks like a terminal to readline, raw mode is the queue's. */
export type PromptInput = PassThrough & { isTTY: true; setRawMode: (mode: boolean) => PromptInput };

const CTRL_C = '\x03';

export interface TypeAhead {
  /** A fresh input for one prompt; call `done` when the prompt has settled. */
  open(): { input: PromptInput; done: () => void };
}

/** Starts reading `stdin` (a terminal) into the queue. */
export function typeAhead(stdin: ReadStream, interrupt: () => void): TypeAhead {
  let queue = '';
  let current: PromptInput | null = null;
  let feeding = false;
  stdin.setEncoding('utf8');
  stdin.setRawMode(true);
  stdin.on('data', (chunk: string) => {
    queue += chunk;
    if (current === null && queue.includes(CTRL_C)) {
      queue = '';
      interrupt();
      return;
    }
    void feed();
  });
  stdin.on('end', () => current?.end());
  stdin.resume();
  stdin.unref();

  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  /**
   * Hands the queue to the open prompt, one answer at a time: the keys before an
   * Enter, then the Enter, each followed by a turn of the event loop so the prompt
   * can take them (and settle) before more arrives.
   */
  async function feed(): Promise<void> {
    if (feeding) return;
    feeding = true;
    try {
      while (current !== null && queue !== '') {
        const enter = queue.search(/[\r\n]/);
        const keys = enter < 0 ? queue : queue.slice(0, enter);
        if (keys !== '') {
          queue = queue.slice(keys.length);
          current.write(keys);
          await tick();
        }
        const prompt = current as PromptInput | null;
        if (enter < 0 || prompt === null) break;
        queue = queue.slice(1);
        prompt.write('\r');
        // Two turns: the prompt settles, then its caller opens the next one or not.
        await tick();
        await tick();
      }
    } finally {
      feeding = false;
    }
  }

  return {
    open() {
      const input = Object.assign(new PassThrough({ encoding: 'utf8' }), {
        isTTY: true as const,
        setRawMode(this: PromptInput) {
          return this;
        },
      }) as PromptInput;
      current = input;
      stdin.ref();
      void feed();
      return {
        input,
        done() {
          if (current === input) current = null;
          input.end();
          stdin.unref();
        },
      };
    },
  };
}
