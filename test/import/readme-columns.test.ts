/** README's column table is the user's list of accepted headers: it must be exactly what columns.ts accepts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALIASES, FIELDS } from '../../src/rules/columns.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const HEAD = '| field | headers accepted besides the field name |';

/** The table as it should read, one row per field in columns.ts order (paste it into README.md when this fails). */
function expectedTable(): string {
  return [HEAD, '| --- | --- |', ...FIELDS.map((f) => `| ${f} | ${ALIASES[f].join(', ')} |`)].join('\n');
}

describe('README column table', () => {
  it('lists every field and every header the importer accepts, and nothing else', () => {
    const at = README.indexOf(HEAD);
    expect(at).toBeGreaterThan(0);
    const lines = README.slice(at).split('\n');
    const table = lines.slice(0, lines.findIndex((l) => !l.startsWith('|'))).join('\n');
    expect(table).toBe(expectedTable());
  });
});
