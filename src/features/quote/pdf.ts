/**
 * HTML -> PDF through a headless Chromium (Debian's `chromium` package or Chrome), when
 * one is installed. renew ships no browser: without one this throws a RenewError that
 * says how to install it. The caller passes the environment (no process access here).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RenewError } from '../../errors.js';

/** Where a browser usually is; RENEW_CHROMIUM, when set, is tried first. */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
] as const;

/** The first browser that exists, or null. */
export function findChromium(env: Record<string, string | undefined>, exists: (path: string) => boolean = existsSync): string | null {
  const candidates = [env.RENEW_CHROMIUM, ...CHROMIUM_PATHS].filter((p): p is string => !!p);
  return candidates.find((p) => exists(p)) ?? null;
}

/** Flags for a quiet, offline, throwaway browser: no sandbox (containers), no GPU, nothing fetched. */
export function headlessArgs(profileDir: string): string[] {
  return [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
    '--disable-component-update', '--disable-sync', '--disable-extensions', `--user-data-dir=${profileDir}`,
  ];
}

/** Renders `html` to PDF bytes; throws proposal.pdfNoChromium (with an install hint) when no browser is found. */
export async function htmlToPdf(
  html: string,
  env: Record<string, string | undefined>,
  options: { exists?: (path: string) => boolean; timeoutMs?: number } = {},
): Promise<Buffer> {
  const browser = findChromium(env, options.exists);
  if (!browser) {
    const looked = [env.RENEW_CHROMIUM, ...CHROMIUM_PATHS].filter(Boolean).join(', ');
    throw new RenewError('proposal.pdfNoChromium', { looked }, undefined, 'proposal.pdfNoChromiumHint');
  }
  const dir = mkdtempSync(join(tmpdir(), 'renew-pdf-'));
  try {
    const page = join(dir, 'proposal.html');
    const out = join(dir, 'proposal.pdf');
    writeFileSync(page, html);
    const args = [...headlessArgs(join(dir, 'profile')), '--no-pdf-header-footer', '--print-to-pdf-no-header', `--print-to-pdf=${out}`, `file://${page}`];
    try {
      await promisify(execFile)(browser, args, { timeout: options.timeoutMs ?? 60_000 });
    } catch (e) {
      throw new RenewError('proposal.pdfFailed', { detail: (e as Error).message.split('\n')[0] });
    }
    if (!existsSync(out)) throw new RenewError('proposal.pdfFailed', { detail: 'no file written' });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pages in a PDF Chromium wrote: its page objects are plain `/Type /Page` dictionaries. */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
