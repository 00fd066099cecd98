/**
 * A chunk of the import on PostgreSQL whose every run is a vehicle new to the store
 * (no plate, VIN-less placeholder or policy key of it stored or met earlier in the
 * file: import-sink.ts decides), written as SQLite writes such a vehicle, from the
 * same plan (src/storage/queries/new-vehicle.ts: cases, summaries, renewals among
 * its own cases), but in bulk: each row goes in once, in its final state, by one
 * COPY per table (vehicles, cases, policies, the register). No staging table, no
 * read-back, no UPDATE afterwards: on a first load this is nearly every chunk.
 *
 * Ids are handed out here (IdBlock), so that a policy can point at the case it
 * renews and the register at both before any row exists. The import holds a lock
 * that keeps every other writer out of these tables, so no one else draws from
 * their sequences meanwhile; IdBlock.sync puts each sequence past what was handed
 * out before anything else inserts.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Tx } from '../../ports.js';
import { COPIED_FIELDS, type CaseCopies } from '../../queries/case-copies.js';
import { type NewCase, OPEN_PROJECTION, planNewVehicle } from '../../queries/new-vehicle.js';
import { REGISTER_COLUMNS, toRow } from '../../queries/register.js';
import type { RowIn, VehicleIn } from '../../../rules/validate.js';
import { mergeVehicle, VEHICLE_COLUMNS } from '../../../rules/vehicle-merge.js';
import { type CopyValue, copyIn, copyLine } from './copy-text.js';
import { PROJECTED_COLUMNS } from './renewals.js';

/** The tables whose ids a chunk of new vehicles hands out itself. */
const TABLES = ['vehicles', 'renewal_cases', 'policies'] as const;
type Table = (typeof TABLES)[number];

/** The next id of each table, while the import's lock keeps other writers out. */
export class IdBlock {
  private next: Record<Table, number> | undefined;

  /** The next `n` ids of `table` (the first is returned); `load` must have run since the last `sync`. */
  take(table: Table, n: number): number {
    if (!this.next) throw new Error('internal: ids taken before IdBlock.load');
    const first = this.next[table];
    this.next[table] += n;
    return first;
  }

  /** Forgets the ids (a transaction run again starts from the sequences). */
  reset(): void {
    this.next = undefined;
  }

  get loaded(): boolean {
    return this.next !== undefined;
  }

  /** Reads where each sequence stands: the id `nextval` draws of each table is the first handed out. */
  async load(tx: Tx): Promise<void> {
    const row = (await sql<Record<Table, number>>`
      select ${sql.join(TABLES.map((t) => sql`nextval(pg_get_serial_sequence(${t}, 'id'))::integer as ${sql.id(t)}`))}`.execute(tx)).rows[0];
    this.next = { ...(row as Record<Table, number>) };
  }

  /**
   * Puts each sequence at the next id not handed out, so that it shows how far the
   * import has got (and a merge drawing from it after this starts past them).
   */
  async advance(tx: Tx): Promise<void> {
    const next = this.next;
    if (!next) return;
    // The last id handed out as the last one drawn; when none was (next is 1), the first is still to come.
    const set = (t: Table) => sql`setval(pg_get_serial_sequence(${t}, 'id'), ${Math.max(next[t] - 1, 1)}::integer, ${next[t] > 1})`;
    await sql`select ${sql.join(TABLES.map(set))}`.execute(tx);
  }

  /** advance, and ids are then drawn from the sequences again until the next `load`. */
  async sync(tx: Tx): Promise<void> {
    await this.advance(tx);
    this.next = undefined;
  }
}

/** A chunk of new vehicles ready to COPY, and what the import must remember of it. */
export interface NewVehicleChunk {
  /** COPY text per table, in the order they must go in (each row's references before it). */
  copies: { target: string; text: string }[];
  /** Vehicle id -> the ids of its cases its own policies renewed (decided in memory). */
  renewed: Map<number, number[]>;
  rows: number;
}

export interface NewVehicleOptions {
  importId: number;
  now: string;
  windowDays: number;
  /** The store the file brings its vehicles to; null: none. */
  store: string | null;
}

/** One run planned as a new vehicle. */
export interface PlannedVehicle {
  merged: VehicleIn;
  cases: NewCase[];
  rows: number;
}

const VEHICLE_COPY = `vehicles (id, plate, ${VEHICLE_COLUMNS.join(', ')}, store, created_at, updated_at)`;
const CASE_SUMMARY = ['due_date', 'compulsory_end', 'commercial_end', 'last_premium_cents', 'last_insurer'] as const;
const CASE_COPY = `renewal_cases (id, vehicle_id, ${CASE_SUMMARY.join(', ')}, ${COPIED_FIELDS.join(', ')}, ${PROJECTED_COLUMNS.join(', ')}, created_at, updated_at)`;
const POLICY_FIELDS = ['kind', 'insurer', 'policy_no', 'natural_key', 'premium_cents', 'start_date', 'end_date', 'coverages', 'row_hash'] as const;
const POLICY_COPY = `policies (id, vehicle_id, case_id, renews_case_id, ${POLICY_FIELDS.join(', ')}, import_id, created_at, updated_at)`;
const EVENT_COPY = `events (${REGISTER_COLUMNS.join(', ')})`;

/** One run (a plate's adjacent rows) as a new vehicle; undefined when it repeats a policy key within its rows (the general path merges those). */
export function planNewVehicleRun(rows: readonly RowIn[], options: NewVehicleOptions): PlannedVehicle | undefined {
  const merged = mergeVehicle(rows);
  const cases = planNewVehicle(rows, merged.specialist, options.windowDays, options.now);
  return cases && { merged, cases, rows: rows.length };
}

/**
 * New vehicles gathered as COPY lines, ids given as each is added: a run's rows
 * become text as soon as it is planned, so the rows themselves are dropped at once.
 */
export class NewVehicleBatch {
  private vehicles: string[] = [];
  private cases: string[] = [];
  private policies: string[] = [];
  private events: string[] = [];
  private renewed = new Map<number, number[]>();
  rows = 0;

  constructor(private readonly ids: IdBlock, private readonly options: NewVehicleOptions) {}

  add({ merged, cases: plan, rows }: PlannedVehicle): void {
    const { now, store, importId } = this.options;
    this.rows += rows;
    const vehicleId = this.ids.take('vehicles', 1);
    const installment = merged.installment ?? 0;
    this.vehicles.push(copyLine([vehicleId, merged.plate, ...VEHICLE_COLUMNS.map((c) => (c === 'installment' ? installment : merged[c])), store, now, now]));
    // What a new vehicle's cases copy of it (src/storage/queries/case-copies.ts).
    const copies: CaseCopies = { plate: merged.plate, installment, specialist: merged.specialist, do_not_call_until: null, store, vehicle_next_contact_at: null };
    const firstCase = this.ids.take('renewal_cases', plan.length);
    plan.forEach((c, at) => {
      const projection = c.projection ?? OPEN_PROJECTION;
      const values: CopyValue[] = [firstCase + at, vehicleId, ...CASE_SUMMARY.map((f) => c.summary[f]), ...COPIED_FIELDS.map((f) => copies[f])];
      this.cases.push(copyLine([...values, ...PROJECTED_COLUMNS.map((f) => projection[f]), now, now]));
    });
    plan.forEach((c, at) => {
      c.policies.forEach((p, i) => {
        const policyId = this.ids.take('policies', 1);
        const renews = c.renews[i];
        const renewsCaseId = renews ? firstCase + renews.target : null;
        this.policies.push(copyLine([policyId, vehicleId, firstCase + at, renewsCaseId, ...POLICY_FIELDS.map((f) => p[f]), importId, now, now]));
        if (renews) {
          const row = toRow({ ...renews.event, caseId: renewsCaseId as number, vehicleId, policyId }, now);
          this.events.push(copyLine(REGISTER_COLUMNS.map((k) => row[k])));
        }
      });
    });
    const closed = plan.flatMap((c, at) => (c.projection ? [firstCase + at] : []));
    if (closed.length > 0) this.renewed.set(vehicleId, closed);
  }

  /** What was added since the last take, as COPY text; the batch starts empty again. */
  take(): NewVehicleChunk {
    const chunk: NewVehicleChunk = {
      copies: [
        { target: VEHICLE_COPY, text: this.vehicles.join('') },
        { target: CASE_COPY, text: this.cases.join('') },
        { target: POLICY_COPY, text: this.policies.join('') },
        { target: EVENT_COPY, text: this.events.join('') },
      ].filter((c) => c.text !== ''),
      renewed: this.renewed,
      rows: this.rows,
    };
    this.vehicles = [];
    this.cases = [];
    this.policies = [];
    this.events = [];
    this.renewed = new Map();
    this.rows = 0;
    return chunk;
  }
}

/** Sends the chunk's COPYs one after the other on `client`. */
export async function writeNewVehicles(client: pg.ClientBase, chunk: NewVehicleChunk): Promise<void> {
  for (const c of chunk.copies) await copyIn(client, c.target, c.text);
}

/**
 * Takes back the renewals a chunk of new vehicles decided in memory for these
 * vehicles (met again later in the file, or losing a policy to another plate):
 * their policies point at no case, the events go, the cases are open again. Their
 * renewals are then decided after the last chunk with everything else. The cases,
 * policies and events are all this import's own and not committed: nothing anyone
 * has seen is taken from the register.
 */
export async function reopenRenewals(tx: Tx, vehicleIds: readonly number[], caseIds: readonly number[]): Promise<void> {
  await sql`update policies set renews_case_id = null where vehicle_id = any(${vehicleIds}::integer[]) and renews_case_id is not null`.execute(tx);
  await sql`delete from events where case_id = any(${caseIds}::integer[])`.execute(tx);
  const sets = PROJECTED_COLUMNS.map((c) => sql`${sql.id(c)} = ${OPEN_PROJECTION[c]}`);
  await sql`update renewal_cases set ${sql.join(sets)} where id = any(${caseIds}::integer[])`.execute(tx);
}
