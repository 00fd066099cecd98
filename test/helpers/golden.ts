/**
 * Golden files that a normal test run only reads: a missing golden fails instead of
 * being written (a deleted golden must not pass). Rewrite them deliberately with
 * RENEW_UPDATE_GOLDEN=1 npx vitest run <test>.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

export function expectGolden(path: string, actual: string): void {
  if (process.env.RENEW_UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run with RENEW_UPDATE_GOLDEN=1 to write it, then review it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
