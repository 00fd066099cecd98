/**
 * The columns of a quote file (what the insurers send back for the morning list):
 * field names in English or the Chinese headers insurers' desks write, compared the
 * way `renew import` compares its headers (columns.ts: half-width, no spaces, any case).
 * A file has one row per quote (the covers, if any, in one cell: 险别明细) or one row
 * per cover line (a 险别 column; the rows of one quote are grouped).
 */
import { EXIT, RenewError } from '../../errors.js';
import { ALIASES, aliasKeys, indexColumns } from '../../rules/columns.js';

export const QUOTE_FIELDS = [
  'plate', 'insurer', 'quote_no', 'plan', 'compulsory', 'tax', 'commercial', 'valid_until', 'ncd', 'pricing_factor', 'gifts', 'note',
  'covers', 'cover', 'sum_insured', 'seats', 'premium',
] as const;
export type QuoteField = (typeof QUOTE_FIELDS)[number];

/** Header names per field; the field's own name always works too. */
export const QUOTE_ALIASES: Record<QuoteField, readonly string[]> = {
  plate: ALIASES.plate,
  insurer: ['保险公司', '承保公司', '报价公司', 'company'],
  quote_no: ['报价单号', '报价编号', '报价号', 'quote_number'],
  plan: ['方案', '方案名称', '报价方案', '套餐'],
  compulsory: ['交强险', '交强险保费', '交强险(元)', 'compulsory_premium'],
  tax: ['车船税', '车船税(元)', 'vehicle_tax'],
  commercial: ['商业险', '商业险保费', '商业险合计', '商业险总保费', '商业险(元)', 'commercial_premium'],
  valid_until: ['有效期至', '报价有效期', '有效期', '有效期截止', 'valid until'],
  ncd: ['无赔款优待系数', 'NCD系数'],
  pricing_factor: ['自主定价系数', '定价系数', 'pricing factor'],
  gifts: ['赠送', '赠品', '礼品', 'gift'],
  note: ['备注', '说明', 'remark'],
  covers: ['险别明细', '保障明细', 'cover_lines'],
  cover: ['险别', '险别代码', '险别名称', 'cover_code'],
  sum_insured: ['保额', '保险金额', 'sum insured'],
  seats: ['座位数', '投保座位数'],
  premium: ['保费', '险别保费', '保费(元)', 'line_premium'],
};

const BY_KEY = aliasKeys(QUOTE_FIELDS, QUOTE_ALIASES);

/** Without these a row cannot be a quote. */
const REQUIRED: readonly QuoteField[] = ['plate', 'insurer', 'compulsory', 'commercial'];

export interface QuotePlan {
  /** `quote`: one row per quote; `line`: one row per cover line. */
  shape: 'quote' | 'line';
  index: Record<QuoteField, number>;
  header: readonly string[];
}

/** Reads a quote file's header; a missing required column stops the file, naming the headers that would do. */
export function planQuoteColumns(header: readonly string[], file: string): QuotePlan {
  const index = indexColumns(header, QUOTE_FIELDS, BY_KEY, file);
  for (const field of REQUIRED) {
    if (index[field] < 0) throw new RenewError('quote.import.noColumn', { file, field, aliases: QUOTE_ALIASES[field].join('/') }, EXIT.failure);
  }
  return { shape: index.cover >= 0 ? 'line' : 'quote', index, header };
}

/** The file's own header for a field (the field's name when the file has no such column). */
export function quoteHeader(plan: QuotePlan, field: QuoteField): string {
  const i = plan.index[field];
  return i >= 0 ? (plan.header[i] ?? field).trim() : field;
}
