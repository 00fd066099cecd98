/** Shared bits for the import tests: fixture paths, temp CSV files, one-call imports. */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ImportOptions, importFile } from '../../src/features/import/import-file.js';
import { tempDir, type TestContext } from '../helpers/context.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));

/** A copy of a fixture in a fresh temp folder (so the rejects file lands there, not in fixtures/). */
export function fixture(name: string): string {
  const path = join(tempDir('renew-import-'), name);
  copyFileSync(join(FIXTURES, name), path);
  return path;
}

/** Writes `text` (or bytes) to a temp file. */
export function csvFile(content: string | Buffer, name = 'in.csv'): string {
  const path = join(tempDir('renew-import-'), name);
  writeFileSync(path, content);
  return path;
}

export async function run(ctx: TestContext, path: string, options: ImportOptions = {}) {
  return importFile(ctx, path, options);
}

/** The counts only (what --json prints). */
export function counts(s: { rows: number; imported: number; updated: number; unchanged: number; rejected: number }) {
  return { rows: s.rows, imported: s.imported, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected };
}
