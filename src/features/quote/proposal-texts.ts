/**
 * The store-editable text on the proposal (data/proposal/<lang>.json): what the store
 * does when a customer claims, and the main exclusions in plain words. Validated on
 * load; the caps keep the document on one A4 page.
 */
import type { Lang } from '../../i18n/index.js';
import { readDataJson } from '../data-files.js';
import { RenewError } from '../../errors.js';

export interface ProposalTexts {
  claimService: string[];
  exclusions: string[];
}

/** At most this many sentences of each kind, each at most this many characters. */
export const PROPOSAL_TEXT_LIMITS = { items: 6, chars: 160 } as const;

export function loadProposalTexts(dirs: readonly string[], lang: Lang): ProposalTexts {
  const { path, value } = readDataJson(dirs, `proposal/${lang}.json`);
  return parseProposalTexts(path, value);
}

/** Checks parsed proposal text; `path` is only for messages. */
export function parseProposalTexts(path: string, value: unknown): ProposalTexts {
  const v = (value ?? {}) as Record<string, unknown>;
  const list = (field: string): string[] => {
    const items = v[field];
    const bad = (entry: string, problem: string) => new RenewError('errors.dataFileEntry', { path, entry, problem });
    if (!Array.isArray(items)) throw bad(field, `"${field}" must be a list of sentences`);
    if (items.length > PROPOSAL_TEXT_LIMITS.items) throw bad(field, `at most ${PROPOSAL_TEXT_LIMITS.items} sentences fit on the page`);
    return items.map((item, i) => {
      const entry = `${field}[${i + 1}]`;
      if (typeof item !== 'string' || item.trim() === '') throw bad(entry, 'must be a non-empty sentence');
      if ([...item].length > PROPOSAL_TEXT_LIMITS.chars) throw bad(entry, `longer than ${PROPOSAL_TEXT_LIMITS.chars} characters`);
      return item.trim();
    });
  };
  return { claimService: list('claim_service'), exclusions: list('exclusions') };
}
