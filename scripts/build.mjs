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
// pg, pg-cursor and pg-copy-streams are bundled too: loaded from node_modules they cost every
// PostgreSQL command ~85 ms of start-up (module lookups and compiling; pg-copy-streams loads
// with the engine, for the import; and pg's probe for Cloudflare Workers, which on Node 20 loads
// undici); bundled and cached, ~15 ms (docs/team.md, "The fixed cost, taken apart").
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

/**
 * pg asks at load whether it runs in a Cloudflare Worker; on Node 20 (no `navigator`) the
 * question is `new Response(...)`, which loads Node's whole fetch implementation (~50 ms of
 * every PostgreSQL command's start). renew runs in Node only: the bundled pg takes Node's
 * sockets without asking. A pg release that words the probe differently fails the build here.
 */
const pgWithoutCloudflareProbe = {
  name: 'pg-without-cloudflare-probe',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const probe = 'if (isCloudflareRuntime()) {';
      if (!source.includes(probe)) throw new Error(`${args.path}: pg's Cloudflare probe changed; update scripts/build.mjs`);
      return { contents: source.replace(probe, 'if (false) {'), loader: 'js' };
    });
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/renew.cjs',
  format: 'cjs',
  sourcemap: 'linked',
  // Native addon: must be loaded from node_modules at run time. pg-native and pg-cloudflare are
  // pg's optional drivers (libpq, Cloudflare Workers): never used here, not installed.
  external: ['better-sqlite3', 'date-holidays', 'iconv-lite', 'pg-native', 'pg-cloudflare'],
  plugins: [pgWithoutCloudflareProbe],
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
