/**
 * What the custody and deposit registers say, read from their entries in force (a
 * correction supersedes an earlier entry, as in the follow-up register): which paper
 * policies the store still holds and since when, and how much of a deposit is held.
 */
import { effectiveEvents } from './case-projection.js';
import { daysBetween } from './clock.js';
import type { CustodyAction, DepositAction, PolicyKind } from './domain.js';

export interface CustodyFacts {
  id: number;
  vehicle_id: number;
  kind: PolicyKind;
  action: CustodyAction;
  on_date: string;
  location: string | null;
  supersedes_id: number | null;
}

export interface Held<E extends CustodyFacts> {
  entry: E;
  /** Days the store has held it on `asOf`. */
  days: number;
}

/**
 * The policies the store holds on `asOf`: for each vehicle and kind, the latest entry
 * in force dated on or before that day (by date, then as recorded) is a receipt.
 * Example: received 2026-11-01, asOf 2026-12-01 -> held, 30 days.
 */
export function heldPolicies<E extends CustodyFacts>(entries: readonly E[], asOf: string): Held<E>[] {
  const latest = new Map<string, E>();
  const inForce = effectiveEvents(entries).filter((e) => e.on_date <= asOf);
  inForce.sort((a, b) => (a.on_date < b.on_date ? -1 : a.on_date > b.on_date ? 1 : a.id - b.id));
  for (const e of inForce) latest.set(`${e.vehicle_id}|${e.kind}`, e);
  return [...latest.values()].filter((e) => e.action === 'received').map((entry) => ({ entry, days: daysBetween(entry.on_date, asOf) }));
}

export interface DepositFacts {
  id: number;
  action: DepositAction;
  amount_cents: number | null;
  on_date: string;
  supersedes_id: number | null;
}

/** Fen still held of a vehicle's deposit: received, less refunded and forfeited, over the entries in force. */
export function depositHeld(entries: readonly DepositFacts[]): number {
  let held = 0;
  for (const e of effectiveEvents(entries)) held += (e.action === 'received' ? 1 : -1) * (e.amount_cents ?? 0);
  return held;
}
