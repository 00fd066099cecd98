// All benchmarks, on one demo database: `npm run bench` (after a build it does itself).
//   node bench/run.mjs [--vehicles 500000] [--rows 1000000] [--pg postgres://.../renew_bench]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoDb, option, ROOT } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'renew-bench-'));
const db = join(dir, 'demo.db');
buildDemoDb(db, Number(option('vehicles', '500000')));
const run = (script, args) => {
  console.log(`\n## ${script} ${args.join(' ')}`);
  spawnSync(process.execPath, [join(ROOT, 'bench', script), ...args], { stdio: 'inherit' });
};
run('today.mjs', ['--db', db]);
run('report.mjs', ['--db', db]);
// PostgreSQL against SQLite needs a server database to fill: --pg URL or RENEW_BENCH_PG.
const pg = option('pg', process.env.RENEW_BENCH_PG);
if (pg) run('today-group.mjs', ['--db', db, '--pg', pg]);
rmSync(dir, { recursive: true, force: true });
run('import.mjs', ['--rows', option('rows', '1000000')]);
