/**
 * Store-editable content (call script, loss reasons, SMS templates) lives in
 * `data/`. A store customises it by copying the folder, editing the copy and
 * pointing RENEW_DATA_DIR at it: a file found there wins over the built-in one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RenewError } from '../errors.js';

/** The built-in data folder: the nearest `data/` above this module (works from src/ and dist/). */
export function builtInDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'data')) && existsSync(join(dir, 'package.json'))) return join(dir, 'data');
    dir = dirname(dir);
  }
  throw new Error('internal: the data/ folder is missing from this installation');
}

/** The folders searched for a data file, override first. */
export function dataDirs(override: string | undefined): string[] {
  return override ? [override, builtInDataDir()] : [builtInDataDir()];
}

/** Reads `name` (e.g. 'loss-reasons.json') from the first folder that has it. */
export function readDataFile(dirs: readonly string[], name: string): { path: string; text: string } {
  for (const dir of dirs) {
    const path = join(dir, name);
    if (existsSync(path)) return { path, text: readFileSync(path, 'utf8').replace(/^\uFEFF/, '') };
  }
  throw new RenewError('errors.dataFileMissing', { name, dirs: dirs.join(', ') });
}

/** Parses a JSON data file, naming the file on a syntax error. */
export function readDataJson(dirs: readonly string[], name: string): { path: string; value: unknown } {
  const { path, text } = readDataFile(dirs, name);
  try {
    return { path, value: JSON.parse(text) };
  } catch (e) {
    throw new RenewError('errors.dataFileInvalid', { path, problem: (e as Error).message });
  }
}
