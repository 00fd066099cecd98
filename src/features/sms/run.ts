/** `renew sms` as a library call: build the batch, show or write it, optionally record it. */
import { isoDateTime } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { EXIT, RenewError } from '../../errors.js';
import { maskPhone } from '../../rules/mask.js';
import { DEFAULT_SETTINGS, loadSettings } from '../settings.js';
import { isEmptyStore } from '../today/due-list.js';
import { buildTodayQueue } from '../today/groups.js';
import { assertKnownSpecialist } from '../today/run.js';
import { buildSmsBatch, markSent } from './batch.js';
import { ONE_SMS_CHARS } from './length.js';
import { loadTemplate, TEMPLATE_LANGS, type TemplateLang } from './template.js';

export interface SmsRunOptions {
  date?: string | undefined;
  specialist?: string | undefined;
  template: TemplateLang;
  out?: string | undefined;
  force?: boolean;
  markSent?: boolean;
  json?: boolean;
}

export function parseTemplateLang(value: string): TemplateLang {
  if ((TEMPLATE_LANGS as readonly string[]).includes(value)) return value as TemplateLang;
  throw new RenewError('sms.badTemplateLang', { value }, EXIT.usage);
}

export async function runSms(ctx: Context, options: SmsRunOptions): Promise<void> {
  // The template is checked first: a broken template stops the run before anything is written.
  const template = loadTemplate(ctx.dataDirs, options.template);
  if (await isEmptyStore(ctx.db)) throw new RenewError('errors.emptyDatabase', {}, EXIT.failure, 'errors.emptyDatabaseHint');
  await assertKnownSpecialist(ctx, options.specialist);
  const settings = await loadSettings(ctx.db);
  // A batch signed 【本店】 must not reach customers: writing or marking needs the real name.
  if ((options.out !== undefined || options.markSent) && settings.store_name === DEFAULT_SETTINGS.store_name) {
    throw new RenewError('sms.placeholderStoreName', { name: settings.store_name }, EXIT.failure);
  }
  const now = ctx.now();
  const date = options.date ?? ctx.today;
  const queue = await buildTodayQueue(ctx.db, settings, { date, time: '', specialist: options.specialist, only: 'sms' });
  const batch = buildSmsBatch(queue.groups.sms, template, settings, ctx.today);
  const long = batch.lines.filter((l) => l.parts > 1);
  if (long.length > 0) {
    const list = long.map((l) => ctx.t('sms.longItem', { plate: l.entry.row.plate, chars: [...l.message].length, parts: l.parts })).join(ctx.t('sms.listSeparator'));
    ctx.err.write(ctx.t('sms.tooLong', { count: long.length, max: ONE_SMS_CHARS, list }) + '\n');
  }
  if (batch.noPhone.length > 0) ctx.err.write(ctx.t('sms.noPhone', { count: batch.noPhone.length, plates: batch.noPhone.join(', ') }) + '\n');
  for (const specialist of batch.noSpecialistPhone) ctx.err.write(ctx.t('sms.noSpecialistPhone', { specialist: specialist || '-' }) + '\n');
  if (batch.lines.length === 0) {
    if (options.json) {
      const { printJson } = await import('../../ui/json.js');
      printJson(ctx.out, []);
    }
    ctx.err.write(ctx.t('sms.none', { date }) + '\n');
    return;
  }
  const phone = (p: string) => (ctx.reveal ? p : maskPhone(p));
  if (options.out !== undefined) {
    const { csvDocument } = await import('../csv-write.js');
    const { writeOutputFile } = await import('../output-file.js');
    // The SMS platform needs the full numbers: the file is owner-only.
    writeOutputFile(options.out, csvDocument([ctx.t('sms.csv.phone'), ctx.t('sms.csv.message')], batch.lines.map((l) => [l.phone, l.message])), { force: options.force });
    ctx.err.write(ctx.t('sms.written', { count: batch.lines.length, path: options.out }) + '\n');
  } else if (options.json) {
    const { printJson } = await import('../../ui/json.js');
    printJson(ctx.out, batch.lines.map((l) => ({ plate: l.entry.row.plate, owner: l.entry.row.owner, phone: phone(l.phone), end_date: l.entry.row.due_date, message: l.message })));
  } else {
    const head = [ctx.t('sms.col.plate'), ctx.t('sms.col.phone'), ctx.t('sms.col.message')];
    const rows = batch.lines.map((l) => [l.entry.row.plate, phone(l.phone), l.message]);
    if (ctx.isTTY) {
      // Messages are long: one block per customer reads better than a table too wide for the screen.
      const { makeChalk } = await import('../../ui/terminal.js');
      const c = makeChalk(ctx.color);
      ctx.out.write(batch.lines.map((l) => `${c.bold(l.entry.row.plate)}  ${l.entry.row.owner ?? ''}  ${phone(l.phone)}\n  ${l.message}\n`).join('\n'));
    } else {
      const { tsv } = await import('../../ui/plain-text.js');
      ctx.out.write(tsv(head, rows));
    }
  }
  if (options.markSent) {
    const at = `${date} ${isoDateTime(now).slice(11)}`;
    const recorded = await markSent(ctx.store, batch.lines, at, isoDateTime(now));
    ctx.err.write(ctx.t('sms.marked', { count: recorded }) + '\n');
  } else {
    ctx.err.write(ctx.t('sms.notMarked') + '\n');
  }
}
