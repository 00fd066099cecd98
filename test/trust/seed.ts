/**
 * Small hand-made data for the trust tests (the importer is tested elsewhere):
 * vehicles with personal data, one case each, policies, and register events
 * written through the real `recordEvent` so the projection is what production makes.
 */
import type { Kysely } from 'kysely';
import { recordEvent } from '../../src/storage/queries/register.js';
import type { Database, Outcome } from '../../src/storage/schema.js';
import { writeTransaction } from '../../src/storage/sqlite/transaction.js';
import { caseCopies } from '../helpers/case-copies.js';

export interface SeedVehicle {
  plate: string;
  due: string;
  /** Outcomes recorded on the case, in order, with their time. */
  events?: { outcome: Outcome; at: string; note?: string; reason?: string }[];
}

export const NOW = '2026-11-24 10:00:00';

/** A phone and ID per vehicle index that are easy to search for in output. */
export const phoneOf = (i: number) => `1380013${String(1000 + i).slice(-4)}`;
export const idOf = (i: number) => `44010619900101${String(1000 + i).slice(-3)}X`.slice(0, 18);

export async function seed(db: Kysely<Database>, vehicles: readonly SeedVehicle[]): Promise<void> {
  await writeTransaction(db, async (tx) => {
    for (const [i, v] of vehicles.entries()) {
      const vehicle = await tx
        .insertInto('vehicles')
        .values({
          plate: v.plate, vin: `LSVAB4BR0EN${String(100000 + i)}`, engine_no: `E${1000 + i}`, model: '大众朗逸', first_registration: '2020-03-01',
          owner: `车主${i}`, insured: `被保险人${i}`, phone: phoneOf(i), id_no: idOf(i), address: `广州市天河区${i}号`,
          specialist: '小王', created_at: NOW, updated_at: NOW,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const kase = await tx
        .insertInto('renewal_cases')
        .values({ ...(await caseCopies(tx, vehicle.id)), vehicle_id: vehicle.id, due_date: v.due, commercial_end: v.due, last_premium_cents: 350_000, last_insurer: '平安产险', created_at: NOW, updated_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('policies')
        .values({ vehicle_id: vehicle.id, case_id: kase.id, kind: 'commercial', insurer: '平安产险', natural_key: `K|${v.plate}|commercial|${v.due}`, premium_cents: 350_000, end_date: v.due, created_at: NOW, updated_at: NOW })
        .execute();
      for (const e of v.events ?? []) {
        await recordEvent(tx, { caseId: kase.id, vehicleId: vehicle.id, at: e.at, outcome: e.outcome, channel: 'phone', specialist: '小王', note: e.note ?? null, reason: e.reason ?? null, insurer: e.outcome === 'renewed' ? '平安产险' : null, premiumCents: e.outcome === 'renewed' ? 360_000 : null }, NOW);
      }
    }
  });
}

/** Every table's rows in a stable order: two databases hold the same data when these are equal. */
export function dumpTables(sqlite: import('better-sqlite3').Database): Record<string, unknown[]> {
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
  return Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`select * from "${t}" order by rowid`).all()]));
}

/** The schema as SQLite stores it, plus user_version: equal before and after a failed migration. */
export function schemaSnapshot(sqlite: import('better-sqlite3').Database): { version: number; objects: unknown[] } {
  return {
    version: sqlite.pragma('user_version', { simple: true }) as number,
    objects: sqlite.prepare('select type, name, tbl_name, sql from sqlite_master order by type, name').all(),
  };
}
