/**
 * `renew sms` as the specialist reads it: the warnings about the batch, then one
 * block per customer on a TTY, a tab-separated table when piped, or JSON. Phones
 * are masked unless --reveal (the file for the SMS platform carries them in full).
 */
import type { Io } from '../features/context.js';
import { ONE_SMS_CHARS } from '../features/sms/length.js';
import type { SmsRun } from '../features/sms/run.js';
import { maskPhone, shownPlate } from '../rules/mask.js';

type Out = Pick<Io, 'out' | 'err' | 't' | 'reveal' | 'color' | 'isTTY'>;

/** A plate as these lists print it (an unplated car's VIN masked unless --reveal). */
const plateOf = (o: Pick<Io, 'reveal'>, plate: string) => shownPlate(plate, o.reveal);

/** What the batch leaves out or bills twice, on stderr. */
export function smsWarnings(o: Pick<Io, 'err' | 't' | 'reveal'>, batch: SmsRun): void {
  const { t } = o;
  if (batch.long.length > 0) {
    const list = batch.long.map((l) => t('sms.longItem', { plate: plateOf(o, l.entry.row.plate), chars: [...l.message].length, parts: l.parts })).join(t('sms.listSeparator'));
    o.err.write(t('sms.tooLong', { count: batch.long.length, max: ONE_SMS_CHARS, list }) + '\n');
  }
  if (batch.noPhone.length > 0) o.err.write(t('sms.noPhone', { count: batch.noPhone.length, plates: batch.noPhone.map((p) => plateOf(o, p)).join(', ') }) + '\n');
  for (const specialist of batch.noSpecialistPhone) o.err.write(t('sms.noSpecialistPhone', { specialist: specialist || '-' }) + '\n');
}

/** An empty batch: `[]` for --json, and a line on stderr. */
export async function printNoSms(o: Pick<Io, 'out' | 'err' | 't'>, batch: SmsRun, json: boolean): Promise<void> {
  if (json) {
    const { printJson } = await import('./json.js');
    printJson(o.out, []);
  }
  o.err.write(o.t('sms.none', { date: batch.date }) + '\n');
}

/** The batch on stdout. */
export async function printSmsBatch(o: Out, batch: SmsRun, json: boolean): Promise<void> {
  const phone = (p: string) => (o.reveal ? p : maskPhone(p));
  if (json) {
    const { printJson } = await import('./json.js');
    printJson(o.out, batch.lines.map((l) => ({ plate: plateOf(o, l.entry.row.plate), owner: l.entry.row.owner, phone: phone(l.phone), end_date: l.entry.row.due_date, message: l.message })));
    return;
  }
  if (o.isTTY) {
    // Messages are long: one block per customer reads better than a table too wide for the screen.
    const { makeChalk } = await import('./terminal.js');
    const c = makeChalk(o.color);
    o.out.write(batch.lines.map((l) => `${c.bold(plateOf(o, l.entry.row.plate))}  ${l.entry.row.owner ?? ''}  ${phone(l.phone)}\n  ${l.message}\n`).join('\n'));
    return;
  }
  const { tsv } = await import('./plain-text.js');
  const head = [o.t('sms.col.plate'), o.t('sms.col.phone'), o.t('sms.col.message')];
  o.out.write(tsv(head, batch.lines.map((l) => [plateOf(o, l.entry.row.plate), phone(l.phone), l.message])));
}
