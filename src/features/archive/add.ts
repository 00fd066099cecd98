/**
 * `renew add`: a customer, vehicle and policies typed in (what no export has: a new
 * car sold here, a customer who walked in). The values are the import's fields and
 * pass the import's row check (src/rules/validate.ts checkRecord), so a typed row
 * and an imported one cannot differ. A new car without its plate yet (未上牌) is
 * identified by its VIN and marked new-car business (新保).
 */
import type { Context } from '../context.js';
import type { Business, PolicyKind } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import { ALIASES, FIELDS, VEHICLE_ROW_FIELDS, type ColumnPlan, type Field } from '../../rules/columns.js';
import { parseBusiness } from '../../rules/values.js';
import { checkRecord, policyNaturalKey, rowRules, type RowIn } from '../../rules/validate.js';
import { unplatedKey } from '../../rules/plate.js';
import { isoDateTime } from '../../rules/clock.js';
import { writeStore } from '../stores/scope.js';
import { archiveRenewedPolicies } from '../../storage/queries/policy-archive.js';


/** The flag a field comes from: --id-no for id_no. */
export const flagOf = (f: Field) => `--${f.replace(/_/g, '-')}`;

/** A well-formed plate no car is stored under: it only lets an unplated row through the row check. */
export const STAND_IN_PLATE = '京A00000';

export type AddOptions = Partial<Record<Field, string>> & { business?: string; insurer?: string };

export interface Added {
  vehicle_id: number;
  plate: string | null;
  vin: string | null;
  business: Business | null;
  policies: { kind: PolicyKind; policy_no: string | null; end_date: string; premium: number | null }[];
  case_ids: number[];
}

/** Checks the values like an import row; throws naming the first bad flag. */
export function checkAdd(options: AddOptions, ctx: Pick<Context, 't'>, rules: ReturnType<typeof rowRules>): { row: RowIn; business: Business | null; unplated: boolean } {
  const unplated = (options.plate ?? '').trim() === '';
  // No plate yet (未上牌): the row is checked under a stand-in plate, replaced by the VIN's key below.
  const given = unplated ? { ...options, plate: STAND_IN_PLATE } : options;
  const header: Field[] = VEHICLE_ROW_FIELDS.filter((f) => given[f] !== undefined);
  const index = Object.fromEntries(FIELDS.map((f) => [f, header.indexOf(f)])) as Record<Field, number>;
  // --insurer is both kinds' insurer unless a kind names its own.
  const cells = header.map((f) => given[f] as string);
  for (const kind of ['compulsory_insurer', 'commercial_insurer'] as const) {
    if (index[kind] < 0 && options.insurer !== undefined) {
      index[kind] = cells.push(options.insurer) - 1;
      header.push(kind);
    }
  }
  const plan: ColumnPlan = { shape: 'vehicle', index, header };
  const checked = checkRecord(cells, 1, plan, rules);
  if ('problems' in checked) {
    const first = checked.problems[0] as (typeof checked.problems)[number];
    throw new RenewError('archive.add.badValue', { flag: first.field === '' ? '' : flagOf(first.field), value: first.shown, reason: ctx.t(`import.reason.${first.reason}`) }, EXIT.usage);
  }
  const dropped = checked.warnings.find((w) => w.kind === 'dropped');
  // A typed value that cannot be stored is a typo to fix now, not a detail to drop as an import would.
  if (dropped) throw new RenewError('archive.add.badValue', { flag: flagOf(dropped.field), value: dropped.shown, reason: ctx.t(`import.reason.${dropped.reason || 'missing'}`) }, EXIT.usage);
  const row = checked.row;
  if (unplated) {
    if (row.vehicle.vin === null) throw new RenewError('archive.add.needsPlateOrVin', {}, EXIT.usage);
    row.vehicle.plate = unplatedKey(row.vehicle.vin);
    for (const p of row.policies) p.natural_key = policyNaturalKey(p.policy_no, row.vehicle.plate, p.kind, p.end_date);
  }
  return { row, business: parseBusinessFlag(options.business) ?? (unplated ? 'new' : null), unplated };
}

/** What the interactive `renew add` asks, in the order a customer's papers give it; blank skips. */
const ASKED: readonly Field[] = [
  'plate', 'vin', 'model', 'owner', 'phone', 'id_no', 'address', 'installment',
  'compulsory_end', 'compulsory_premium', 'compulsory_policy_no', 'commercial_end', 'commercial_premium', 'commercial_policy_no',
];

/** On a terminal with no flags: asks the usual fields, the insurer and the business type. */
export async function askAdd(ctx: Pick<Context, 'prompter' | 't'>, options: AddOptions): Promise<AddOptions> {
  const answers: AddOptions = { ...options };
  const ask = async (label: string) => (await ctx.prompter.input(ctx.t('archive.add.ask.field', { column: label }), { default: '' })).trim();
  for (const f of ASKED) {
    const v = await ask(ALIASES[f][0] ?? f);
    if (v !== '') answers[f] = v;
  }
  const insurer = await ask(ALIASES.insurer[0] ?? 'insurer');
  if (insurer !== '') answers.insurer = insurer;
  const business = await ask(ctx.t('archive.add.ask.business'));
  if (business !== '') answers.business = business;
  return answers;
}

/** --business: the words of the import's 业务类型 column (新保/新车, 续保, 转保 or new/renewal/switch); a usage error otherwise. */
export function parseBusinessFlag(raw: string | undefined): Business | null {
  const v = raw?.trim() ?? '';
  if (v === '') return null;
  const business = parseBusiness(v);
  if (!business) throw new RenewError('archive.add.badBusiness', { value: v }, EXIT.usage);
  return business;
}

export async function runAdd(ctx: Pick<Context, 'db' | 'store' | 'now' | 't' | 'err' | 'actor' | 'storeOption' | 'settings'>, options: AddOptions): Promise<Added> {
  // The car is the store's whose entry brought it (docs/team.md); that store's settings check it.
  const store = await writeStore(ctx);
  const { row, business, unplated } = checkAdd(options, ctx, rowRules(await ctx.settings(store ?? undefined)));
  const v = row.vehicle;
  const now = isoDateTime(ctx.now());
  const added = await ctx.store.write(async (tx) => {
    const samePlate = await tx.selectFrom('vehicles').select('plate').where('plate', '=', v.plate).executeTakeFirst();
    if (samePlate) throw new RenewError(unplated ? 'archive.add.vinTaken' : 'archive.add.plateTaken', { plate: v.plate, vin: v.vin ?? '' }, EXIT.failure, 'archive.add.takenHint');
    if (v.vin !== null) {
      // One car, one VIN: a second vehicle with the same VIN is the same car typed twice (or a typo).
      const sameVin = await tx.selectFrom('vehicles').select('plate').where('vin', '=', v.vin).executeTakeFirst();
      if (sameVin) throw new RenewError('archive.add.vinTaken', { plate: sameVin.plate, vin: v.vin }, EXIT.failure, 'archive.add.takenHint');
    }
    const vehicle = await tx.insertInto('vehicles').values({
      plate: v.plate, vin: v.vin, engine_no: v.engine_no, model: v.model, first_registration: v.first_registration, owner: v.owner, insured: v.insured,
      phone: v.phone, id_no: v.id_no, address: v.address, installment: v.installment ?? 0, beneficiary: v.beneficiary, specialist: v.specialist,
      do_not_call_until: null, business, purged_at: null, store, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const policies = row.policies.map((p) => ({
      kind: p.kind, insurer: p.insurer, policyNo: p.policy_no, premiumCents: p.premium_cents, startDate: p.start_date, endDate: p.end_date,
    }));
    await archiveRenewedPolicies(tx, { vehicleId: vehicle.id, plate: v.plate, renewsCaseId: null, eventId: null }, policies, now);
    const cases = await tx.selectFrom('renewal_cases').select('id').where('vehicle_id', '=', vehicle.id).orderBy('id').execute();
    return { vehicleId: vehicle.id, caseIds: cases.map((c) => c.id) };
  });
  ctx.err.write(ctx.t(unplated ? 'archive.add.doneUnplated' : 'archive.add.done', { plate: v.plate, vin: v.vin ?? '', policies: row.policies.length }) + '\n');
  return {
    vehicle_id: added.vehicleId,
    plate: unplated ? null : v.plate,
    vin: v.vin,
    business,
    policies: row.policies.map((p) => ({ kind: p.kind, policy_no: p.policy_no, end_date: p.end_date, premium: p.premium_cents === null ? null : p.premium_cents / 100 })),
    case_ids: added.caseIds,
  };
}
