/**
 * The proposal's short version for WeChat or SMS: a greeting, one line per plan with
 * 交强险 + 车船税 + 商业险 = total, and the validity and specialist. Plain text, no markup.
 */
import { translator } from '../../i18n/index.js';
import type { ProposalView } from '../../features/quote/proposal-view.js';

/** e.g. '【某某4S店】王先生您好，粤A12345的续保报价如下：\n方案1 人保财险 推荐型：交强险950.00+...' */
export function renderProposalText(view: ProposalView): string {
  const t = translator(view.lang);
  const lines = [t('proposal.text.greeting', { store: view.store.name, customer: view.customer.name, plate: view.vehicle.plate })];
  for (const p of view.plans) {
    const name = [p.label, p.insurer, p.plan].filter(Boolean).join(' ');
    lines.push(t('proposal.text.plan', { name, compulsory: p.compulsory, tax: p.tax, commercial: p.commercial, total: p.total }));
  }
  lines.push(t('proposal.text.footer', { date: view.validUntil, specialist: view.specialist.name, phone: view.specialist.phone }).trim());
  return `${lines.join('\n')}\n`;
}
