/**
 * Today's SMS batch: the `sms` group of the morning queue, one rendered message
 * per customer, and `markSent`, which records them in the register so they leave
 * the group. Marking twice records nothing new: a case whose SMS is already in
 * the register is skipped inside the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Storage } from '../../storage/ports.js';
import { recordEvent } from '../../storage/queries/register.js';
import type { Settings } from '../../rules/settings.js';
import type { TodayEntry } from '../today/groups.js';
import { spokenDate } from '../call/when.js';
import { smsParts } from './length.js';
import { shownPlate } from '../../rules/mask.js';
import { renderTemplate, type SmsTemplate, titleFor } from './template.js';

export interface SmsLine {
  entry: TodayEntry;
  phone: string;
  message: string;
  /** Billed SMS this message costs (more than 1 is reported: see length.ts). */
  parts: number;
}

export interface SmsBatch {
  lines: SmsLine[];
  /** Plates left out because the vehicle has no phone number. */
  noPhone: string[];
  /** Specialists (or '' for unassigned) with no phone and no store phone to fall back on. */
  noSpecialistPhone: string[];
}

/** Renders one message per entry of the sms group; `today` lets the end date be said without its year. */
export function buildSmsBatch(entries: readonly TodayEntry[], template: SmsTemplate, settings: Settings, today?: string): SmsBatch {
  const batch: SmsBatch = { lines: [], noPhone: [], noSpecialistPhone: [] };
  const missing = new Set<string>();
  for (const entry of entries) {
    const r = entry.row;
    if (!r.phone) {
      batch.noPhone.push(r.plate);
      continue;
    }
    const specialist = r.specialist ?? '';
    const specialistPhone = settings.specialist_phones[specialist] || settings.store_phone;
    if (!specialistPhone && template.uses.includes('specialist_phone')) missing.add(specialist);
    const message = renderTemplate(template, {
      customer: r.owner ?? '',
      title: titleFor(template, r.id_no),
      // The message leaves the store: an unplated car's VIN is never spelled out in full.
      plate: shownPlate(r.plate, false),
      end_date: spokenDate(r.due_date, template.lang, today),
      days_left: String(entry.days_left),
      store: settings.store_name,
      store_phone: settings.store_phone,
      specialist,
      specialist_phone: specialistPhone,
    });
    batch.lines.push({ entry, phone: r.phone, message, parts: smsParts(message) });
  }
  batch.noSpecialistPhone = [...missing];
  return batch;
}

/** Records 'sms_sent' for each line's case (one transaction); returns how many were new. */
export async function markSent(store: Pick<Storage, 'write'>, lines: readonly SmsLine[], at: string, recordedAt: string, actor: string | null): Promise<number> {
  return store.write(async (tx) => {
    let recorded = 0;
    for (const { entry } of lines) {
      const current = await tx.selectFrom('renewal_cases').select(['sms_sent_at', 'status']).where('id', '=', entry.row.case_id).executeTakeFirst();
      if (!current || current.sms_sent_at !== null || current.status !== 'open') continue;
      await recordEvent(tx, { caseId: entry.row.case_id, vehicleId: entry.row.vehicle_id, at, outcome: 'sms_sent', channel: 'sms', specialist: entry.row.specialist, actor }, recordedAt);
      recorded++;
    }
    return recorded;
  });
}
