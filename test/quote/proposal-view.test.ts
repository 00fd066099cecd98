/** The proposal's view model, HTML and short text, without a browser. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RenewError } from '../../src/errors.js';
import { parseProposalTexts } from '../../src/features/quote/proposal-texts.js';
import { buildProposalView, cleanText, formatSum } from '../../src/features/quote/proposal-view.js';
import { escapeHtml, renderProposalHtml } from '../../src/ui/proposal/html.js';
import { renderProposalText } from '../../src/ui/proposal/text.js';
import { expectGolden } from '../helpers/golden.js';
import { SAMPLE_QUOTES, sampleProposal } from './sample-proposal.js';
import { visibleText } from './visible-text.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/proposal');

describe('proposal view', () => {
  it('masks the ID number and the VIN, keeps the plate, and orders covers as the catalogue does', () => {
    const view = buildProposalView(sampleProposal('zh-CN', 2));
    expect(view.customer).toEqual({ name: '王伟', idMasked: '440***********123X' });
    expect(view.vehicle).toMatchObject({ plate: '粤A12345', vinMasked: 'LVG**********3456', newEnergy: false });
    expect(view.rows.map((r) => r.code)).toEqual(['damage', 'third_party', 'driver', 'passenger', 'wheel', 'medical_outside_insurance', 'holiday_double', 'roadside']);
    expect(view.rows[1]).toEqual({ code: 'third_party', name: '第三者责任保险', cells: [{ sum: '100万', premium: '845.90' }, { sum: '200万', premium: '1,096.60' }] });
    expect(view.rows[3]?.cells[0]).toEqual({ sum: '1万/座×4', premium: '70.00' });
    expect(view.rows[4]?.cells[0]).toBeNull();
    expect(view.plans.map((p) => [p.insurer, p.total, p.lowest])).toEqual([['中国人民财产保险', '3,776.30', true], ['平安财产保险', '4,498.60', false]]);
    expect(view.validUntil).toBe('2026-12-08');
    expect(view.lastYear?.covers[0]).toBe('机动车损失保险 14万');
  });

  it('one plan is not marked lowest; four plans are refused, and so is none', () => {
    expect(buildProposalView(sampleProposal('en', 1)).plans[0]?.lowest).toBe(false);
    const four = { ...sampleProposal('en', 3), quotes: [...SAMPLE_QUOTES, SAMPLE_QUOTES[0]!] };
    expect(() => buildProposalView(four)).toThrow(RenewError);
    expect(() => buildProposalView(four)).toThrow('proposal.tooManyPlans');
    expect(() => buildProposalView({ ...four, quotes: [] })).toThrow('proposal.noPlans');
  });

  it('formats sums the way each language says them', () => {
    expect(formatSum(200_000_000, 'zh-CN')).toBe('200万');
    expect(formatSum(12_850_000, 'zh-CN')).toBe('12.85万');
    expect(formatSum(500_000, 'zh-CN')).toBe('5,000元');
    expect(formatSum(200_000_000, 'en')).toBe('¥2,000,000');
  });

  it('removes control characters and escapes every value in the HTML', () => {
    expect(cleanText('王\u0000伟\n先生\u202E')).toBe('王伟 先生');
    expect(escapeHtml('<b>"A&B"</b>\u0007')).toBe('&#60;b&#62;&#34;A&#38;B&#34;&#60;/b&#62;');
    const input = sampleProposal('zh-CN', 1);
    input.customer.name = '<script>alert(1)</script>';
    input.store.name = 'Evil "Store" & Co\u0000';
    input.quotes = [{ ...SAMPLE_QUOTES[0]!, plan: '<img src=x onerror=alert(1)>', note: "it's\u001b[31m red" }];
    const html = renderProposalHtml(buildProposalView(input));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('Evil &#34;Store&#34; &#38; Co');
    expect(html).toContain('it&#39;s[31m red');
  });

  it('is self-contained: no script, no external resource, A4 print rules and a cross-platform Chinese font stack', () => {
    const html = renderProposalHtml(buildProposalView(sampleProposal('zh-CN', 2)));
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import|https?:/i);
    expect(html).toContain('@page { size: A4; margin: 0; }');
    for (const font of ['"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans CJK SC"', '"WenQuanYi Micro Hei"', 'sans-serif']) expect(html).toContain(font);
    expect(renderProposalHtml(buildProposalView(sampleProposal('zh-CN', 2))), 'deterministic').toBe(html);
  });

  it('the short WeChat/SMS version: one line per plan with the sum spelled out', () => {
    expect(renderProposalText(buildProposalView(sampleProposal('zh-CN', 2)))).toBe(
      '【广州华诚丰田4S店】王伟您好，粤A12345的续保报价如下：\n' +
        '方案1 中国人民财产保险 经济型：交强险950.00+车船税360.00+商业险2,466.30=合计3,776.30元\n' +
        '方案2 平安财产保险 推荐型：交强险950.00+车船税360.00+商业险3,188.60=合计4,498.60元\n' +
        '报价有效期至2026-12-08。续保专员李娜 13800138000\n',
    );
    expect(renderProposalText(buildProposalView(sampleProposal('en', 1)))).toBe(
      '[Guangzhou Huacheng Toyota 4S Store] Dear Wang Wei, here are the renewal quotes for 粤A12345:\n' +
        'Plan 1 中国人民财产保险 经济型: compulsory 950.00 + tax 360.00 + commercial 2,466.30 = 3,776.30 CNY\n' +
        'Prices hold until 2026-12-10. Your specialist: Li Na 13800138000\n',
    );
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`the visible text of the two-plan proposal matches fixtures/proposal/${lang}.txt`, () => {
      const html = renderProposalHtml(buildProposalView(sampleProposal(lang, 2)));
      expectGolden(join(GOLDEN, `${lang}.txt`), visibleText(html));
    });
  }
});

describe('proposal text file (data/proposal/<lang>.json)', () => {
  const err = (value: unknown) => {
    try {
      parseProposalTexts('p.json', value);
      return 'no error';
    } catch (e) {
      return `${(e as RenewError).key}: ${JSON.stringify((e as RenewError).vars)}`;
    }
  };
  it('takes lists of sentences and names the entry that is wrong', () => {
    expect(parseProposalTexts('p.json', { claim_service: [' a '], exclusions: [] })).toEqual({ claimService: ['a'], exclusions: [] });
    expect(err({ claim_service: 'a', exclusions: [] })).toBe('errors.dataFileEntry: {"path":"p.json","entry":"claim_service","problem":"\\"claim_service\\" must be a list of sentences"}');
    expect(err({ claim_service: [], exclusions: ['x', ''] })).toBe('errors.dataFileEntry: {"path":"p.json","entry":"exclusions[2]","problem":"must be a non-empty sentence"}');
    expect(err({ claim_service: Array(7).fill('x'), exclusions: [] })).toBe('errors.dataFileEntry: {"path":"p.json","entry":"claim_service","problem":"at most 6 sentences fit on the page"}');
    expect(err({ claim_service: ['x'.repeat(161)], exclusions: [] })).toBe('errors.dataFileEntry: {"path":"p.json","entry":"claim_service[1]","problem":"longer than 160 characters"}');
  });
});
