/**
 * Renders the proposal view as one self-contained HTML file: inline CSS, no script, no
 * network, laid out as an A4 sheet on screen and in print so what the specialist sees is
 * what prints. Every value is HTML-escaped and stripped of control characters.
 */
import { type Translate, translator } from '../../i18n/index.js';
import { cleanText, type PlanView, type ProposalView } from '../../features/quote/proposal-view.js';

export interface HtmlOptions {
  /**
   * Tests only: adds a script that, after layout, writes the page's measurements (content
   * height against the A4 sheet, elements sticking out sideways, the visible text) into
   * `<pre id="renew-measure">`, for `chromium --dump-dom` to read. Never in a sent document.
   */
  measure?: boolean;
}

/** '<b>&' -> '&lt;b&gt;&amp;'; control characters removed first. */
export function escapeHtml(value: string | null | undefined): string {
  return cleanText(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The sheet: A4 with 12 mm margins drawn as padding, so screen and print lay out alike. */
const PAGE = { widthMm: 210, heightMm: 297, padXMm: 12, padYMm: 9 } as const;

const CSS = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #e9edf2; color: #1c2733;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  font-size: 9pt; line-height: 1.38; }
.page { width: ${PAGE.widthMm}mm; min-height: ${PAGE.heightMm}mm; margin: 8mm auto; padding: ${PAGE.padYMm}mm ${PAGE.padXMm}mm; background: #fff; box-shadow: 0 2px 12px rgba(20,40,70,.18); }
@media print { body { background: #fff; } .page { margin: 0; box-shadow: none; min-height: 0; } }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; text-align: right; }
header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2.5pt solid #1f4e79; padding-bottom: 3mm; }
.store { font-size: 14pt; font-weight: 700; color: #1f4e79; letter-spacing: .5pt; }
.contact { color: #52606d; font-size: 8.5pt; margin-top: 1mm; }
.doc { text-align: right; }
h1 { margin: 0; font-size: 17pt; letter-spacing: 2pt; color: #1c2733; white-space: nowrap; }
:lang(en) h1 { letter-spacing: .5pt; }
.brand { flex: 1; min-width: 0; padding-right: 4mm; }
.issued { color: #52606d; font-size: 8.5pt; }
.greeting { margin: 2.5mm 0; }
h2 { font-size: 10.5pt; margin: 0 0 1.5mm; color: #1f4e79; border-left: 3pt solid #1f4e79; padding-left: 2mm; }
.facts { display: flex; gap: 4mm; }
.card { flex: 1; background: #f4f7fa; border-radius: 2mm; padding: 2mm 3mm; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .3mm 3mm; margin: 0; }
dt { color: #52606d; white-space: nowrap; }
dd { margin: 0; overflow-wrap: anywhere; }
.plate { font-weight: 700; letter-spacing: .5pt; }
.badge { display: inline-block; margin-left: 1.5mm; padding: 0 1.5mm; border-radius: 1mm; background: #2e9d5b; color: #fff; font-size: 7.5pt; font-weight: 400; letter-spacing: 0; vertical-align: 1px; }
.plans-section { margin-top: 3mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { padding: .75mm 1.8mm; border-bottom: .5pt solid #d5dde6; vertical-align: top; overflow-wrap: break-word; }
thead th { background: #1f4e79; color: #fff; font-weight: 600; text-align: left; padding-top: 1mm; padding-bottom: 1mm; }
.plans-3 { font-size: 8pt; }
.plans-3 th, .plans-3 td { padding: .5mm 1.3mm; }
thead th.num { white-space: normal; }
thead tr.sub th { background: #dfe8f1; color: #1f4e79; font-weight: 600; font-size: 8.5pt; padding-top: .6mm; padding-bottom: .6mm; }
thead tr.sub th.num { text-align: right; }
.plan-name { font-size: 10pt; }
.plan-sub { font-weight: 400; font-size: 8.5pt; opacity: .9; }
.lowest { display: inline-block; margin-left: 1mm; padding: 0 1.2mm; border-radius: 1mm; background: #f0b429; color: #1c2733; font-size: 7.5pt; font-weight: 700; }
tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: #f7f9fb; }
tbody th { text-align: left; font-weight: 400; }
td.none { color: #9aa5b1; text-align: center; }
tfoot th { text-align: left; font-weight: 600; }
tfoot tr.money td, tfoot tr.money th { border-bottom: .5pt solid #d5dde6; }
tfoot tr.total th, tfoot tr.total td { background: #1f4e79; color: #fff; font-size: 11pt; font-weight: 700; border: 0; padding-top: 1.2mm; padding-bottom: 1.2mm; }
tfoot tr.total small { display: block; font-size: 7.5pt; font-weight: 400; opacity: .85; }
tfoot tr.meta th, tfoot tr.meta td { font-size: 8.5pt; color: #3e4c59; font-weight: 400; }
.valid { margin: 1.5mm 0 0; font-weight: 600; color: #1f4e79; }
.info { display: flex; gap: 4mm; margin-top: 3mm; }
.info > div { flex: 1; }
ol, ul { margin: 0; padding-left: 4.5mm; font-size: 8pt; line-height: 1.35; }
li { margin-bottom: .3mm; }
footer { display: flex; gap: 8mm; margin-top: 7mm; }
.sign { flex: 1; border-top: .75pt solid #1c2733; padding-top: 1.2mm; color: #52606d; font-size: 8.5pt; display: flex; justify-content: space-between; }
`.trim();

/** The proposal as a complete HTML document. */
export function renderProposalHtml(view: ProposalView, options: HtmlOptions = {}): string {
  const t = translator(view.lang);
  const e = escapeHtml;
  const v = view.vehicle;
  const title = `${t('proposal.title')} · ${v.plate}`;
  return `<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<main class="page">
<header>
<div class="brand"><div class="store">${e(view.store.name)}</div><div class="contact">${contactLine(t, view)}</div></div>
<div class="doc"><h1>${e(t('proposal.title'))}</h1><div class="issued">${e(t('proposal.issuedOn', { date: view.issuedOn }))}</div></div>
</header>
<p class="greeting">${e(t('proposal.greeting', { customer: view.customer.name }))}</p>
<section class="facts">
<div class="card"><h2>${e(t('proposal.customerVehicle'))}</h2><dl>
${pair(t('proposal.customer'), e(view.customer.name))}
${view.customer.idMasked ? pair(t('proposal.idNo'), e(view.customer.idMasked)) : ''}
${pair(t('proposal.plate'), `<span class="plate">${e(v.plate)}</span>${v.newEnergy ? `<span class="badge">${e(t('proposal.newEnergy'))}</span>` : ''}`)}
${v.model ? pair(t('proposal.model'), e(v.model)) : ''}
${v.vinMasked ? pair(t('proposal.vin'), e(v.vinMasked)) : ''}
${v.firstRegistration ? pair(t('proposal.firstRegistration'), e(v.firstRegistration)) : ''}
</dl></div>
<div class="card"><h2>${e(t('proposal.lastYear'))}</h2><dl>
${lastYear(t, view)}
</dl></div>
</section>
<section class="plans-section">
<h2>${e(t('proposal.plans'))}</h2>
${planTable(t, view)}
<p class="valid">${e(t('proposal.validUntil', { date: view.validUntil }))}</p>
</section>
<section class="info">
${view.claimService.length ? `<div><h2>${e(t('proposal.claimService'))}</h2><ol>${view.claimService.map((s) => `<li>${e(s)}</li>`).join('')}</ol></div>` : ''}
${view.exclusions.length ? `<div><h2>${e(t('proposal.exclusions'))}</h2><ul>${view.exclusions.map((s) => `<li>${e(s)}</li>`).join('')}</ul></div>` : ''}
</section>
<footer>
<div class="sign"><span>${e(t('proposal.customerSignature'))}</span><span>${e(t('proposal.date'))}</span></div>
<div class="sign"><span>${e(t('proposal.specialistSignature'))} ${e(view.specialist.name)} ${e(view.specialist.phone)}</span><span>${e(t('proposal.date'))}</span></div>
</footer>
</main>
${options.measure ? measureScript() : ''}</body>
</html>
`;
}

function contactLine(t: Translate, view: ProposalView): string {
  const parts = [
    view.store.address && `${t('proposal.address')} ${view.store.address}`,
    view.store.phone && `${t('proposal.phone')} ${view.store.phone}`,
    view.specialist.name && `${t('proposal.specialist')} ${view.specialist.name} ${view.specialist.phone}`.trim(),
  ].filter(Boolean);
  return parts.map((p) => escapeHtml(p as string)).join(' &nbsp;·&nbsp; ');
}

function pair(label: string, valueHtml: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${valueHtml}</dd>`;
}

function lastYear(t: Translate, view: ProposalView): string {
  const last = view.lastYear;
  const none = escapeHtml(t('proposal.none'));
  if (!last) return pair(t('proposal.lastInsurer'), none);
  return [
    pair(t('proposal.lastInsurer'), escapeHtml(last.insurer) || none),
    pair(t('proposal.compulsoryEnds'), escapeHtml(last.compulsoryEnd) || none),
    pair(t('proposal.commercialEnds'), escapeHtml(last.commercialEnd) || none),
    last.covers.length ? pair(t('proposal.lastCovers'), last.covers.map(escapeHtml).join(view.lang === 'zh-CN' ? '、' : ', ')) : '',
  ].join('\n');
}

function planTable(t: Translate, view: ProposalView): string {
  const e = escapeHtml;
  const n = view.plans.length;
  // The cover column gets what the plans leave; each plan splits its share 55/45 between sum and premium.
  const coverPct = n === 1 ? 46 : n === 2 ? 34 : 28;
  const planPct = (100 - coverPct) / n;
  const cols = `<colgroup><col style="width:${coverPct}%">${view.plans.map(() => `<col style="width:${(planPct * 0.55).toFixed(2)}%"><col style="width:${(planPct * 0.45).toFixed(2)}%">`).join('')}</colgroup>`;
  const head = `<thead><tr><th rowspan="2">${e(t('proposal.cover'))}</th>${view.plans.map((p) => `<th colspan="2">${planHead(t, p)}</th>`).join('')}</tr>
<tr class="sub">${view.plans.map(() => `<th>${e(t('proposal.sumInsured'))}</th><th class="num">${e(t('proposal.premium'))}</th>`).join('')}</tr></thead>`;
  const body = view.rows
    .map((r) => `<tr><th>${e(r.name)}</th>${r.cells.map((c) => (c ? `<td>${e(c.sum)}</td><td class="num">${e(c.premium)}</td>` : `<td class="none" colspan="2">${e(t('proposal.notIncluded'))}</td>`)).join('')}</tr>`)
    .join('\n');
  const money = (label: string, pick: (p: PlanView) => string, cls = 'money', labelHtml = e(label)) =>
    `<tr class="${cls}"><th>${labelHtml}</th>${view.plans.map((p) => `<td class="num" colspan="2">${e(pick(p))}</td>`).join('')}</tr>`;
  const meta = (label: string, pick: (p: PlanView) => string[]) =>
    view.plans.some((p) => pick(p).length)
      ? `<tr class="meta"><th>${e(label)}</th>${view.plans.map((p) => `<td colspan="2">${pick(p).map(e).join('<br>')}</td>`).join('')}</tr>`
      : '';
  const foot = [
    money(t('proposal.commercialTotal'), (p) => p.commercial),
    money(t('proposal.compulsory'), (p) => p.compulsory),
    money(t('proposal.tax'), (p) => p.tax),
    money('', (p) => `¥ ${p.total}`, 'total', `${e(t('proposal.total'))}<small>${e(t('proposal.totalFormula'))}</small>`),
    meta(t('proposal.factors'), (p) => (p.factors.length ? [p.factors.join(' · ')] : [])),
    meta(t('proposal.gifts'), (p) => p.gifts),
    meta(t('proposal.note'), (p) => (p.note ? [p.note] : [])),
  ].join('\n');
  return `<table class="plans plans-${n}">${cols}\n${head}\n<tbody>\n${body}\n</tbody>\n<tfoot>\n${foot}\n</tfoot></table>`;
}

function planHead(t: Translate, p: PlanView): string {
  const e = escapeHtml;
  const sub = [p.label, p.plan].filter(Boolean).join(' · ');
  return `<div class="plan-name">${e(p.insurer)}${p.lowest ? `<span class="lowest">${e(t('proposal.lowest'))}</span>` : ''}</div><div class="plan-sub">${e(sub)}</div>`;
}

/** See HtmlOptions.measure. Pixels are CSS pixels (96 per inch). */
function measureScript(): string {
  const mm = 96 / 25.4;
  return `<script>
addEventListener('load', () => {
  const page = document.querySelector('.page');
  const box = page.getBoundingClientRect();
  const sheetHeight = ${PAGE.heightMm * mm};
  let bottom = box.top;
  for (const child of page.children) bottom = Math.max(bottom, child.getBoundingClientRect().bottom);
  const right = box.right - ${PAGE.padXMm * mm} + 0.5;
  const wide = [...page.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > right || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline')
    .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  const out = document.createElement('pre');
  out.id = 'renew-measure';
  out.textContent = JSON.stringify({ contentHeight: bottom - box.top + ${PAGE.padYMm * mm}, sheetHeight, overflowing: wide, text: page.innerText });
  document.body.appendChild(out);
});
</script>
`;
}
