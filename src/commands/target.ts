/** `renew target`: not built yet (see the open issues). */
import type { Command } from 'commander';
import type { App } from './app.js';

export function define(_program: Command, _app: App): void {}
