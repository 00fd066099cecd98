/**
 * The import's way into a PostgreSQL store, all in the file's one transaction. The
 * rows are gathered into chunks of whole runs (a run: adjacent rows with the same
 * plate), and each chunk goes one of two ways:
 * - every run a vehicle new to the store (its plate and policy keys neither stored
 *   nor met earlier in the file: nearly every chunk of a first load): planned in
 *   memory as SQLite plans a new vehicle and sent with one COPY per table, in its
 *   final state (import/new-vehicles.ts). While the server takes one such chunk, the
 *   next is read and planned;
 * - otherwise merged in bulk (import/merge-chunk.ts): COPY into a temporary staging
 *   table, vehicles adopted and inserted set-based from it, what the rows touch read
 *   back in two queries, the merge worked out in memory with the same rules as
 *   SQLite's import (import/merge-model.ts) and written back one statement per
 *   table and kind of change.
 * After the last chunk the renewals not decided in memory are decided for every
 * policy the second way wrote (import/renewals.ts), so file order does not matter.
 *
 * Why chunks and not the whole file staged first: each chunk is merged in file order
 * against what the earlier ones wrote, exactly as SQLite merges run by run, memory
 * stays flat on a million rows, and the parser thread reads ahead while the server
 * works. A failure anywhere in the import rolls the transaction back.
 *
 * The rows' outcomes are known once their chunk is merged: `write` returns none and
 * `counted` gives the totals after `finish`.
 */
import type pg from 'pg';
import { sql } from 'kysely';
import { assertWriting, type ImportSink, type ImportSinkOptions, type RowOutcome, type Tx } from '../ports.js';
import type { RowIn } from '../../rules/validate.js';
import { UNPLATED_PREFIX, unplatedKey } from '../../rules/plate.js';
import { deferChecks } from './import/defer-checks.js';
import { createStage, mergeChunk } from './import/merge-chunk.js';
import { IdBlock, newVehicleCopies, planNewVehicles, reopenRenewals, writeNewVehicles } from './import/new-vehicles.js';
import { decideRenewals } from './import/renewals.js';

/** Rows per chunk: large enough that a statement's fixed cost vanishes, small enough to keep memory flat. */
const CHUNK_ROWS = 10_000;

export type ClientOf = (tx: Tx) => Promise<pg.ClientBase>;

export class PostgresImportSink implements ImportSink {
  private tx: Tx | undefined;
  private client: pg.ClientBase | undefined;
  private importId = 0;
  private pending: RowIn[][] = [];
  private pendingRows = 0;
  private runs = 0;
  private seq = 0;
  private readonly counts: Record<RowOutcome, number> = { imported: 0, updated: 0, unchanged: 0 };
  /** Makes the keys and indexes a bulk load dropped again (import/defer-checks.ts). */
  private restoreChecks: (() => Promise<void>) | undefined;
  /** Whether the store held no vehicle when the import began: then only what the file wrote can be met again. */
  private startedEmpty = false;
  /** Whether the store held a car typed in before its plate (an export's VIN may name it). */
  private anyUnplated = false;
  /** Hashes of every plate and policy key the file has written so far (a collision only sends a chunk the general way). */
  private readonly seenPlates = new Set<number>();
  private readonly seenKeys = new Set<number>();
  private readonly ids = new IdBlock();
  /** The COPYs of the last chunk of new vehicles, while the server takes them. */
  private inflight: Promise<void> | undefined;
  private newVehicleChunks = 0;
  /** Vehicle id -> its cases whose renewal was decided in memory (new-vehicles.ts). */
  private readonly renewedInMemory = new Map<number, number[]>();
  /** Vehicles a merged chunk touched: their renewals are decided after the last chunk. */
  private readonly recheck = new Set<number>();

  /** `chunkRows`: tests make chunks tiny, so that what crosses a chunk's edge is tested too. */
  constructor(private readonly options: ImportSinkOptions, private readonly clientOf: ClientOf, private readonly chunkRows = CHUNK_ROWS) {}

  begin(tx: Tx, importId: number): void {
    assertWriting(tx);
    this.tx = tx;
    this.importId = importId;
    // A transaction run again (the store retries one the server gave up) starts from nothing.
    this.client = undefined;
    this.restoreChecks = undefined;
    this.pending = [];
    this.pendingRows = this.runs = this.seq = this.newVehicleChunks = 0;
    this.inflight = undefined;
    for (const s of [this.seenPlates, this.seenKeys, this.recheck]) s.clear();
    this.renewedInMemory.clear();
    this.ids.reset();
    for (const k of ['imported', 'updated', 'unchanged'] as const) this.counts[k] = 0;
  }

  async write(rows: readonly RowIn[]): Promise<void> {
    this.started();
    this.pending.push([...rows]);
    this.pendingRows += rows.length;
    if (this.pendingRows >= this.chunkRows) await this.flush();
  }

  async finish(): Promise<number> {
    const tx = this.started();
    await this.flush();
    if (!this.client) return 0; // no rows: nothing staged, nothing to renew
    await this.settle();
    await this.ids.sync(tx);
    const { windowDays, now } = this.options;
    // Once chunks of new vehicles decided their own renewals, only the vehicles merged the general way are left.
    const only = this.newVehicleChunks > 0 ? [...this.recheck] : undefined;
    let renewed = await decideRenewals(tx, this.client, this.importId, windowDays, now, only);
    for (const cases of this.renewedInMemory.values()) renewed += cases.length;
    await this.restoreChecks?.();
    this.restoreChecks = undefined;
    return renewed;
  }

  counted(): Record<RowOutcome, number> {
    return { ...this.counts };
  }

  close(): void {
    this.tx = undefined;
    this.client = undefined;
    this.pending = [];
    this.restoreChecks = undefined;
    this.inflight = undefined;
  }

  private started(): Tx {
    if (!this.tx) throw new Error('internal: an import sink was written before begin()');
    return this.tx;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const tx = this.started();
    if (!this.client) await this.open(tx);
    const client = this.client as pg.ClientBase;
    const runs = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    const { now, windowDays } = this.options;
    const store = this.options.store ?? null;
    const planned = (await this.allNew(tx, runs)) ? planNewVehicles(runs, { importId: this.importId, now, windowDays, store }) : undefined;
    if (planned) {
      if (!this.ids.loaded) {
        await this.settle();
        await this.ids.load(tx);
      }
      const chunk = newVehicleCopies(planned, this.ids, { importId: this.importId, now, windowDays, store });
      // The last chunk's COPYs are done before this one's start: an error surfaces here, in file order.
      await this.settle();
      this.inflight = writeNewVehicles(client, chunk);
      this.inflight.catch(() => undefined); // awaited by the next settle(); never an unhandled rejection meanwhile
      for (const [vehicle, cases] of chunk.renewed) this.renewedInMemory.set(vehicle, cases);
      this.counts.imported += chunk.rows;
      this.newVehicleChunks++;
    } else {
      await this.settle();
      await this.ids.sync(tx);
      const ctx = { tx, client, importId: this.importId, now, store, touching: (ids: number[]) => this.touching(tx, ids) };
      const model = await mergeChunk(ctx, runs, this.runs, this.seq);
      for (const k of ['imported', 'updated', 'unchanged'] as const) this.counts[k] += model.counts[k];
    }
    this.runs += runs.length;
    for (const run of runs) {
      this.seenPlates.add(keyHash((run[0] as RowIn).vehicle.plate));
      for (const row of run) {
        this.seq += row.policies.length;
        for (const p of row.policies) this.seenKeys.add(keyHash(p.natural_key));
      }
    }
  }

  /** The first chunk: the tables locked, the staging table made, a bulk load's checks deferred, what the store held noted. */
  private async open(tx: Tx): Promise<void> {
    this.client = await this.clientOf(tx);
    // Other writers wait for the import, as SQLite's one writer does: what a chunk read stays true until it is written back.
    await sql`lock table vehicles, renewal_cases, policies in share row exclusive mode`.execute(tx);
    await createStage(tx);
    if (this.options.fileBytes >= this.options.bulkFromBytes) this.restoreChecks = await deferChecks(tx, this.options.fileBytes);
    // pg hands booleans back as 0 and 1 here (connect.ts), as SQLite does.
    const held = await sql<{ any: number; unplated: number }>`
      select exists (select 1 from vehicles) as any,
             exists (select 1 from vehicles where plate >= ${UNPLATED_PREFIX} and plate < ${`${UNPLATED_PREFIX}\uffff`}) as unplated`.execute(tx);
    this.startedEmpty = !held.rows[0]?.any;
    this.anyUnplated = Boolean(held.rows[0]?.unplated);
  }

  /**
   * Whether every run of the chunk is a vehicle new to the store: no plate or policy
   * key met earlier in the file or twice in the chunk, and (unless the store began
   * empty) none stored, nor a car typed in without a plate under one of its VINs.
   */
  private async allNew(tx: Tx, runs: readonly (readonly RowIn[])[]): Promise<boolean> {
    const plates = new Set<number>();
    const keys = new Set<number>();
    for (const run of runs) {
      const plate = keyHash((run[0] as RowIn).vehicle.plate);
      if (this.seenPlates.has(plate) || plates.has(plate)) return false;
      plates.add(plate);
      for (const row of run) {
        for (const p of row.policies) {
          const key = keyHash(p.natural_key);
          if (this.seenKeys.has(key) || keys.has(key)) return false;
          keys.add(key);
        }
      }
    }
    if (this.startedEmpty) return true;
    const plateList = runs.map((run) => (run[0] as RowIn).vehicle.plate);
    const keyList = runs.flatMap((run) => run.flatMap((row) => row.policies.map((p) => p.natural_key)));
    const vins = this.anyUnplated ? runs.flatMap((run) => run.flatMap((row) => (row.vehicle.vin === null ? [] : [unplatedKey(row.vehicle.vin)]))) : [];
    const found = await sql<{ hit: number }>`
      select exists (select 1 from vehicles where plate = any(${[...plateList, ...vins]}::text[]))
          or exists (select 1 from policies where natural_key = any(${keyList}::text[])) as hit`.execute(tx);
    return !found.rows[0]?.hit;
  }

  /** A merged chunk touches these vehicles: renewals decided in memory for any of them are taken back, all are decided at the end. */
  private async touching(tx: Tx, vehicleIds: number[]): Promise<void> {
    for (const id of vehicleIds) this.recheck.add(id);
    const reopened = vehicleIds.filter((id) => this.renewedInMemory.has(id));
    if (reopened.length === 0) return;
    const cases = reopened.flatMap((id) => this.renewedInMemory.get(id) as number[]);
    for (const id of reopened) this.renewedInMemory.delete(id);
    await reopenRenewals(tx, reopened, cases);
  }

  /** Waits for the last chunk of new vehicles to be in (and throws its error, if any). */
  private async settle(): Promise<void> {
    const inflight = this.inflight;
    this.inflight = undefined;
    await inflight;
  }
}

/**
 * A 53-bit hash of a plate or policy key (two 32-bit FNV-1a variants): the file's
 * million keys are remembered as numbers rather than strings.
 */
function keyHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
