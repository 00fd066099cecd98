// Builds dist/ with esbuild:
// - dist/renew.cjs: the whole CLI as one CommonJS script. Modules that commands
//   import lazily stay lazy (esbuild wraps them in init functions), and one script
//   is what V8's code cache can take whole (see src/launch.ts).
// - dist/parse-worker.js: the import parser's worker-thread entry
//   (src/features/import/parse-rows.ts), a module of its own as a worker needs; only
//   large imports start it, so it is a plain ES module.
// - dist/launch.cjs: the start-up code bin/renew.js requires; it runs renew.cjs
//   through the code cache. CommonJS too: starting Node's ES module loader costs
//   about 25 ms that a short command feels.
// A bundle starts much faster than each library's module graph (measured: 245 ms
// -> ~107 ms for the eight libraries); the code cache then saves most of the
// bundle's own compile time.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/renew.cjs',
  format: 'cjs',
  sourcemap: 'linked',
  // Native addon: must be loaded from node_modules at run time.
  external: ['better-sqlite3', 'date-holidays', 'iconv-lite', 'pg', 'pg-copy-streams', 'pg-cursor'],
  // The source finds data/ relative to itself with import.meta.url, which CommonJS lacks.
  define: { 'import.meta.url': '__renewBundleUrl' },
  banner: { js: "const __renewBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// A script compiled with vm.Script has no loader for import(): every import in the bundle must have
// become a require (lazy ones included), so fail the build rather than a command at run time.
if (/\bimport\(/.test(readFileSync(new URL('../dist/renew.cjs', import.meta.url), 'utf8'))) {
  throw new Error('dist/renew.cjs still contains import(): import that module statically (esbuild keeps it lazy) or bundle it');
}
await build({
  ...common,
  entryPoints: ['src/features/import/parse-worker.ts'],
  outfile: 'dist/parse-worker.js',
  format: 'esm',
  external: ['iconv-lite'],
  // CommonJS dependencies call require(); give the module a real one.
  banner: { js: "import { createRequire as __renewCreateRequire } from 'node:module'; const require = __renewCreateRequire(import.meta.url);" },
});
await build({
  ...common,
  entryPoints: ['src/launch.ts'],
  outfile: 'dist/launch.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__renewLaunchUrl' },
  banner: { js: "const __renewLaunchUrl = require('node:url').pathToFileURL(__filename).href;" },
});
