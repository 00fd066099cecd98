/**
 * Reliability figure 11: hostile database files and values (issue 13, items 1-5, 11, 12,
 * 15). Each attack in several variants; a failure is a crash, an "unexpected error", a
 * refusal that changed a byte, or a restore that did not bring the backup back exactly.
 * Run: npm run build && npx vitest run test/reliability/hostile-files.test.ts
 */
import { sqliteMaintenance } from '../../src/storage/sqlite/maintenance.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/features/trust/doctor.js';
import { restoreDatabase } from '../../src/features/trust/restore.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { fleetOf, pageSizeOf, renewDb, setPageSize, someIndex, tamper, tamperings, zeroPages } from '../trust/attack-helpers.js';
import { dumpTables } from '../trust/seed.js';
import { figure, rng } from './harness.js';

const probe = { statfsType: () => 0xef53, mounts: () => undefined };
const tables = (path: string) => {
  const db = new Sqlite(path, { readonly: true });
  try {
    return JSON.stringify(dumpTables(db));
  } finally {
    db.close();
  }
};

describe('reliability: hostile files and values', () => {
  it('11. tampered backups, zeroed pages, page sizes, bad values and --db paths: 0 failures, nothing lost', async () => {
    const random = rng(11);
    const tally = { trials: 0, failures: [] as string[], lost: [] as string[] };
    let current = '';
    const trial = async (name: string, attack: () => Promise<boolean | void>) => {
      tally.trials++;
      current = name;
      try {
        if ((await attack()) === false) tally.failures.push(name);
      } catch (e) {
        tally.failures.push(`${name}: ${(e as Error).message}`);
      }
    };

    // 2 and 5: every kind of hand edit, refused by restore (database byte for byte unchanged) and named by the doctor.
    const dir = tempDir('renew-rel11-');
    const live = await renewDb(join(dir, 'live.db'), fleetOf(20));
    for (const [kind, sql] of Object.entries(tamperings(someIndex(live)))) {
      await trial(`tampered backup (${kind})`, async () => {
        const backup = await renewDb(join(tempDir('renew-rel11-'), 'b.db'), fleetOf(5, '粤C'));
        tamper(backup, sql);
        const before = readFileSync(live);
        const refused = await restoreDatabase(sqliteMaintenance(live), backup, new Date(2026, 11, 5)).then(() => false, (e) => e.key === 'trust.restore.schemaMismatch');
        if (!readFileSync(live).equals(before)) tally.lost.push(current);
        const doctor = await runDoctor(sqliteMaintenance(backup), { probe });
        return refused && doctor.checks.some((c) => c.check === 'schema_objects' && c.status === 'problem');
      });
    }

    // 3: zeroed pages at seeded random places; the doctor gives a verdict, restore brings a good backup back
    // over the damaged file and keeps the damaged bytes exactly.
    const good = await renewDb(join(dir, 'good.db'), fleetOf(10, '粤D'));
    const goodTables = tables(good);
    let damageFound = 0;
    for (let i = 0; i < 12; i++) {
      await trial(`zeroed pages #${i}`, async () => {
        const db = await renewDb(join(tempDir('renew-rel11-'), 'renew.db'), fleetOf(300));
        const pages = Math.ceil(readFileSync(db).length / pageSizeOf(db));
        const first = 2 + Math.floor(random() * (pages - 1));
        zeroPages(db, first, Math.min(1 + Math.floor(random() * 3), pages - first + 1));
        const damaged = readFileSync(db);
        const report = await runDoctor(sqliteMaintenance(db), { probe }); // must not throw
        if (report.verdict === 'problems') damageFound++;
        const result = await restoreDatabase(sqliteMaintenance(db), good, new Date(2026, 11, 5));
        if (!readFileSync(result.keptAs as string).equals(damaged)) tally.lost.push(current);
        // Healthy again: no problem (a warning such as an unset certified list is the sample's, not damage).
        return tables(db) === goodTables && (await runDoctor(sqliteMaintenance(db), { probe })).verdict !== 'problems';
      });
    }

    // 4: every page size pair, into a live WAL database.
    for (const backupPages of [1024, 4096, 16384]) {
      for (const dbPages of [4096, 16384]) {
        await trial(`page sizes ${backupPages} -> ${dbPages}`, async () => {
          const d = tempDir('renew-rel11-');
          const db = await renewDb(join(d, 'renew.db'), fleetOf(30));
          if (dbPages !== 16384) setPageSize(db, dbPages);
          const backup = await renewDb(join(d, 'b.db'), fleetOf(40, '粤E'));
          setPageSize(backup, backupPages, false);
          const want = tables(backup);
          const before = tables(db);
          const result = await restoreDatabase(sqliteMaintenance(db), backup, new Date(2026, 11, 5));
          if (tables(result.keptAs as string) !== before) tally.lost.push(current);
          return tables(db) === want && pageSizeOf(db) === dbPages;
        });
      }
    }

    // 1, 11, 12, 15 through the binary: refused with exit 64 (1 for RENEW_TODAY) and nothing written.
    const cli = await renewDb(join(dir, 'cli.db'), [{ plate: '粤A20000', due: '2026-11-20', events: [{ outcome: 'renewed', at: '2026-10-31 10:00:00' }] }]);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const refusals: [string, string[], Record<string, string>, number][] = [
      ['purge in the future', ['purge', '--before', '2027-01-01', '--yes'], {}, 64],
      ['purge within a year', ['purge', '--before', '2026-06-01', '--yes'], {}, 64],
      ['weights 1e999', ['settings', 'priority_weights', '{"days_left":1e999,"attempts":-3,"loan":15,"premium_per_1000":1}'], {}, 64],
      ['call_lead_days 1e999', ['settings', 'call_lead_days', '1e999'], {}, 64],
      ['premium 1e400', ['target', 'set', '--month', '2026-12', '--premium', '1e400'], {}, 64],
      ['premium 400 digits', ['target', 'set', '--month', '2026-12', '--premium', '9'.repeat(400)], {}, 64],
      ['rate 1.5', ['target', 'set', '--month', '2026-12', '--rate', '1.5'], {}, 64],
      ['RENEW_TODAY 99:99', ['target', 'set', '--month', '2026-12', '--vehicles', '5'], { RENEW_TODAY: '2026-12-05 99:99' }, 1],
      ['--before 2026-02-30', ['purge', '--before', '2026-02-30', '--yes'], {}, 64],
      ['--db a folder', ['--db', folder, 'restore', good, '--yes'], {}, 64],
      ['--db a device', ['--db', '/dev/null', 'restore', good, '--yes'], {}, 64],
    ];
    for (const [name, args, extra, code] of refusals) {
      await trial(name, async () => {
        const before = readFileSync(cli);
        const r = runCli(args, { env: { RENEW_DB: cli, RENEW_TODAY: '2026-12-05 10:00', ...extra } });
        if (!readFileSync(cli).equals(before)) tally.lost.push(current);
        return r.code === code && !/unexpected|Infinity|NaN|\n\s+at /.test(r.stderr);
      });
    }

    figure(
      `11. hostile files and values: ${tally.trials} trials (9 tampered backups, 12 zeroed-page databases of which the doctor found damage in ${damageFound}, ` +
        `6 page-size pairs, 11 refused values and paths), failures ${tally.failures.length}, files changed by a refusal or lost by a restore ${tally.lost.length}`,
    );
    expect(tally.failures).toEqual([]);
    expect(tally.lost).toEqual([]);
  }, 180_000);
});
