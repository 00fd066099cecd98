/**
 * Start-up: runs the bundled CLI (dist/renew.cjs) through V8's code cache.
 *
 * Node 20 has no compile cache for modules (Node 22's module.enableCompileCache),
 * and parsing and compiling the bundle was about a third of a short command's
 * time (`renew today` on a small store: 182 ms as ES module chunks, 133 ms from
 * the cache; see docs/architecture.md). So the bundle is one CommonJS script,
 * compiled here with `vm.Script` and the bytecode V8 saved from an earlier run.
 *
 * One cache file per command (each compiles different functions), next to the
 * bundle in dist/v8-cache/, named after the bundle's size and mtime so a rebuilt
 * bundle never meets an old cache. It is written when the process exits, by the
 * first run that had none or whose cache V8 rejected (a Node upgrade, other
 * flags), through a temporary file and a rename, so concurrent first runs never
 * read half a file. Where dist/ is read-only nothing is cached and the bundle
 * simply runs as compiled.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { isServerUrl } from './storage/location.js';

const bundle = fileURLToPath(new URL('./renew.cjs', import.meta.url));

/**
 * The cache a command line uses: its first word that looks like a command name, and `.pg`
 * on a PostgreSQL server. The engines run different code (and only the bundled pg on a
 * server): sharing one cache left whichever engine did not write it compiling its own
 * functions on every run.
 */
function cacheKey(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const word = argv.find((a) => /^[a-z]{3,16}$/.test(a)) ?? 'main';
  return isServerUrl(databaseOf(argv) ?? env.RENEW_DB ?? '') ? `${word}.pg` : word;
}

/** The --db value of a command line (`--db X` or `--db=X`), if any. */
function databaseOf(argv: readonly string[]): string | undefined {
  const at = argv.lastIndexOf('--db');
  if (at >= 0) return argv[at + 1];
  return argv.findLast((a) => a.startsWith('--db='))?.slice('--db='.length);
}

function run(): void {
  const source = readFileSync(bundle, 'utf8');
  const { size, mtimeMs } = statSync(bundle);
  const cacheFile = join(dirname(bundle), 'v8-cache', `${cacheKey(process.argv.slice(2), process.env)}-${size}-${Math.trunc(mtimeMs)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  // The same wrapper Node gives a CommonJS module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => saveCache(script, cacheFile));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

function saveCache(script: Script, file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file);
  } catch {
    // A read-only install: run uncached.
  }
}

run();
