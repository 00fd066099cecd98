/**
 * `renew sms` as a library call: build the batch, write it for the SMS platform,
 * record it; src/ui/sms.ts shows it and src/commands/sms.ts joins the steps.
 */
import { isoDateTime } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { EXIT, RenewError } from '../../errors.js';
import { DEFAULT_SETTINGS } from '../../rules/settings.js';
import { readStore } from '../stores/scope.js';
import { isEmptyStore } from '../today/due-list.js';
import { buildTodayQueue } from '../today/groups.js';
import { assertKnownSpecialist } from '../today/run.js';
import { buildSmsBatch, markSent, type SmsBatch, type SmsLine } from './batch.js';
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

/** The day's batch, ready to show, write or record (the warnings are for the renderer to say). */
export interface SmsRun extends SmsBatch {
  date: string;
  /** Lines longer than one SMS (billed as several). */
  long: SmsLine[];
}

/** Builds the day's batch; the template and the store's name are checked before anything is written. */
export async function prepareSms(ctx: Context, options: SmsRunOptions): Promise<SmsRun> {
  // The template is checked first: a broken template stops the run before anything is written.
  const template = loadTemplate(ctx.dataDirs, options.template);
  if (await isEmptyStore(ctx.db)) throw new RenewError('errors.emptyDatabase', {}, EXIT.failure, 'errors.emptyDatabaseHint');
  await assertKnownSpecialist(ctx, options.specialist);
  const store = await readStore(ctx);
  const settings = await ctx.settings(store);
  // A batch signed 【本店】 must not reach customers: writing or marking needs the real name.
  if ((options.out !== undefined || options.markSent) && settings.store_name === DEFAULT_SETTINGS.store_name) {
    throw new RenewError('sms.placeholderStoreName', { name: settings.store_name }, EXIT.failure);
  }
  const date = options.date ?? ctx.today;
  const queue = await buildTodayQueue(ctx.db, settings, { date, time: '', specialist: options.specialist, store, only: 'sms' });
  const batch = buildSmsBatch(queue.groups.sms, template, settings, ctx.today);
  return { ...batch, date, long: batch.lines.filter((l) => l.parts > 1) };
}

/** --out: the file for the SMS platform, which needs the full numbers (so the file is owner-only). */
export async function writeSmsFile(ctx: Pick<Context, 't'>, path: string, batch: SmsRun, force: boolean | undefined): Promise<void> {
  const { csvDocument } = await import('../csv-write.js');
  const { writeOutputFile } = await import('../output-file.js');
  writeOutputFile(path, csvDocument([ctx.t('sms.csv.phone'), ctx.t('sms.csv.message')], batch.lines.map((l) => [l.phone, l.message])), { force });
}

/** --mark-sent: records the batch in the register as sent at the batch's date and the current time; returns how many. */
export async function recordSmsSent(ctx: Pick<Context, 'store' | 'now' | 'actor'>, batch: SmsRun): Promise<number> {
  const now = ctx.now();
  return markSent(ctx.store, batch.lines, `${batch.date} ${isoDateTime(now).slice(11)}`, isoDateTime(now), ctx.actor);
}
