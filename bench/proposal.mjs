// Time to render 200 proposals (the day's list) as HTML, against two baselines measured
// in the same run: JSON.stringify of the same view and the plain WeChat/SMS text. Reports
// the HTML's size. Pure rendering only: no database, no browser (printing to PDF is the
// browser's time, not renew's).
//
//   node bench/proposal.mjs [--count 200] [--runs 15] [--plans 2]
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, option, ROOT } from './lib.mjs';

const count = Number(option('count', '200'));
const runs = Number(option('runs', '15'));
const plans = Number(option('plans', '2'));

// The proposal is not wired to a command yet, so bundle its modules for this run. The
// bundle lives in a temp folder; import.meta.url points back into src/ so data/ is found.
const dir = mkdtempSync(join(tmpdir(), 'renew-bench-proposal-'));
const entry = join(dir, 'entry.ts');
writeFileSync(entry, `
export { buildProposalView } from ${JSON.stringify(join(ROOT, 'src/features/quote/proposal-view.ts'))};
export { renderProposalHtml } from ${JSON.stringify(join(ROOT, 'src/ui/proposal/html.ts'))};
export { renderProposalText } from ${JSON.stringify(join(ROOT, 'src/ui/proposal/text.ts'))};
export { sampleProposal } from ${JSON.stringify(join(ROOT, 'test/quote/sample-proposal.ts'))};
`);
const outfile = join(dir, 'proposal.mjs');
await build({
  entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(ROOT, 'src/features/data-files.ts')).href) },
});
const { buildProposalView, renderProposalHtml, renderProposalText, sampleProposal } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

// 200 customers: the same sample with a different name and plate each, so no string is reused.
const inputs = Array.from({ length: count }, (_, i) => {
  const input = sampleProposal(i % 2 ? 'en' : 'zh-CN', plans);
  input.customer.name += String(i);
  input.vehicle.plate = `粤B${String(10000 + i).slice(-5)}`;
  return input;
});

const tasks = [
  ['baseline: JSON.stringify(view) x' + count, (views) => views.map((v) => JSON.stringify(v))],
  ['baseline: text version x' + count, (views) => views.map(renderProposalText)],
  ['HTML proposal x' + count, (views) => views.map((v) => renderProposalHtml(v))],
  ['view + HTML proposal x' + count, () => inputs.map((input) => renderProposalHtml(buildProposalView(input)))],
];
const views = inputs.map(buildProposalView);
const times = tasks.map(() => []);
let bytes = 0;
for (let r = 0; r < runs; r++) {
  tasks.forEach(([, fn], i) => {
    const t = process.hrtime.bigint();
    const out = fn(views);
    times[i].push(Number(process.hrtime.bigint() - t) / 1e6);
    if (i === 2) bytes = out.reduce((n, html) => n + Buffer.byteLength(html), 0);
  });
}
const medians = times.map(median);
console.log(`${count} proposals, ${plans} plan(s) each, half zh-CN half en; ${runs} rounds (medians), node ${process.version}`);
tasks.forEach(([label], i) => {
  const ratio = i > 0 ? `   x${(medians[i] / medians[0]).toFixed(1)} JSON baseline` : '';
  console.log(`${label.padEnd(36)} ${medians[i].toFixed(1).padStart(8)} ms${ratio}`);
});
console.log(`HTML size: ${(bytes / count / 1024).toFixed(1)} KiB per proposal on average (${plans} plans, inline CSS, no images)`);
