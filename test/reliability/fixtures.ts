/** Databases and files the reliability suite starts from. */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { tempDir } from '../helpers/context.js';
import { seed, type SeedVehicle } from '../trust/seed.js';

/** A closed database file with `n` vehicles, each with one open case. */
export async function seededDb(n: number, dir = tempDir('renew-rel-')): Promise<string> {
  const path = join(dir, 'base.db');
  const store = await openStore(path, { create: true });
  const fleet: SeedVehicle[] = Array.from({ length: n }, (_, i) => ({ plate: `粤B${String(10000 + i)}`, due: '2026-12-20' }));
  await seed(store.db, fleet);
  await store.close();
  return path;
}

/** A copy of a closed database (and its WAL, if one was left behind) at `to`. */
export function copyDb(from: string, to: string): string {
  copyFileSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  return to;
}
