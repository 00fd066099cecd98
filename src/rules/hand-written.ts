/**
 * Which policy written by hand an exported one is (issue 15): a renewal recorded on
 * the phone stores its policies before any export carries them; the export that does
 * merges into them instead of adding a second policy and case.
 */
import type { PolicyIn } from './validate.js';

/** The key a vehicle's hand-written policies are found by: kind and end date. */
export function handKey(p: Pick<PolicyIn, 'kind' | 'end_date'>): string {
  return `${p.kind}|${p.end_date}`;
}

/**
 * The hand-written policy (of one vehicle, by `handKey`) that the exported `p` is:
 * same kind and end date, and no number that says otherwise. A renewal typed in
 * without a number is keyed 'K|plate|kind|end'; the export that carries the number
 * is found here, not by its natural key.
 */
export function handWritten<T extends { policy_no: string | null }>(byHand: ReadonlyMap<string, T>, p: PolicyIn): T | undefined {
  const hand = byHand.get(handKey(p));
  if (!hand || (hand.policy_no !== null && p.policy_no !== null && hand.policy_no !== p.policy_no)) return undefined;
  return hand;
}
