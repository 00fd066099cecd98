/**
 * Reliability figures that need only the storage layer and the trust commands:
 * 2 (SIGKILL during outcome writes), 3 (two concurrent writers), 5 (each migration
 * step failing), 6 (two first runs at once), 7 (backup during writes + restore
 * round trip), 10 (files under umask 022). Run: npx vitest run test/reliability
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, type Migration, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { applyPragmas, openStore } from '../../src/storage/sqlite/connection.js';
import { migrateToLatest } from '../../src/storage/sqlite/migrate.js';
import { migrations, SCHEMA_VERSION } from '../../src/storage/sqlite/migrations/index.js';
import { tempDir } from '../helpers/context.js';
import { dumpTables, schemaSnapshot, seed } from '../trust/seed.js';
import { copyDb, seededDb } from './fixtures.js';
import { acks, figure, halfWritten, integrity, rng, sleep, startCli, startCliWithUmask, startWriter } from './harness.js';

describe('reliability: storage', () => {
  it('2. SIGKILL during an outcome write (events + case + vehicle), 20 trials: 0 half-written outcomes', async () => {
    const base = await seededDb(40);
    const random = rng(2);
    let halfWrittenTotal = 0;
    let missingAcked = 0;
    let integrityOk = 0;
    let ackedTotal = 0;
    for (let trial = 0; trial < 20; trial++) {
      const db = copyDb(base, join(tempDir('renew-rel2-'), 'renew.db'));
      const writer = await startWriter(db, 1_000_000, `t${trial}`);
      await writer.waitFor('ready');
      await sleep(20 + Math.floor(random() * 200));
      writer.child.kill('SIGKILL');
      const end = await writer.done;
      expect(end.signal).toBe('SIGKILL');
      const acked = acks(end.stdout);
      ackedTotal += acked.length;
      const sqlite = new Sqlite(db);
      if (integrity(sqlite) === 'ok') integrityOk++;
      const bad = halfWritten(sqlite);
      halfWrittenTotal += bad.length;
      const present = new Set((sqlite.prepare('select id from events').all() as { id: number }[]).map((r) => r.id));
      missingAcked += acked.filter((id) => !present.has(id)).length;
      // At most one write was in flight: present = acknowledged, or one more.
      expect(present.size - acked.length).toBeGreaterThanOrEqual(0);
      expect(present.size - acked.length).toBeLessThanOrEqual(1);
      sqlite.close();
    }
    figure(`2. SIGKILL during outcome writes: 20 trials, ${ackedTotal} writes acknowledged before the kills, half-written outcomes ${halfWrittenTotal}, acknowledged writes missing ${missingAcked}, integrity ok ${integrityOk}/20`);
    expect({ halfWrittenTotal, missingAcked, integrityOk }).toEqual({ halfWrittenTotal: 0, missingAcked: 0, integrityOk: 20 });
    expect(ackedTotal).toBeGreaterThan(20);
  }, 90_000);

  it('3. two processes recording 2 x 1,000 outcomes at once: 0 errors, every acknowledged write present', async () => {
    const db = await seededDb(40);
    const started = Date.now();
    const writers = [await startWriter(db, 1000, 'a'), await startWriter(db, 1000, 'b')];
    const ends = await Promise.all(writers.map((w) => w.done));
    const ms = Date.now() - started;
    const errors = ends.reduce((s, e) => s + (e.stdout.match(/^error /gm)?.length ?? 0), 0);
    const acked = ends.flatMap((e) => acks(e.stdout));
    const sqlite = new Sqlite(db);
    const present = new Set((sqlite.prepare('select id from events').all() as { id: number }[]).map((r) => r.id));
    const missing = acked.filter((id) => !present.has(id)).length;
    const bad = halfWritten(sqlite);
    sqlite.close();
    figure(`3. two concurrent writers x 1,000 outcomes: errors ${errors}, acknowledged ${acked.length}, present ${present.size}, acknowledged but missing ${missing}, inconsistent projections ${bad.length}, ${ms} ms`);
    expect(ends.map((e) => e.code)).toEqual([0, 0]);
    expect({ errors, acked: acked.length, present: present.size, missing, bad: bad.length }).toEqual({ errors: 0, acked: 2000, present: 2000, missing: 0, bad: 0 });
  }, 90_000);

  it('5. each migration step failing in turn: schema unchanged after each failure, re-run succeeds', async () => {
    const names = Object.keys(migrations);
    let unchanged = 0;
    let rerunOk = 0;
    for (const [i, name] of names.entries()) {
      const sqlite = new Sqlite(join(tempDir(), 'renew.db'));
      applyPragmas(sqlite);
      const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
      await migrateToLatest(db, sqlite, Object.fromEntries(Object.entries(migrations).slice(0, i)));
      const before = schemaSnapshot(sqlite);
      const failing: Record<string, Migration> = { ...migrations, [name]: { up: async (k) => { await migrations[name]!.up(k); throw new Error('injected'); } } };
      await expect(migrateToLatest(db, sqlite, failing)).rejects.toMatchObject({ key: 'errors.migrationFailed', vars: { name } });
      if (JSON.stringify(schemaSnapshot(sqlite)) === JSON.stringify(before)) unchanged++;
      await migrateToLatest(db, sqlite);
      if (schemaSnapshot(sqlite).version === SCHEMA_VERSION) rerunOk++;
      await db.destroy();
    }
    figure(`5. migration steps failing in turn: ${names.length} steps, schema unchanged after failure ${unchanged}/${names.length}, re-run succeeded ${rerunOk}/${names.length}`);
    expect({ unchanged, rerunOk }).toEqual({ unchanged: names.length, rerunOk: names.length });
  });

  it('6. two first runs on an empty database at once, 20 trials: 0 errors', async () => {
    let errors = 0;
    let migrated = 0;
    const failures: string[] = [];
    for (let trial = 0; trial < 20; trial++) {
      const db = join(tempDir('renew-rel6-'), 'renew.db');
      const runs = await Promise.all([startCli(['settings', '--json'], { RENEW_DB: db }).done, startCli(['settings', '--json'], { RENEW_DB: db }).done]);
      for (const r of runs.filter((x) => x.code !== 0 || x.stderr !== '')) failures.push(`trial ${trial}: exit ${r.code} ${r.signal ?? ''} ${r.stderr.trim()}`);
      errors += runs.filter((r) => r.code !== 0 || r.stderr !== '').length;
      const sqlite = new Sqlite(db);
      if (sqlite.pragma('user_version', { simple: true }) === SCHEMA_VERSION && integrity(sqlite) === 'ok') migrated++;
      sqlite.close();
    }
    figure(`6. two first runs at once: 20 trials, 40 runs, errors ${errors}, databases at schema ${SCHEMA_VERSION} with integrity ok ${migrated}/20`);
    expect(failures).toEqual([]);
    expect({ errors, migrated }).toEqual({ errors: 0, migrated: 20 });
  }, 90_000);

  it('7. backup during writes: finishes, passes the integrity check, restore round-trips identical data', async () => {
    const dir = tempDir('renew-rel7-');
    const db = copyDb(await seededDb(40), join(dir, 'renew.db'));
    const writer = await startWriter(db, 600, 'w');
    await writer.waitFor('ack ');
    const backup = await startCli(['backup', join(dir, 'snap.db'), '--json'], { RENEW_DB: db }).done;
    const writesDuring = acks(writer.stdout).length;
    const end = await writer.done;
    expect(backup.code).toBe(0);
    expect(end.stdout).toContain('done 0');
    const snap = new Sqlite(join(dir, 'snap.db'), { readonly: true });
    const snapIntegrity = integrity(snap);
    const snapHalf = halfWritten(snap);
    const snapData = dumpTables(snap);
    const snapEvents = (snapData.events ?? []).length;
    snap.close();
    // Restore into the live database (which has moved on) and into a fresh path.
    const live = new Sqlite(db, { readonly: true });
    const liveData = dumpTables(live);
    live.close();
    const restored = await startCli(['restore', join(dir, 'snap.db'), '--yes', '--json'], { RENEW_DB: db }).done;
    expect(restored.code).toBe(0);
    const keptAs = JSON.parse(restored.stdout).kept_as as string;
    const afterRestore = new Sqlite(db, { readonly: true });
    const roundTrip = JSON.stringify(dumpTables(afterRestore)) === JSON.stringify(snapData);
    afterRestore.close();
    const kept = new Sqlite(keptAs, { readonly: true });
    const keptSame = JSON.stringify(dumpTables(kept)) === JSON.stringify(liveData);
    kept.close();
    const fresh = await startCli(['restore', join(dir, 'snap.db')], { RENEW_DB: join(dir, 'fresh.db') }).done;
    expect(fresh.code).toBe(0);
    const freshDb = new Sqlite(join(dir, 'fresh.db'), { readonly: true });
    const freshSame = JSON.stringify(dumpTables(freshDb)) === JSON.stringify(snapData);
    freshDb.close();
    figure(`7. backup during writes: backup exit ${backup.code} in ${backup.ms} ms while ${end.stdout.match(/^ack /gm)?.length ?? 0} outcomes were written (${writesDuring} before it started); snapshot integrity ${snapIntegrity}, ${snapEvents} events, inconsistent projections ${snapHalf.length}; restore round-trip identical: live ${roundTrip}, fresh ${freshSame}; replaced database kept intact: ${keptSame}`);
    expect({ snapIntegrity, snapHalf: snapHalf.length, roundTrip, freshSame, keptSame }).toEqual({ snapIntegrity: 'ok', snapHalf: 0, roundTrip: true, freshSame: true, keptSame: true });
    expect(snapEvents).toBeGreaterThan(0);
  }, 90_000);

  it('10. files created under umask 022: 0 with group or other permission bits', async () => {
    const dir = tempDir('renew-rel10-');
    const db = join(dir, 'store', 'renew.db');
    const env = { RENEW_DB: db };
    const steps: string[][] = [['settings', 'store_name', '天河店'], ['backup'], ['backup', join(dir, 'named.db')], ['doctor']];
    writeFileSync(join(dir, 'loose.db'), 'x', { mode: 0o644 });
    steps.push(['backup', join(dir, 'loose.db'), '--force'], ['restore', join(dir, 'named.db'), '--yes']);
    for (const args of steps) {
      const r = await startCliWithUmask('022', args, env).done;
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // WAL and shared-memory files exist only while a connection is open: look while a writer (the same
    // openStore) runs under umask 022.
    const store = await openStore(db);
    await seed(store.db, [{ plate: '粤C12345', due: '2026-12-20' }]);
    await store.close();
    const writer = await startWriter(db, 200, 'u', 5, '022');
    await writer.waitFor('ack ');
    const files = walk(dir);
    expect(files.filter((f) => /-(wal|shm)$/.test(f)).length).toBe(2);
    writer.child.kill('SIGKILL');
    await writer.done;
    const loose = files.filter((f) => (statSync(f).mode & 0o077) !== 0);
    figure(`10. files created under umask 022: ${files.length} files (${files.map((f) => f.slice(dir.length + 1)).join(', ')}), with group/other bits: ${loose.length}`);
    expect(loose).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(5);
  }, 60_000);
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
