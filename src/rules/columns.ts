/**
 * Which column holds what: header names (English field names or the Chinese
 * names dealer systems export) mapped to fields, `--map` for anything else, and
 * the file's shape read off the header.
 */
import { EXIT, RenewError } from '../errors.js';
import { halfWidth } from './values.js';

export const VEHICLE_FIELDS = [
  'plate', 'vin', 'engine_no', 'model', 'first_registration', 'owner', 'insured', 'phone', 'id_no', 'address',
  'specialist', 'installment', 'beneficiary',
] as const;
export const POLICY_FIELDS = ['insurer', 'policy_no', 'kind', 'premium', 'start_date', 'end_date', 'coverages'] as const;
/**
 * The customer's business type (业务类型: 新保/续保/转保). Read from an import's column;
 * `renew add` takes it as its own --business, whose default depends on the plate.
 */
export const CUSTOMER_FIELDS = ['business'] as const;
/** One row per vehicle: each kind has its own columns. */
export const KIND_FIELDS = [
  'compulsory_end', 'compulsory_start', 'compulsory_premium', 'compulsory_policy_no', 'compulsory_insurer',
  'commercial_end', 'commercial_start', 'commercial_premium', 'commercial_policy_no', 'commercial_insurer',
] as const;

/** The fields of a vehicle-shaped row (the vehicle, then each kind's own columns): what `renew add` takes as flags. */
export const VEHICLE_ROW_FIELDS = [...VEHICLE_FIELDS, ...KIND_FIELDS] as const;

export type Field = (typeof VEHICLE_FIELDS)[number] | (typeof CUSTOMER_FIELDS)[number] | (typeof POLICY_FIELDS)[number] | (typeof KIND_FIELDS)[number];
export const FIELDS: readonly Field[] = [...VEHICLE_FIELDS, ...CUSTOMER_FIELDS, ...POLICY_FIELDS, ...KIND_FIELDS];

/** Chinese (and common English) header names per field. The field's own name always works too. */
export const ALIASES: Record<Field, readonly string[]> = {
  plate: ['车牌号', '车牌号码', '车牌', 'plate_no', 'license_plate'],
  vin: ['车架号', 'VIN', '车辆识别代号', '车辆识别代码', 'VIN码'],
  engine_no: ['发动机号', '发动机号码'],
  model: ['品牌型号', '车型', '厂牌型号'],
  first_registration: ['初次登记日期', '初登日期', '注册日期'],
  owner: ['车主', '客户姓名', '行驶证车主', '车主姓名'],
  insured: ['被保险人'],
  phone: ['联系电话', '手机号', '手机', '电话', '手机号码', 'mobile'],
  id_no: ['身份证号', '证件号码', '身份证号码'],
  address: ['地址', '联系地址'],
  specialist: ['续保专员', '负责人'],
  installment: ['是否分期', '分期'],
  beneficiary: ['第一受益人', '贷款银行', '受益人'],
  business: ['业务类型', '投保类型', '新转续', '新续转', '新保/续保/转保', 'business_type'],
  insurer: ['保险公司', '承保公司'],
  policy_no: ['保单号', '保单号码'],
  kind: ['险种类型', '险种'],
  premium: ['保费', '保费(元)', '保费（元）'],
  start_date: ['起保日期', '保险起期'],
  end_date: ['到期日期', '保险止期', '保险到期日', '终保日期'],
  coverages: ['承保险别', '投保险别'],
  compulsory_end: ['交强险到期日', '交强险到期日期', '交强险止期', '交强险保险止期', '交强险终保日期'],
  compulsory_start: ['交强险起保日期', '交强险起期', '交强险保险起期'],
  compulsory_premium: ['交强险保费'],
  compulsory_policy_no: ['交强险保单号'],
  compulsory_insurer: ['交强险保险公司', '交强险承保公司'],
  commercial_end: ['商业险到期日', '商业险到期日期', '商业险止期', '商业险保险止期', '商业险终保日期'],
  commercial_start: ['商业险起保日期', '商业险起期', '商业险保险起期'],
  commercial_premium: ['商业险保费'],
  commercial_policy_no: ['商业险保单号'],
  commercial_insurer: ['商业险保险公司', '商业险承保公司'],
};

/** How headers are compared: half-width, no spaces, lower case ('  ＶＩＮ ' matches 'vin'). */
export function headerKey(name: string): string {
  return halfWidth(name.replace(/^\uFEFF/, '')).replace(/\s+/g, '').replace(/[*＊]/g, '').toLowerCase();
}

/** Header key -> field, from each field's own name and its aliases. */
export function aliasKeys<F extends string>(fields: readonly F[], aliases: Record<F, readonly string[]>): ReadonlyMap<string, F> {
  const m = new Map<string, F>();
  for (const field of fields) {
    m.set(headerKey(field), field);
    for (const alias of aliases[field]) m.set(headerKey(alias), field);
  }
  return m;
}

const BY_KEY = aliasKeys(FIELDS, ALIASES);

/**
 * Column index per field (-1 when absent), `mapped` (from --map) before the aliases;
 * unknown columns are left out. Two columns meaning the same field stop the file:
 * taking either one silently would import the wrong value.
 */
export function indexColumns<F extends string>(
  header: readonly string[], fields: readonly F[], byKey: ReadonlyMap<string, F>, file: string, mapped: ReadonlyMap<string, F> = new Map(),
): Record<F, number> {
  const index = Object.fromEntries(fields.map((f) => [f, -1])) as Record<F, number>;
  header.forEach((name, i) => {
    const key = headerKey(name);
    if (key === '') return;
    const field = mapped.get(key) ?? byKey.get(key);
    if (!field) return; // unknown columns are carried into the rejects file but otherwise ignored
    const before = index[field];
    if (before >= 0) {
      throw new RenewError('import.duplicateColumn', { file, field, first: header[before]?.trim() ?? '', second: name.trim() });
    }
    index[field] = i;
  });
  return index;
}

export function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}

/** `--map "保单号码=policy_no"` -> [header, field]; a usage error names a bad one. */
export function parseMapOption(specs: readonly string[]): Map<string, Field> {
  const map = new Map<string, Field>();
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    const header = at > 0 ? spec.slice(0, at).trim() : '';
    const field = at > 0 ? spec.slice(at + 1).trim() : '';
    if (!header || !isField(field)) {
      throw new RenewError('import.badMap', { spec, fields: FIELDS.join(', ') }, EXIT.usage);
    }
    map.set(headerKey(header), field);
  }
  return map;
}

export type Shape = 'policy' | 'vehicle';

export interface ColumnPlan {
  shape: Shape;
  /** Column index per field (-1 when the file has no such column). */
  index: Record<Field, number>;
  header: readonly string[];
}

/**
 * Reads the header. Throws (the whole file is unusable) when there is no plate
 * column, no end-date column, or two columns that mean the same field: taking
 * either one silently would import the wrong value.
 */
export function planColumns(header: readonly string[], mapped: ReadonlyMap<string, Field>, file: string): ColumnPlan {
  const index = indexColumns(header, FIELDS, BY_KEY, file, mapped);
  if (index.plate < 0) throw new RenewError('import.noPlateColumn', { file, aliases: ALIASES.plate.join('/') }, EXIT.failure, 'import.mapHint');
  const perKind = index.compulsory_end >= 0 || index.commercial_end >= 0;
  if (index.end_date >= 0) {
    if (index.kind < 0) throw new RenewError('import.noKindColumn', { file, aliases: ALIASES.kind.join('/') }, EXIT.failure, 'import.mapHint');
    return { shape: 'policy', index, header };
  }
  if (perKind) return { shape: 'vehicle', index, header };
  throw new RenewError('import.noEndColumn', { file, aliases: ALIASES.end_date.join('/') }, EXIT.failure, 'import.mapHint');
}
