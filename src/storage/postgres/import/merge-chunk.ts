/**
 * One chunk of the import on PostgreSQL, in the file's transaction: the chunk's
 * rows go into the temporary staging table with COPY; the vehicles are adopted
 * (a car typed in before its plate) and inserted set-based from it; what the rows
 * touch is read back in two queries; merge-model.ts works the merge out in memory
 * with the shared rules; the result goes back in one statement per table and kind
 * of change (INSERT ... SELECT FROM unnest, UPDATE ... FROM, DELETE ... WHERE), new
 * and rewritten policies taking their values from the staged rows.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Tx } from '../../ports.js';
import { COPIED_FIELDS } from '../../queries/case-copies.js';
import { UNPLATED_PREFIX } from '../../../rules/plate.js';
import type { RowIn } from '../../../rules/validate.js';
import { mergeVehicle, VEHICLE_COLUMNS } from '../../../rules/vehicle-merge.js';
import { type CopyValue, copyIn, copyLine } from './copy-text.js';
import { MergeModel, type Run, type StoredPolicy, type StoredVehicle } from './merge-model.js';

/** PostgreSQL's type of each vehicle column (src/storage/postgres/migrations). */
const VEHICLE_TYPES: Record<(typeof VEHICLE_COLUMNS)[number], string> = {
  vin: 'text', engine_no: 'text', model: 'text', first_registration: 'date', owner: 'text', insured: 'text', phone: 'text', id_no: 'text',
  address: 'text', specialist: 'text', installment: 'boolean', beneficiary: 'text', business: 'text',
};

const POLICY_COLUMNS = ['kind', 'insurer', 'policy_no', 'natural_key', 'premium_cents', 'start_date', 'end_date', 'coverages', 'row_hash'] as const;
const POLICY_TYPES = 'kind text, insurer text, policy_no text, natural_key text, premium_cents bigint, start_date date, end_date date, coverages text, row_hash text';

/**
 * The staging table: one line per policy of a row, with its run's merged vehicle
 * (mergeVehicle). Dropped at the end of the transaction, whatever its end.
 */
const STAGE = 'import_stage';
const STAGE_COLUMNS = ['seq', 'run', 'plate', ...VEHICLE_COLUMNS, ...POLICY_COLUMNS];

export async function createStage(tx: Tx): Promise<void> {
  const vehicle = VEHICLE_COLUMNS.map((c) => `${c} ${VEHICLE_TYPES[c]}`).join(', ');
  await sql.raw(`create temporary table ${STAGE} (seq integer not null, run integer not null, plate text not null, ${vehicle}, ${POLICY_TYPES}) on commit drop`).execute(tx);
}

export interface ChunkContext {
  tx: Tx;
  client: pg.ClientBase;
  importId: number;
  now: string;
  /** The store the file brings its vehicles to (ImportSinkOptions.store); null: each keeps its own. */
  store: string | null;
  /**
   * Told which vehicles the chunk's merge touches, as SQLite's writer reopens them
   * (renewals decided in memory are taken back): a vehicle a policy may move away from
   * before the write-back, the chunk's own vehicles after it.
   */
  touching(vehicleIds: number[]): Promise<void>;
}

/** Merges one chunk of runs (whole runs, in file order); returns the model (its counts). */
export async function mergeChunk(ctx: ChunkContext, runs: readonly (readonly RowIn[])[]): Promise<MergeModel> {
  const { tx } = ctx;
  const staged = await stage(ctx, runs);
  const inserted = await ensureVehicles(ctx);
  const fresh = new Set(inserted.map((v) => v.plate));
  // Looked up by the chunk's own plates and keys (index scans whatever the tables' size), not by a join with the stage;
  // a vehicle inserted just now came back from its insert.
  const plates = [...new Set(runs.map((rows) => (rows[0] as RowIn).vehicle.plate))].filter((p) => !fresh.has(p));
  const keys = runs.flatMap((rows) => rows.flatMap((row) => row.policies.map((p) => p.natural_key)));
  const stored = plates.length === 0 ? [] : (await sql<StoredVehicle>`
    select v.id, v.plate, ${sql.raw(VEHICLE_COLUMNS.map((c) => `v.${c}`).join(', '))}, v.do_not_call_until, v.store,
           (select max(o.next_contact_at) from renewal_cases o where o.vehicle_id = v.id) as vehicle_next_contact_at,
           exists (select 1 from case_moves m where m.vehicle_id = v.id) as has_moves
      from vehicles v where v.plate = any(${plates}::text[])`.execute(tx)).rows;
  // The store whose file brought the car last owns it (docs/team.md): the vehicle and its cases move, unchanged rows too.
  const moving = ctx.store === null ? [] : stored.filter((v) => v.store !== ctx.store).map((v) => v.id);
  if (moving.length > 0) {
    await sql`update vehicles set store = ${ctx.store}, updated_at = ${ctx.now}::timestamptz where id = any(${moving}::integer[])`.execute(tx);
    await sql`update renewal_cases set store = ${ctx.store} where vehicle_id = any(${moving}::integer[])`.execute(tx);
    for (const v of stored) if (moving.includes(v.id)) v.store = ctx.store;
  }
  // Every policy of the chunk's vehicles and of the vehicles holding its natural keys: their cases whole.
  const owners = stored.map((v) => v.id);
  const policies = await sql<StoredPolicy>`
    select p.id, p.vehicle_id, p.case_id, p.kind, p.end_date, p.premium_cents, p.insurer, p.natural_key, p.row_hash, p.policy_no, p.import_id
      from policies p
     where p.vehicle_id in (select unnest(${owners}::integer[]) union select q.vehicle_id from policies q where q.natural_key = any(${keys}::text[]))
     order by p.id`.execute(tx);
  const model = new MergeModel([...stored, ...inserted], fresh, policies.rows);
  for (const run of staged) model.mergeRun(run);
  const own = new Set([...stored, ...inserted].map((v) => v.id));
  await ctx.touching([...new Set(policies.rows.map((p) => p.vehicle_id).filter((id) => !own.has(id)))]);
  await writeBack(ctx, model);
  await ctx.touching([...own]);
  return model;
}

/** COPYs the chunk's rows into the emptied staging table; returns the runs with each policy's seq. */
async function stage(ctx: ChunkContext, runs: readonly (readonly RowIn[])[]): Promise<Run[]> {
  await sql`truncate ${sql.table(STAGE)}`.execute(ctx.tx);
  const lines: string[] = [];
  // Numbered within the chunk: the staging table is emptied for each.
  let seq = 0;
  const staged: Run[] = runs.map((rows, i) => {
    const merged = mergeVehicle(rows);
    const vehicle: CopyValue[] = [i, merged.plate, ...VEHICLE_COLUMNS.map((c) => merged[c])];
    const seqs = rows.map((row) =>
      row.policies.map((p) => {
        lines.push(copyLine([seq, ...vehicle, ...POLICY_COLUMNS.map((c) => p[c])]));
        return seq++;
      }),
    );
    return { rows, seqs };
  });
  await copyIn(ctx.client, `${STAGE} (${STAGE_COLUMNS.join(', ')})`, lines.join(''));
  return staged;
}

/**
 * Every plate of the chunk gets its vehicle row. A plate not stored yet whose first
 * run brings the VIN of a car typed in without a plate (未上牌-<VIN>, renew add)
 * renames that vehicle, unless another plate of the chunk claimed it first; the rest
 * are inserted in file order with their first run's values. Returns the vehicles
 * inserted here, as the merge reads a stored one.
 */
async function ensureVehicles(ctx: ChunkContext): Promise<StoredVehicle[]> {
  const { tx, now } = ctx;
  const firsts = sql`select distinct on (plate) * from ${sql.table(STAGE)} order by plate, run`;
  await sql`
    with claims as (
      select distinct on (f.vin) f.plate, f.vin from (${firsts}) f
       where f.vin is not null and not exists (select 1 from vehicles w where w.plate = f.plate)
       order by f.vin, f.run),
    renamed as (
      update vehicles v set plate = c.plate, updated_at = ${now}
        from claims c where v.plate = ${UNPLATED_PREFIX}::text || c.vin
          and not exists (select 1 from vehicles w where w.plate = c.plate)
      returning v.id, v.plate)
    update renewal_cases rc set plate = r.plate from renamed r where rc.vehicle_id = r.id`.execute(tx);
  const cols = VEHICLE_COLUMNS.join(', ');
  const values = VEHICLE_COLUMNS.map((c) => (c === 'installment' ? 'coalesce(f.installment, false)' : `f.${c}`)).join(', ');
  const inserted = await sql<StoredVehicle>`
    insert into vehicles (plate, ${sql.raw(cols)}, store, created_at, updated_at)
    select f.plate, ${sql.raw(values)}, ${ctx.store}::text, ${now}::timestamptz, ${now}::timestamptz from (${firsts}) f
     where not exists (select 1 from vehicles w where w.plate = f.plate)
     order by f.run
    on conflict (plate) do nothing
    returning id, plate, ${sql.raw(cols)}, do_not_call_until, store, null::timestamp as vehicle_next_contact_at`.execute(tx);
  return inserted.rows;
}

/** The model's result, one statement per table and kind of change. */
async function writeBack(ctx: ChunkContext, model: MergeModel): Promise<void> {
  const { tx, now, importId } = ctx;
  const { opened, changed, emptied } = model.summaries();

  // New cases take ids from their table's own sequence, in the order they opened.
  const caseIds = new Map<number, number>();
  if (opened.length > 0) {
    const ids = await sql<{ id: number }>`
      select nextval(pg_get_serial_sequence('renewal_cases', 'id'))::integer as id from generate_series(1, ${opened.length}::integer)`.execute(tx);
    const real = ids.rows.map((r) => r.id).sort((a, b) => a - b);
    opened.forEach((c, i) => caseIds.set(c.id, real[i] as number));
    const col = <T>(f: (c: (typeof opened)[number]) => T) => opened.map(f);
    await sql`
      insert into renewal_cases (id, vehicle_id, due_date, compulsory_end, commercial_end, last_premium_cents, last_insurer, ${sql.raw(COPIED_FIELDS.join(', '))}, created_at, updated_at)
      select u.id, u.vehicle_id, u.due_date, u.compulsory_end, u.commercial_end, u.premium, u.insurer,
             u.plate, u.installment, u.specialist, u.do_not_call_until, u.store, u.vehicle_next_contact_at, ${now}::timestamptz, ${now}::timestamptz
        from unnest(${col((c) => caseIds.get(c.id))}::integer[], ${col((c) => c.vehicle_id)}::integer[], ${col((c) => c.due_date)}::date[],
                    ${col((c) => c.compulsory_end)}::date[], ${col((c) => c.commercial_end)}::date[], ${col((c) => c.last_premium_cents)}::bigint[],
                    ${col((c) => c.last_insurer)}::text[], ${col((c) => c.copies?.plate)}::text[], ${col((c) => c.copies?.installment)}::boolean[],
                    ${col((c) => c.copies?.specialist)}::text[], ${col((c) => c.copies?.do_not_call_until)}::date[],
                    ${col((c) => c.copies?.store)}::text[], ${col((c) => c.copies?.vehicle_next_contact_at)}::timestamp[])
             as u(id, vehicle_id, due_date, compulsory_end, commercial_end, premium, insurer, plate, installment, specialist, do_not_call_until, store, vehicle_next_contact_at)`.execute(tx);
  }
  const caseOf = (id: number | null) => (id !== null && id < 0 ? (caseIds.get(id) as number) : id);

  // Policies this chunk wrote: stored ones rewritten first (a natural key may move off a hand-written one), then the new ones.
  const written = [...model.policies.values()].filter((p) => p.seq !== null);
  const rewritten = written.filter((p) => !p.isNew);
  const added = written.filter((p) => p.isNew).sort((a, b) => a.id - b.id);
  const policyValues = POLICY_COLUMNS.filter((c) => c !== 'policy_no').map((c) => `s.${c}`).join(', ');
  if (rewritten.length > 0) {
    const sets = POLICY_COLUMNS.filter((c) => c !== 'policy_no').map((c) => `${c} = s.${c}`).join(', ');
    await sql`
      update policies p set vehicle_id = u.vehicle_id, case_id = u.case_id, policy_no = u.policy_no, ${sql.raw(sets)},
             import_id = ${importId}, updated_at = ${now}
        from unnest(${rewritten.map((p) => p.id)}::integer[], ${rewritten.map((p) => p.seq)}::integer[], ${rewritten.map((p) => p.vehicle_id)}::integer[],
                    ${rewritten.map((p) => caseOf(p.case_id))}::integer[], ${rewritten.map((p) => p.policy_no)}::text[]) as u(id, seq, vehicle_id, case_id, policy_no)
        join ${sql.table(STAGE)} s on s.seq = u.seq
       where p.id = u.id`.execute(tx);
  }
  if (added.length > 0) {
    await sql`
      insert into policies (vehicle_id, case_id, policy_no, ${sql.raw(POLICY_COLUMNS.filter((c) => c !== 'policy_no').join(', '))}, import_id, created_at, updated_at)
      select u.vehicle_id, u.case_id, s.policy_no, ${sql.raw(policyValues)}, ${importId}::integer, ${now}::timestamptz, ${now}::timestamptz
        from unnest(${added.map((p) => p.seq)}::integer[], ${added.map((p) => p.vehicle_id)}::integer[], ${added.map((p) => caseOf(p.case_id))}::integer[])
             with ordinality as u(seq, vehicle_id, case_id, ord)
        join ${sql.table(STAGE)} s on s.seq = u.seq
       order by u.ord`.execute(tx);
  }

  if (changed.length > 0) {
    await sql`
      update renewal_cases c set due_date = u.due_date, compulsory_end = u.compulsory_end, commercial_end = u.commercial_end,
             last_premium_cents = u.premium, last_insurer = u.insurer, updated_at = ${now}
        from unnest(${changed.map((c) => c.id)}::integer[], ${changed.map((c) => c.due_date)}::date[], ${changed.map((c) => c.compulsory_end)}::date[],
                    ${changed.map((c) => c.commercial_end)}::date[], ${changed.map((c) => c.last_premium_cents)}::bigint[], ${changed.map((c) => c.last_insurer)}::text[])
             as u(id, due_date, compulsory_end, commercial_end, premium, insurer)
       where c.id = u.id`.execute(tx);
  }
  if (emptied.length > 0) {
    // A case left without policies goes, unless the register or a renewal points at it (then it stays as history);
    // here also unless a quote does (its foreign key would refuse; SQLite's import runs without those checks).
    await sql`
      delete from renewal_cases c where c.id = any(${emptied}::integer[])
         and not exists (select 1 from events e where e.case_id = c.id)
         and not exists (select 1 from policies p where p.renews_case_id = c.id)
         and not exists (select 1 from quotes q where q.case_id = c.id)`.execute(tx);
  }

  const vehicles = model.changedVehicles();
  if (vehicles.length > 0) {
    const sets = VEHICLE_COLUMNS.map((c) => `${c} = u.${c}`).join(', ');
    const arrays = VEHICLE_COLUMNS.map((c) => sql`${vehicles.map((v) => v[c])}::${sql.raw(VEHICLE_TYPES[c])}[]`);
    await sql`
      update vehicles v set ${sql.raw(sets)}, updated_at = ${now}
        from unnest(${vehicles.map((v) => v.id)}::integer[], ${sql.join(arrays)}) as u(id, ${sql.raw(VEHICLE_COLUMNS.join(', '))})
       where v.id = u.id`.execute(tx);
    const copied = vehicles.filter((v) => v.copiesChanged).map((v) => v.id);
    if (copied.length > 0) {
      await sql`
        update renewal_cases c set installment = v.installment, specialist = v.specialist
          from vehicles v where v.id = c.vehicle_id and v.id = any(${copied}::integer[])`.execute(tx);
    }
  }
}
