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
import { IdBlock, NewVehicleBatch, type NewVehicleOptions, planNewVehicleRun, reopenRenewals, writeNewVehicles } from './import/new-vehicles.js';
import { decideRenewals } from './import/renewals.js';
import { SeenKeys } from './import/seen-keys.js';

/** Rows per chunk: large enough that a statement's fixed cost vanishes, small enough to keep memory flat. */
const CHUNK_ROWS = 10_000;
/**
 * Rows per COPY of new vehicles on a first load: small enough that the rows a batch
 * holds die young (cheap to collect), large enough that a statement's cost vanishes.
 */
const BATCH_ROWS = 2_000;
/**
 * Runs between two turns of the event loop. While the parser thread is ahead, every
 * await on it resolves at once and the loop never gets to the socket: the server
 * would wait for the batch it was sent, its CopyInResponse unread, its data unsent.
 */
const RUNS_PER_TURN = 50;

export type ClientOf = (tx: Tx) => Promise<pg.ClientBase>;

export class PostgresImportSink implements ImportSink {
  private tx: Tx | undefined;
  private client: pg.ClientBase | undefined;
  private importId = 0;
  private pending: RowIn[][] = [];
  private pendingRows = 0;
  private readonly counts: Record<RowOutcome, number> = { imported: 0, updated: 0, unchanged: 0 };
  /** Makes the keys and indexes a bulk load dropped again (import/defer-checks.ts). */
  private restoreChecks: (() => Promise<void>) | undefined;
  /** Whether deferChecks has been asked (once an import is known to be a load). */
  private deferAsked = false;
  /** Whether the store held no vehicle when the import began: then only what the file wrote can be met again. */
  private startedEmpty = false;
  /** Whether the store held a car typed in before its plate (an export's VIN may name it). */
  private anyUnplated = false;
  /** Every plate and policy key the file has written so far. */
  private readonly seenPlates = new SeenKeys();
  private readonly seenKeys = new SeenKeys();
  private readonly ids = new IdBlock();
  /** How this import plans and writes a new vehicle (set by begin). */
  private vehicleOptions: NewVehicleOptions | undefined;
  /** New vehicles planned and not sent yet. */
  private batch: NewVehicleBatch | undefined;
  /** The COPYs of the last batch of new vehicles, while the server takes them. */
  private inflight: Promise<void> | undefined;
  private newVehicleBatches = 0;
  private runsSinceTurn = 0;
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
    this.deferAsked = false;
    this.pending = [];
    this.pendingRows = this.newVehicleBatches = 0;
    this.inflight = undefined;
    this.seenPlates.clear();
    this.seenKeys.clear();
    this.recheck.clear();
    this.renewedInMemory.clear();
    this.ids.reset();
    const { now, windowDays, store } = this.options;
    this.vehicleOptions = { importId, now, windowDays, store: store ?? null };
    this.batch = new NewVehicleBatch(this.ids, this.vehicleOptions);
    for (const k of ['imported', 'updated', 'unchanged'] as const) this.counts[k] = 0;
  }

  /**
   * One run. On a store that began empty, a run new to the file is planned and
   * turned into COPY text at once (sent every BATCH_ROWS rows), and any other run
   * waits for a chunk that is merged as a whole; on a store that held vehicles every
   * run waits for its chunk.
   */
  async write(rows: readonly RowIn[]): Promise<void> {
    const tx = this.started();
    if (!this.client) await this.open(tx);
    if (++this.runsSinceTurn >= RUNS_PER_TURN) {
      this.runsSinceTurn = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.startedEmpty) {
      const planned = this.metNone(rows) ? planNewVehicleRun(rows, this.vehicleOptions as NewVehicleOptions) : undefined;
      // Met in the file from now on, whichever way it goes: a later run meeting it is merged after it.
      this.remember(rows);
      if (planned) {
        const batch = this.batch as NewVehicleBatch;
        batch.add(planned);
        if (batch.rows >= Math.min(BATCH_ROWS, this.chunkRows)) await this.sendBatch();
        return;
      }
    }
    this.pending.push([...rows]);
    this.pendingRows += rows.length;
    if (this.pendingRows >= this.chunkRows) await this.flush();
  }

  async finish(): Promise<number> {
    const tx = this.started();
    if (!this.client) return 0; // no rows: nothing staged, nothing to renew
    await this.flush();
    await this.sendBatch();
    await this.settle();
    await this.ids.sync(tx);
    const { windowDays, now } = this.options;
    // Once new vehicles decided their own renewals, only the vehicles merged the general way are left.
    const only = this.newVehicleBatches > 0 ? [...this.recheck] : undefined;
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
    this.batch = undefined;
    this.restoreChecks = undefined;
    this.inflight = undefined;
  }

  private started(): Tx {
    if (!this.tx) throw new Error('internal: an import sink was written before begin()');
    return this.tx;
  }


  /** The first run: the tables locked, the staging table made, a bulk load's checks deferred, what the store held noted. */
  private async open(tx: Tx): Promise<void> {
    this.client = await this.clientOf(tx);
    // Other writers wait for the import, as SQLite's one writer does: what a chunk read stays true until it is written back.
    await sql`lock table vehicles, renewal_cases, policies in share row exclusive mode`.execute(tx);
    await createStage(tx);
    // pg hands booleans back as 0 and 1 here (connect.ts), as SQLite does.
    const held = await sql<{ any: number; unplated: number }>`
      select exists (select 1 from vehicles) as any,
             exists (select 1 from vehicles where plate >= ${UNPLATED_PREFIX} and plate < ${`${UNPLATED_PREFIX}\uffff`}) as unplated`.execute(tx);
    this.startedEmpty = !held.rows[0]?.any;
    this.anyUnplated = Boolean(held.rows[0]?.unplated);
    // A large file into an empty store is a load from its first row.
    if (this.startedEmpty) {
      await this.deferIfLoad(tx, Infinity);
      await this.ids.load(tx);
    }
  }

  /**
   * A large file's keys and indexes are dropped once it has shown it is a load, as
   * SQLite's sink does: a large re-import whose rows are nearly all unchanged writes
   * little, and remaking them would cost it more than they save.
   */
  private async deferIfLoad(tx: Tx, written: number): Promise<void> {
    if (this.deferAsked || this.options.fileBytes < this.options.bulkFromBytes || written < this.options.deferAfterRows) return;
    this.deferAsked = true;
    await this.settle();
    this.restoreChecks = await deferChecks(tx, this.options.fileBytes);
  }

  private get written(): number {
    return this.counts.imported + this.counts.updated;
  }

  /**
   * The waiting chunk, after the new vehicles planned before it: as new vehicles
   * too when every run is one (on a store that held vehicles), else merged.
   */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const tx = this.started();
    await this.sendBatch();
    const client = this.client as pg.ClientBase;
    const runs = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    const planned = !this.startedEmpty && (await this.allNew(tx, runs)) ? runs.map((rows) => planNewVehicleRun(rows, this.vehicleOptions as NewVehicleOptions)) : [];
    if (planned.length > 0 && planned.every((p) => p !== undefined)) {
      if (!this.ids.loaded) {
        await this.settle();
        await this.ids.load(tx);
      }
      for (const p of planned) (this.batch as NewVehicleBatch).add(p);
      for (const run of runs) this.remember(run);
      await this.sendBatch();
      return;
    }
    await this.settle();
    await this.ids.sync(tx);
    const ctx = { tx, client, importId: this.importId, now: this.options.now, store: this.options.store ?? null, touching: (ids: number[]) => this.touching(tx, ids) };
    const model = await mergeChunk(ctx, runs);
    for (const k of ['imported', 'updated', 'unchanged'] as const) this.counts[k] += model.counts[k];
    await this.deferIfLoad(tx, this.written);
    if (!this.startedEmpty) for (const run of runs) this.remember(run);
    // New vehicles take their ids from where the merge left the sequences.
    if (this.startedEmpty) await this.ids.load(tx);
  }

  /** Sends the planned new vehicles (once the last batch is in: an error surfaces here, in file order). */
  private async sendBatch(): Promise<void> {
    const batch = this.batch as NewVehicleBatch;
    if (batch.rows === 0) return;
    const chunk = batch.take();
    await this.settle();
    await this.ids.advance(this.started());
    this.inflight = writeNewVehicles(this.client as pg.ClientBase, chunk);
    this.inflight.catch(() => undefined); // awaited by the next settle(); never an unhandled rejection meanwhile
    for (const [vehicle, cases] of chunk.renewed) this.renewedInMemory.set(vehicle, cases);
    this.counts.imported += chunk.rows;
    this.newVehicleBatches++;
    await this.deferIfLoad(this.started(), this.written);
  }

  /** Whether none of the run's plate and policy keys was met earlier in the file. */
  private metNone(rows: readonly RowIn[]): boolean {
    if (this.seenPlates.has((rows[0] as RowIn).vehicle.plate)) return false;
    return rows.every((row) => row.policies.every((p) => !this.seenKeys.has(p.natural_key)));
  }

  private remember(rows: readonly RowIn[]): void {
    this.seenPlates.add((rows[0] as RowIn).vehicle.plate);
    for (const row of rows) for (const p of row.policies) this.seenKeys.add(p.natural_key);
  }

  /**
   * Whether every run of the chunk is a vehicle new to the store: no plate or policy
   * key met earlier in the file or twice in the chunk, none stored, nor a car typed
   * in without a plate under one of its VINs.
   */
  private async allNew(tx: Tx, runs: readonly (readonly RowIn[])[]): Promise<boolean> {
    const plates = new Set<string>();
    const keys = new Set<string>();
    for (const run of runs) {
      const plate = (run[0] as RowIn).vehicle.plate;
      if (!this.metNone(run) || plates.has(plate)) return false;
      plates.add(plate);
      for (const row of run) {
        for (const p of row.policies) {
          if (keys.has(p.natural_key)) return false;
          keys.add(p.natural_key);
        }
      }
    }
    const vins = this.anyUnplated ? runs.flatMap((run) => run.flatMap((row) => (row.vehicle.vin === null ? [] : [unplatedKey(row.vehicle.vin)]))) : [];
    const found = await sql<{ hit: number }>`
      select exists (select 1 from vehicles where plate = any(${[...plates, ...vins]}::text[]))
          or exists (select 1 from policies where natural_key = any(${[...keys]}::text[])) as hit`.execute(tx);
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

  /** Waits for the last batch of new vehicles to be in (and throws its error, if any). */
  private async settle(): Promise<void> {
    const inflight = this.inflight;
    this.inflight = undefined;
    await inflight;
  }
}
