/**
 * The store's cover catalogue (data/coverages.json, after the 2020 reformed commercial
 * clauses), validated on load: every cover needs a unique code, a sum-insured kind,
 * and names and a description in both languages. Quotes store the codes.
 */
import type { Lang } from '../../i18n/index.js';
import { readDataJson } from '../data-files.js';
import { RenewError } from '../../errors.js';

/** What a cover's sum insured (保额) is: the car's value, a chosen limit, a limit per seat, or none. */
export const SUM_INSURED_KINDS = ['vehicle_value', 'limit', 'per_seat', 'none'] as const;
export type SumInsuredKind = (typeof SUM_INSURED_KINDS)[number];

/** Main covers, add-on riders (附加险) and the value-added service riders (增值服务特约). */
export const COVER_GROUPS = ['main', 'addon', 'service'] as const;
export type CoverGroup = (typeof COVER_GROUPS)[number];

export interface Coverage {
  code: string;
  group: CoverGroup;
  sumInsured: SumInsuredKind;
  /** The usual limits offered, in yuan (三者 100万/200万/300万...); empty when the store lists none. */
  limits: number[];
  /** Offered only when the vehicle is a new-energy one. */
  nevOnly: boolean;
  name: Record<Lang, string>;
  description: Record<Lang, string>;
}

export const COVERAGES_FILE = 'coverages.json';

/** Loads and checks the catalogue from the first data folder that has it (RENEW_DATA_DIR first). */
export function loadCoverages(dirs: readonly string[]): Coverage[] {
  const { path, value } = readDataJson(dirs, COVERAGES_FILE);
  return parseCoverages(path, value);
}

/** Checks a parsed catalogue; `path` is only for messages. */
export function parseCoverages(path: string, value: unknown): Coverage[] {
  const list = (value as { coverages?: unknown })?.coverages;
  const bad = (entry: string, problem: string) => new RenewError('errors.dataFileEntry', { path, entry, problem });
  if (!Array.isArray(list) || list.length === 0) throw bad('coverages', 'a non-empty "coverages" list is required');
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    const entry = typeof c.code === 'string' ? c.code : `#${i + 1}`;
    if (typeof c.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(c.code)) throw bad(entry, 'code must be lower-case letters, digits or _');
    if (seen.has(c.code)) throw bad(entry, 'duplicate code');
    seen.add(c.code);
    if (!(COVER_GROUPS as readonly unknown[]).includes(c.group)) throw bad(entry, `"group" must be one of ${COVER_GROUPS.join(', ')}`);
    if (!(SUM_INSURED_KINDS as readonly unknown[]).includes(c.sum_insured)) {
      throw bad(entry, `"sum_insured" must be one of ${SUM_INSURED_KINDS.join(', ')}`);
    }
    if (typeof c.nev_only !== 'boolean') throw bad(entry, '"nev_only" must be true or false');
    for (const field of ['name', 'description'] as const) {
      const v = c[field] as Record<string, unknown> | undefined;
      if (!v || typeof v['zh-CN'] !== 'string' || typeof v.en !== 'string' || !v['zh-CN'].trim() || !v.en.trim()) {
        throw bad(entry, `"${field}" needs zh-CN and en text`);
      }
    }
    const limits = c.limits ?? [];
    if (!Array.isArray(limits) || !limits.every((n) => Number.isSafeInteger(n) && (n as number) > 0)) {
      throw bad(entry, '"limits" must be a list of whole yuan amounts above 0');
    }
    if (limits.length > 0 && (c.sum_insured === 'none' || c.sum_insured === 'vehicle_value')) {
      throw bad(entry, `"limits" makes no sense when "sum_insured" is ${String(c.sum_insured)}`);
    }
    return {
      code: c.code,
      group: c.group as CoverGroup,
      sumInsured: c.sum_insured as SumInsuredKind,
      limits: limits as number[],
      nevOnly: c.nev_only,
      name: c.name as Record<Lang, string>,
      description: c.description as Record<Lang, string>,
    };
  });
}

/** The covers to offer a vehicle: new-energy clauses only for a new-energy one, and the ordinary damage cover not for it. */
export function coversFor(catalogue: readonly Coverage[], newEnergy: boolean): Coverage[] {
  const hasNevDamage = catalogue.some((c) => c.code === 'nev_damage');
  return catalogue.filter((c) => (newEnergy ? !(c.code === 'damage' && hasNevDamage) : !c.nevOnly));
}
