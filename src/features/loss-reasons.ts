/**
 * The store's loss-reason list (data/loss-reasons.json), validated on load: every
 * reason needs a unique code, labels and an action in both languages.
 */
import type { Lang } from '../i18n/index.js';
import { readDataJson } from './data-files.js';
import { RenewError } from '../errors.js';

export interface LossReason {
  code: string;
  label: Record<Lang, string>;
  /** Objection ids (from the call script) that point to this reason. */
  objections: string[];
  /** The suggested improvement for the monthly report. */
  action: Record<Lang, string>;
}

export const LOSS_REASONS_FILE = 'loss-reasons.json';

export function loadLossReasons(dirs: readonly string[]): LossReason[] {
  const { path, value } = readDataJson(dirs, LOSS_REASONS_FILE);
  const list = (value as { reasons?: unknown })?.reasons;
  const bad = (entry: string, problem: string) => new RenewError('errors.dataFileEntry', { path, entry, problem });
  if (!Array.isArray(list) || list.length === 0) throw bad('reasons', 'a non-empty "reasons" list is required');
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const r = raw as Partial<LossReason>;
    const entry = typeof r.code === 'string' ? r.code : `#${i + 1}`;
    if (typeof r.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(r.code)) throw bad(entry, 'code must be lower-case letters, digits or _');
    if (seen.has(r.code)) throw bad(entry, 'duplicate code');
    seen.add(r.code);
    for (const field of ['label', 'action'] as const) {
      const v = r[field];
      if (!v || typeof v['zh-CN'] !== 'string' || typeof v.en !== 'string') throw bad(entry, `"${field}" needs zh-CN and en text`);
    }
    if (r.objections !== undefined && (!Array.isArray(r.objections) || !r.objections.every((o) => typeof o === 'string'))) {
      throw bad(entry, '"objections" must be a list of objection ids');
    }
    return { code: r.code, label: r.label as Record<Lang, string>, objections: r.objections ?? [], action: r.action as Record<Lang, string> };
  });
}

/** The reason an objection raised during a call points to, if any. */
export function reasonForObjections(reasons: readonly LossReason[], objections: readonly string[]): string | undefined {
  for (const objection of [...objections].reverse()) {
    const hit = reasons.find((r) => r.objections.includes(objection));
    if (hit) return hit.code;
  }
  return undefined;
}
