/** htmlToPdf without a browser: a RenewError that says how to install one, in both languages. */
import { describe, expect, it } from 'vitest';
import { RenewError } from '../../src/errors.js';
import { findChromium, htmlToPdf } from '../../src/features/quote/pdf.js';
import { translator } from '../../src/i18n/index.js';

describe('htmlToPdf', () => {
  it('finds RENEW_CHROMIUM first, then the usual places', () => {
    expect(findChromium({ RENEW_CHROMIUM: '/opt/chrome' }, (p) => p === '/opt/chrome' || p === '/usr/bin/chromium')).toBe('/opt/chrome');
    expect(findChromium({}, (p) => p === '/usr/bin/google-chrome')).toBe('/usr/bin/google-chrome');
    expect(findChromium({}, () => false)).toBeNull();
  });

  it('with no browser, throws a RenewError with an install hint', async () => {
    const err = await htmlToPdf('<p>x</p>', {}, { exists: () => false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenewError);
    const e = err as RenewError;
    expect(e.key).toBe('proposal.pdfNoChromium');
    expect(e.hintKey).toBe('proposal.pdfNoChromiumHint');
    expect(e.exitCode).toBe(1);
    expect(translator('en')(e.key, e.vars)).toMatch(/^Making a PDF needs the Chromium browser, and none was found \(looked for: \/usr\/bin\/chromium, /);
    expect(translator('zh-CN')(e.hintKey!)).toContain('sudo apt-get install chromium');
    expect(translator('en')(e.hintKey!)).toContain('sudo apt-get install chromium');
  });
});
