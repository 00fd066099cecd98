/**
 * The layering of docs/architecture.md, read from the imports of every source file:
 * commands -> features -> rules and the storage interfaces; rules import nothing of
 * storage, the UI or the outside world; storage never imports features, ui or
 * commands; features never import the UI or a storage engine; only the command
 * layer (and src/storage/open.ts) picks an engine.
 *
 * KNOWN lists each arrow that still runs the wrong way, with the reason; the test
 * also fails when one of them has gone, so the list only shrinks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every module a file imports, statically or lazily: a path under src/ or a package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
  return found.map((spec) => (spec.startsWith('.') ? relative(ROOT, normalize(join(dirname(file), spec))).replace(/\.js$/, '.ts') : spec));
}

type Layer = 'commands' | 'features' | 'rules' | 'storage-ports' | 'storage-queries' | 'storage-engine' | 'storage-open' | 'ui' | 'i18n' | 'errors' | 'entry';

function layerOf(path: string): Layer {
  if (path === 'src/errors.ts') return 'errors';
  // Where an engine is picked: open.ts, and location.ts (which engine a location names) that the start-up code reads too.
  if (path === 'src/storage/open.ts' || path === 'src/storage/location.ts') return 'storage-open';
  if (path === 'src/storage/ports.ts' || path === 'src/storage/schema.ts') return 'storage-ports';
  if (path.startsWith('src/storage/queries/')) return 'storage-queries';
  if (path.startsWith('src/storage/sqlite/') || path.startsWith('src/storage/postgres/')) return 'storage-engine';
  for (const l of ['commands', 'features', 'rules', 'ui', 'i18n'] as const) if (path.startsWith(`src/${l}/`)) return l;
  return 'entry';
}

/** Packages that talk to a terminal, a database or a file: never imported by the rules. */
const DRIVERS = ['better-sqlite3', 'pg', 'kysely'];
const TERMINAL = ['chalk', 'cli-table3', 'inquirer', '@inquirer/prompts', 'string-width'];

const ALLOWED: Record<Layer, readonly Layer[]> = {
  errors: ['i18n'],
  // The translator masks personal numbers and control characters in every value it fills in.
  i18n: ['i18n', 'rules'],
  rules: ['rules', 'errors'],
  'storage-ports': ['storage-ports', 'rules', 'errors'],
  'storage-queries': ['storage-queries', 'storage-ports', 'rules', 'errors'],
  'storage-engine': ['storage-engine', 'storage-queries', 'storage-ports', 'rules', 'errors', 'i18n'],
  'storage-open': ['storage-open', 'storage-engine', 'storage-ports'],
  features: ['features', 'storage-ports', 'storage-queries', 'rules', 'errors', 'i18n'],
  ui: ['ui', 'rules', 'errors', 'i18n', 'features', 'storage-ports'],
  commands: ['commands', 'features', 'storage-open', 'storage-ports', 'storage-queries', 'rules', 'ui', 'errors', 'i18n', 'entry'],
  entry: ['commands', 'features', 'storage-open', 'storage-ports', 'rules', 'ui', 'errors', 'i18n', 'entry'],
};

/** Arrows that still run the wrong way ("from -> to"), each with why it is still there. */
const KNOWN: Record<string, string> = {
};

function violations(): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(ROOT, file);
    const layer = layerOf(from);
    for (const target of importsOf(file)) {
      if (!target.startsWith('src/')) {
        const pkg = target.split('/')[0] as string;
        if (layer === 'rules' && (DRIVERS.includes(pkg) || TERMINAL.includes(pkg) || pkg.startsWith('node:'))) out.push(`${from} -> ${target}`);
        if ((layer === 'features' || layer === 'storage-queries') && (pkg === 'better-sqlite3' || pkg === 'pg')) out.push(`${from} -> ${target}`);
        if ((layer === 'features' || layer === 'storage-queries' || layer === 'storage-engine') && TERMINAL.includes(pkg)) out.push(`${from} -> ${target}`);
        continue;
      }
      if (!ALLOWED[layer].includes(layerOf(target))) out.push(`${from} -> ${target}`);
    }
  }
  return [...new Set(out)].sort();
}

describe('the layering of docs/architecture.md', () => {
  const found = violations();

  it('no import runs the wrong way, apart from the known ones', () => {
    expect(found.filter((v) => !(v in KNOWN))).toEqual([]);
  });

  it('every known exception is still needed (remove it from KNOWN when it goes)', () => {
    expect(Object.keys(KNOWN).filter((k) => !found.includes(k))).toEqual([]);
  });

  it('reads real imports: a rule importing the database would be caught', () => {
    expect(importsOf(join(SRC, 'storage/sqlite/store.ts'))).toContain('src/storage/sqlite/connection.ts');
    expect(layerOf('src/rules/clock.ts')).toBe('rules');
    expect(ALLOWED.rules).not.toContain('storage-engine');
  });
});
