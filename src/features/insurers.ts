/**
 * One insurer, one name. Exports, specialists and settings spell the same insurer
 * many ways (平安 / 平安产险 / 中国平安财产保险股份有限公司); the store's alias list
 * (data/insurers.json, validated on load) maps each to the name its lists and
 * reports show, so the per-insurer table has one row per insurer.
 */
import { readDataJson } from './data-files.js';
import { RenewError } from '../errors.js';
import type { Settings } from '../rules/settings.js';

export const INSURERS_FILE = 'insurers.json';

/** Any spelling (compared without spaces, letters folded to lower case) -> the canonical name. */
export type InsurerAliases = ReadonlyMap<string, string>;

/** How two spellings are compared: full-width letters and spaces do not make a new insurer. */
function aliasKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Reads and checks data/insurers.json: names present, every alias belongs to one insurer only. */
export function loadInsurerAliases(dirs: readonly string[]): InsurerAliases {
  const { path, value } = readDataJson(dirs, INSURERS_FILE);
  const list = (value as { insurers?: unknown })?.insurers;
  const bad = (entry: string, problem: string) => new RenewError('errors.dataFileEntry', { path, entry, problem });
  if (!Array.isArray(list) || list.length === 0) throw bad('insurers', 'a non-empty "insurers" list is required');
  const map = new Map<string, string>();
  list.forEach((raw, i) => {
    const r = raw as { name?: unknown; aliases?: unknown };
    const entry = typeof r.name === 'string' && r.name.trim() !== '' ? r.name : `#${i + 1}`;
    if (typeof r.name !== 'string' || r.name.trim() === '') throw bad(entry, '"name" must be a non-empty text');
    if (!Array.isArray(r.aliases) || !r.aliases.every((a) => typeof a === 'string' && a.trim() !== '')) {
      throw bad(entry, '"aliases" must be a list of non-empty names');
    }
    const name = r.name.trim();
    for (const alias of [name, ...(r.aliases as string[])]) {
      const key = aliasKey(alias);
      const owner = map.get(key);
      if (owner !== undefined && owner !== name) throw bad(entry, `"${alias}" is already a name of ${owner}`);
      map.set(key, name);
    }
  });
  return map;
}

/** The canonical name of an insurer; an unknown name is kept as typed (trimmed). canonicalInsurer('人保', a) -> '中国人保' */
export function canonicalInsurer<T extends string | null>(name: T, aliases: InsurerAliases): T {
  if (name === null) return name;
  const trimmed = name.trim();
  return (aliases.get(aliasKey(trimmed)) ?? trimmed) as T;
}

/** A list of names mapped to canonical names, each once, in first-seen order. */
export function canonicalInsurers(names: readonly string[], aliases: InsurerAliases): string[] {
  return [...new Set(names.map((n) => canonicalInsurer(n, aliases)))];
}

/**
 * The insurers the store may quote, by their canonical names. No fallback: an insurer
 * merely seen in an import is not certified, so an unset list means none.
 */
export function certifiedInsurers(settings: Settings, aliases: InsurerAliases): string[] {
  return canonicalInsurers(settings.certified_insurers, aliases);
}
