/** validateQuote: sound quotes pass; each kind of slip is named with its field and message. */
import { describe, expect, it } from 'vitest';
import { dataDirs } from '../../src/features/data-files.js';
import { loadCoverages } from '../../src/features/quote/coverages.js';
import { isRealDate, type Quote, quoteTotal, validateQuote } from '../../src/features/quote/types.js';
import { translator } from '../../src/i18n/index.js';
import { SAMPLE_QUOTES } from './sample-proposal.js';

const catalogue = loadCoverages(dataDirs(undefined));
const base = SAMPLE_QUOTES[1] as Quote;
const problems = (edit: Partial<Quote>, withCatalogue = true) =>
  validateQuote({ ...base, ...edit }, withCatalogue ? catalogue : undefined).map((p) => `${p.field} ${p.key}`);

describe('validateQuote', () => {
  it('accepts the sample quotes, and totals them as compulsory + tax + commercial', () => {
    for (const q of SAMPLE_QUOTES) expect(validateQuote(q, catalogue)).toEqual([]);
    expect(quoteTotal(base)).toBe(95000 + 36000 + 318860);
  });

  it('line premiums must add up to the commercial total', () => {
    expect(problems({ commercial: base.commercial + 1 })).toEqual(['commercial quoteCheck.linesSum']);
    const [p] = validateQuote({ ...base, commercial: 300000 }, catalogue);
    expect(translator('en')(p!.key, p!.vars)).toBe('The cover lines add up to 3188.6 yuan, not the commercial total of 3000 yuan.');
    expect(translator('zh-CN')(p!.key, p!.vars)).toBe('各险种保费合计 3188.6 元，与商业险总额 3000 元不一致。');
  });

  it('lines without premiums are fine; the priced ones must not exceed the total', () => {
    const lines = base.lines.map((l, i) => ({ ...l, premium: i === 0 ? l.premium : null }));
    expect(problems({ lines })).toEqual([]);
    expect(problems({ lines, commercial: 100000 })).toEqual(['commercial quoteCheck.linesExceed']);
    expect(problems({ lines: base.lines.map((l) => ({ ...l, premium: null })) })).toEqual([]);
  });

  it('refuses negative, non-finite, fractional-fen and absurd amounts', () => {
    expect(problems({ compulsory: -95000 })).toEqual(['compulsory quoteCheck.negative']);
    expect(problems({ tax: Number.NaN })).toEqual(['tax quoteCheck.notMoney']);
    expect(problems({ tax: Number.POSITIVE_INFINITY })).toEqual(['tax quoteCheck.notMoney']);
    expect(problems({ compulsory: 950.5 })).toEqual(['compulsory quoteCheck.notMoney']);
    expect(problems({ compulsory: 9_500_000 })).toEqual(['compulsory quoteCheck.tooLarge']);
    const lines = [{ code: 'third_party', sumInsured: 100_000_000_000, premium: base.commercial }];
    expect(problems({ lines })).toEqual(['cover third_party sum quoteCheck.tooLarge']);
    expect(problems({ lines: [{ code: 'damage', sumInsured: 12_800_000, premium: -1 }], commercial: 0 })).toEqual(['cover damage premium quoteCheck.negative']);
  });

  it('factors must lie in their legal bands', () => {
    expect(problems({ ncd: 0.3 })).toEqual(['ncd quoteCheck.badFactor']);
    expect(problems({ ncd: Number.NaN })).toEqual(['ncd quoteCheck.badFactor']);
    expect(problems({ pricingFactor: 8.5 })).toEqual(['pricing_factor quoteCheck.badFactor']);
    expect(problems({ ncd: null, pricingFactor: null })).toEqual([]);
  });

  it('valid-until must be a real calendar day', () => {
    expect(problems({ validUntil: '2026-02-30' })).toEqual(['valid_until quoteCheck.badDate']);
    expect(problems({ validUntil: '2026-1-5' })).toEqual(['valid_until quoteCheck.badDate']);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
  });

  it('checks the lines against the catalogue: known, once, sum insured exactly when the cover has one', () => {
    const line = (code: string, sumInsured: number | null, premium = 0) => ({ code, sumInsured, premium });
    expect(problems({ lines: [line('warp_drive', null)], commercial: 0 })).toEqual(['cover warp_drive quoteCheck.unknownCover']);
    expect(problems({ lines: [line('damage', 12_800_000), line('damage', 12_800_000)], commercial: 0 })).toEqual(['cover damage quoteCheck.duplicateCover']);
    expect(problems({ lines: [line('third_party', null)], commercial: 0 })).toEqual(['cover third_party quoteCheck.sumMissing']);
    expect(problems({ lines: [line('roadside', 100_000)], commercial: 0 })).toEqual(['cover roadside quoteCheck.sumNotAllowed']);
    expect(problems({ lines: [{ ...line('passenger', 1_000_000), seats: 0 }], commercial: 0 })).toEqual(['cover passenger quoteCheck.badSeats']);
    // Without a catalogue only the amounts are checked.
    expect(problems({ lines: [line('warp_drive', null)], commercial: 0 }, false)).toEqual([]);
  });

  it('needs an insurer', () => {
    expect(problems({ insurer: ' ' })).toEqual(['insurer quoteCheck.insurerMissing']);
  });
});
