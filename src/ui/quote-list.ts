/** A case's quotes as plain lines, cheapest first: what `renew quote <plate> --list` prints. */
import type { Translate } from '../i18n/index.js';
import type { QuoteRow } from '../storage/schema.js';
import type { DueQuoteRow } from '../features/quote/due.js';
import { formatYuan } from '../rules/money.js';
import { quoteTotal } from '../features/quote/types.js';

export function renderQuoteList(t: Translate, plate: string, quotes: readonly QuoteRow[], today: string): string {
  if (quotes.length === 0) return `${t('quote.listNone', { plate })}\n`;
  const lines = [t('quote.listHeading', { plate, count: quotes.length })];
  for (const q of quotes) {
    lines.push(t('quote.listLine', {
      id: q.id,
      insurer: q.insurer,
      plan: q.plan ?? '',
      compulsory: formatYuan(q.compulsory_cents),
      tax: formatYuan(q.tax_cents),
      commercial: formatYuan(q.commercial_cents),
      total: formatYuan(quoteTotal({ compulsory: q.compulsory_cents, tax: q.tax_cents, commercial: q.commercial_cents })),
      date: q.valid_until,
      state: q.valid_until < today ? t('quote.expired') : '',
    }).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** The morning list as plain lines: one vehicle a line, what the quoting desk needs. */
export function renderDueList(t: Translate, date: string, rows: readonly DueQuoteRow[]): string {
  if (rows.length === 0) return `${t('quote.due.none', { date })}\n`;
  const lines = [t('quote.due.heading', { date, count: rows.length })];
  for (const r of rows) {
    lines.push(t('quote.due.line', { plate: r.plate, model: r.model ?? '', vin: r.vin ?? '', first: r.first_registration ?? '', owner: r.owner, insurer: r.last_insurer ?? '', cover: r.last_cover }).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
