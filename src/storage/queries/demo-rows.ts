/**
 * The column order of the rows the demo generator hands a `DemoSink`
 * (src/storage/ports.ts): the generator (src/features/demo/db-sink.ts) lists its
 * values in this order, each engine's sink inserts them in it.
 */
import type { CaseProjection } from '../../rules/case-projection.js';
import type { RegisterEvent } from '../schema.js';
import { COPIED_FIELDS } from './case-copies.js';

export const VEHICLE_COLUMNS = [
  'id', 'plate', 'vin', 'engine_no', 'model', 'first_registration', 'owner', 'insured', 'phone', 'id_no', 'installment',
  'specialist', 'do_not_call_until', 'store', 'created_at', 'updated_at',
] as const;
export const PROJECTION_COLUMNS = [
  'status', 'closed_at', 'closed_by', 'renewed_insurer', 'renewed_compulsory_cents', 'renewed_commercial_cents',
  'renewed_premium_cents', 'lost_reason', 'sms_sent_at', 'attempts', 'unanswered', 'last_contact_at', 'last_outcome',
  'next_contact_at', 'reached', 'quoted',
] as const satisfies readonly (keyof CaseProjection)[];
export const CASE_COLUMNS = [
  'id', 'vehicle_id', 'due_date', 'compulsory_end', 'commercial_end', 'last_premium_cents', 'last_insurer',
  ...PROJECTION_COLUMNS, ...COPIED_FIELDS, 'created_at', 'updated_at',
] as const;
export const POLICY_COLUMNS = [
  'id', 'vehicle_id', 'case_id', 'renews_case_id', 'kind', 'insurer', 'policy_no', 'natural_key', 'premium_cents',
  'start_date', 'end_date', 'created_at', 'updated_at',
] as const;
export const EVENT_COLUMNS = [
  'id', 'case_id', 'vehicle_id', 'at', 'recorded_at', 'specialist', 'outcome', 'channel', 'duration_s', 'next_at', 'reason',
  'note', 'objections', 'insurer', 'kinds', 'compulsory_cents', 'commercial_cents', 'premium_cents', 'start_date', 'until',
  'policy_id', 'supersedes_id', 'actor',
] as const satisfies readonly (keyof RegisterEvent)[];
