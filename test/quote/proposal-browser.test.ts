/**
 * The proposal in a real browser (headless Chromium, Debian's `chromium`; .ci/run installs
 * it): one A4 page for one, two and three plans, nothing sticking out of the sheet, and the
 * plate, plans and totals in the rendered text. Skipped only where no browser is installed
 * and RENEW_REQUIRE_BROWSER is unset (CI sets it).
 */
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/index.js';
import { countPdfPages, htmlToPdf } from '../../src/features/quote/pdf.js';
import { buildProposalView, type ProposalInput } from '../../src/features/quote/proposal-view.js';
import { renderProposalHtml } from '../../src/ui/proposal/html.js';
import { chromium, measurePage } from '../helpers/chromium.js';
import { sampleProposal } from './sample-proposal.js';

const run = !!chromium || process.env.RENEW_REQUIRE_BROWSER === '1';
const html = (input: ProposalInput, measure = false) => renderProposalHtml(buildProposalView(input), { measure });
const env = { RENEW_CHROMIUM: process.env.RENEW_CHROMIUM };

/** A proposal no page can hold: 40 cover lines, and premiums far too wide for their column. */
function overfull(): ProposalInput {
  const input = sampleProposal('zh-CN', 3);
  const lines = Array.from({ length: 40 }, (_, i) => ({ code: `cover_${i}`, sumInsured: 100_000_00, premium: 999_999_999_999 }));
  input.quotes = input.quotes.map((q) => ({ ...q, lines }));
  return input;
}

describe.skipIf(!run)('proposal in headless Chromium', () => {
  it('prints to exactly one A4 page for one, two and three plans in both languages; an overfull one takes two', async () => {
    const cases: [Lang, number][] = [['zh-CN', 1], ['zh-CN', 2], ['en', 2], ['en', 3], ['zh-CN', 3]];
    // One browser at a time: the test machines have few cores, and parallel launches time out.
    const pdfs: Buffer[] = [];
    for (const input of [...cases.map(([lang, n]) => sampleProposal(lang, n)), overfull()]) pdfs.push(await htmlToPdf(html(input), env, { timeoutMs: 120_000 }));
    expect(pdfs.map((pdf) => pdf.subarray(0, 5).toString())).toEqual(Array(pdfs.length).fill('%PDF-'));
    expect(pdfs.map(countPdfPages)).toEqual([1, 1, 1, 1, 1, 2]);
  }, 600_000);

  it('nothing overflows the sheet, and the plate, plan names and totals are on it', async () => {
    const cases: [Lang, number][] = [['zh-CN', 2], ['en', 2], ['zh-CN', 3], ['en', 3]];
    const measures = [];
    for (const [lang, n] of cases) measures.push(await measurePage(html(sampleProposal(lang, n), true)));
    measures.forEach((m, i) => {
      const [lang, n] = cases[i]!;
      expect(m.overflowing, `${lang} ${n} plans`).toEqual([]);
      expect(m.contentHeight, `${lang} ${n} plans`).toBeLessThanOrEqual(m.sheetHeight);
      expect(m.text).toContain('粤A12345');
      expect(m.text).toContain(lang === 'en' ? 'Motor Insurance Proposal' : '车辆保险建议书');
      for (const name of ['中国人民财产保险', '经济型', '平安财产保险', '推荐型']) expect(m.text).toContain(name);
      for (const total of ['¥ 3,776.30', '¥ 4,498.60']) expect(m.text).toContain(total);
      if (n === 3) expect(m.text).toContain('¥ 5,200.00');
    });
    expect(measures[0]!.text).toContain('应付合计');
    expect(measures[0]!.text).toContain('440***********123X');
    expect(measures[0]!.text).not.toContain('44010619900101123X');
  }, 400_000);

  it('the measurements catch an overfull page: too tall and too wide', async () => {
    const m = await measurePage(html(overfull(), true));
    expect(m.contentHeight).toBeGreaterThan(m.sheetHeight);
    expect(m.overflowing.length).toBeGreaterThan(0);
  }, 120_000);
});
