/**
 * The import's way into a PostgreSQL store, all in the file's one transaction. The
 * rows are gathered into chunks of whole runs (a run: adjacent rows with the same
 * plate), and each chunk is merged in bulk (import/merge-chunk.ts): COPY into a
 * temporary staging table, vehicles adopted and inserted set-based from it, what the
 * rows touch read back in two queries, the merge worked out in memory with the same
 * rules as SQLite's import (import/merge-model.ts) and written back one statement
 * per table and kind of change. After the last chunk the renewals are decided for
 * every policy the file wrote (import/renewals.ts), so file order does not matter.
 *
 * Why chunks and not the whole file staged first: each chunk is merged in file order
 * against what the earlier ones wrote, exactly as SQLite merges run by run, memory
 * stays flat on a million rows, and the parser thread reads ahead while the server
 * works. No COPY is left open between calls: a failure anywhere in the import rolls
 * the transaction back on a connection that is ready for it.
 *
 * The rows' outcomes are known once their chunk is merged: `write` returns none and
 * `counted` gives the totals after `finish`.
 */
import type pg from 'pg';
import { sql } from 'kysely';
import { assertWriting, type ImportSink, type ImportSinkOptions, type RowOutcome, type Tx } from '../ports.js';
import type { RowIn } from '../../rules/validate.js';
import { deferChecks } from './import/defer-checks.js';
import { createStage, mergeChunk } from './import/merge-chunk.js';
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
    this.pendingRows = this.runs = this.seq = 0;
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
    const renewed = await decideRenewals(tx, this.client, this.importId, this.options.windowDays, this.options.now);
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
  }

  private started(): Tx {
    if (!this.tx) throw new Error('internal: an import sink was written before begin()');
    return this.tx;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const tx = this.started();
    if (!this.client) {
      this.client = await this.clientOf(tx);
      // Other writers wait for the import, as SQLite's one writer does: what a chunk read stays true until it is written back.
      await sql`lock table vehicles, renewal_cases, policies in share row exclusive mode`.execute(tx);
      await createStage(tx);
      if (this.options.fileBytes >= this.options.bulkFromBytes) this.restoreChecks = await deferChecks(tx, this.options.fileBytes);
    }
    const runs = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    const model = await mergeChunk({ tx, client: this.client, importId: this.importId, now: this.options.now, store: this.options.store ?? null }, runs, this.runs, this.seq);
    this.runs += runs.length;
    for (const run of runs) for (const row of run) this.seq += row.policies.length;
    for (const k of ['imported', 'updated', 'unchanged'] as const) this.counts[k] += model.counts[k];
  }
}
