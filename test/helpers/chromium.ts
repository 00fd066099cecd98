/**
 * Headless Chromium for the proposal tests: finds the browser the way renew does
 * (src/core/quote/pdf.ts) and dumps a page's DOM after load and layout. No network:
 * the documents are self-contained and the flags switch off every background fetch.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findChromium, headlessArgs } from '../../src/features/quote/pdf.js';

export const chromium = findChromium(process.env);

/** The DOM after load and layout (scripts ran), serialised. */
export async function dumpDom(html: string): Promise<string> {
  if (!chromium) throw new Error('no chromium: install the Debian package "chromium"');
  const dir = mkdtempSync(join(tmpdir(), 'renew-chromium-'));
  try {
    const page = join(dir, 'page.html');
    writeFileSync(page, html);
    const args = [...headlessArgs(join(dir, 'profile')), '--window-size=1000,1400', '--virtual-time-budget=5000', '--dump-dom', `file://${page}`];
    const { stdout } = await promisify(execFile)(chromium, args, { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PageMeasure {
  /** CSS pixels from the sheet's top to the end of its content, bottom margin included. */
  contentHeight: number;
  /** An A4 sheet's height in CSS pixels. */
  sheetHeight: number;
  /** Elements that stick out of the sheet's printable width. */
  overflowing: string[];
  /** The page's rendered text (innerText). */
  text: string;
}

/** Renders HTML made with `{ measure: true }` and reads the measurements its script wrote. */
export async function measurePage(html: string): Promise<PageMeasure> {
  const dom = await dumpDom(html);
  const m = /<pre id="renew-measure">([^<]*)<\/pre>/.exec(dom);
  if (!m) throw new Error('the page wrote no measurements (was it rendered with { measure: true }?)');
  const json = m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');
  return JSON.parse(json) as PageMeasure;
}
