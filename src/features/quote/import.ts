/**
 * `renew quote import FILE.csv`: the quotes the insurers send back for the morning list.
 * The file is read as `renew import` reads its files (decode.ts: GBK or UTF-8;
 * csv-reader.ts; the same limits), each quote checked as `renew quote` checks its flags
 * (an open case for the plate, a certified insurer, the cover catalogue, line premiums
 * adding up, absurd values), and the good quotes written in one transaction. A quote
 * is found again by its natural key (the case, the insurer and the quote number, else
 * the plan): importing the same file twice changes nothing, a changed price updates.
 * Rejected rows go to `<file>.rejects.csv` with their line, column and reason.
 */
import type { Context } from '../context.js';
import { EXIT, type ExitCode, RenewError } from '../../errors.js';
import { addDays, isoDateTime } from '../../rules/clock.js';
import { type ImportedQuoteOutcome, upsertImportedQuote } from '../../storage/queries/quotes.js';
import type { RenewalCase, Vehicle } from '../../storage/schema.js';
import { certifiedInsurers, loadInsurerAliases } from '../insurers.js';
import { readStore } from '../stores/scope.js';
import { assertCertifiedListSet, checkInsurer } from '../call/outcome.js';
import { MAX_LINE_CHARS, recordChunks, UnclosedQuoteError } from '../import/csv-reader.js';
import { type EncodingName, type ForcedEncoding, openDecoded } from '../import/decode.js';
import { isBlank, MAX_CELL_CHARS } from '../import/parse-rows.js';
import { RejectsFile } from '../import/rejects.js';
import { loadCoverages } from './coverages.js';
import { planQuoteColumns, type QuotePlan, quoteHeader } from './import-columns.js';
import { groupQuoteRows, placeProblem, type QuoteGroup, type QuoteRowIn, readQuoteRow, type RowProblem } from './import-rows.js';
import { openCaseOf, quoteRow } from './record.js';
import { type Quote, validateQuote } from './types.js';

export interface QuoteImportOptions {
  encoding?: ForcedEncoding;
  /** Check everything and count, then write nothing (no rejects file either). */
  dryRun?: boolean;
}

/** A rejected row as the summary shows it: its columns (the file's headers) and reasons, translated. */
export interface RejectedQuoteRow {
  line: number;
  fields: string[];
  reasons: string[];
}

/** What `--json` prints (the first keys) and the status lines show. */
export interface QuoteImportSummary {
  file: string;
  encoding: EncodingName;
  shape: QuotePlan['shape'];
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** Quotes in the file: imported + updated + unchanged + rejected_quotes. */
  quotes: number;
  imported: number;
  updated: number;
  unchanged: number;
  /** Rows rejected (the rejects file's rows). */
  rejected: number;
  rejected_quotes: number;
  rejects_file: string | null;
  dry_run: boolean;
  /** Every rejected row, in file order. */
  rejectedRows: RejectedQuoteRow[];
}

/** Thrown inside the transaction to roll a dry run back with its counts. */
class DryRunRollback extends Error {}

/** Imports one quote file; throws RenewError when the file as a whole cannot be used (nothing written). */
export async function importQuotes(ctx: Context, path: string, options: QuoteImportOptions = {}): Promise<QuoteImportSummary> {
  const aliases = loadInsurerAliases(ctx.dataDirs);
  // Each quote is checked against its vehicle's store's settings (certified insurers, validity), as `renew quote` does.
  const settingsOf = async (store: string | null) => {
    const settings = await ctx.settings(store ?? undefined);
    return { settings, insurers: certifiedInsurers(settings, aliases) };
  };
  // The store being worked in (--store, else the person's): every quote would be refused without its list, so say so once, before reading the file.
  const own = await settingsOf((await readStore(ctx)) ?? null);
  assertCertifiedListSet(own.insurers);
  const catalogue = loadCoverages(ctx.dataDirs);
  const dryRun = options.dryRun === true;

  const { plan, rows, unread, encoding } = await readQuoteFile(path, options.encoding, { aliases, catalogue });
  const summary: QuoteImportSummary = {
    file: path, encoding, shape: plan.shape, rows: rows.length + unread.length, quotes: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0,
    rejected_quotes: 0, rejects_file: null, dry_run: dryRun, rejectedRows: [],
  };
  const problems = new Map<number, RowProblem[]>(unread.map((u) => [u.line, u.problems]));
  const rejectedGroups: QuoteGroup[] = [];
  const good: { group: QuoteGroup; quote: Quote; vehicle: Vehicle; case: RenewalCase; keepValidUntil: boolean }[] = [];
  const cases = new Map<string, Promise<{ vehicle: Vehicle; case: RenewalCase }>>();
  const groups = groupQuoteRows(rows);
  summary.quotes = groups.length;

  for (const g of groups) {
    const first = (g.rows[0] as QuoteRowIn).line;
    const found: { line: number; problem: RowProblem }[] = g.rows.flatMap((r) => r.problems.map((problem) => ({ line: r.line, problem })));
    for (const field of ['compulsory', 'commercial'] as const) {
      if (g.values[field] === undefined && !found.some((f) => f.problem.field === field)) found.push({ line: first, problem: { field, key: 'import.reason.missing', vars: {} } });
    }
    let openCase: { vehicle: Vehicle; case: RenewalCase } | undefined;
    if (g.plate !== '') {
      if (!cases.has(g.plate)) cases.set(g.plate, openCaseOf(ctx, g.plate));
      try {
        openCase = await (cases.get(g.plate) as Promise<{ vehicle: Vehicle; case: RenewalCase }>);
      } catch (e) {
        if (!(e instanceof RenewError)) throw e;
        found.push({ line: first, problem: { field: 'plate', key: e.key, vars: e.vars } });
      }
    }
    const { settings, insurers } = openCase ? await settingsOf(openCase.vehicle.store) : own;
    if (g.insurer !== '') {
      try {
        checkInsurer(g.insurer, insurers);
      } catch (e) {
        if (!(e instanceof RenewError)) throw e;
        found.push({ line: first, problem: { field: 'insurer', key: e.key, vars: e.vars } });
      }
    }
    const v = g.values;
    const quote: Quote = {
      insurer: g.insurer, plan: g.plan, compulsory: v.compulsory ?? 0, tax: v.tax ?? 0, commercial: v.commercial ?? 0, lines: g.lines,
      ncd: v.ncd ?? null, pricingFactor: v.pricingFactor ?? null, gifts: v.gifts ?? [], validUntil: v.validUntil ?? addDays(ctx.today, settings.quote_valid_days),
      note: v.note ?? null,
    };
    // Values already refused while reading are not reported twice.
    if (found.length === 0) {
      for (const p of validateQuote(quote, catalogue)) {
        const at = placeProblem(g, p.field, plan.shape);
        found.push({ line: at.line, problem: { field: at.field, key: p.key, vars: p.vars } });
      }
    }
    if (found.length > 0 || !openCase) {
      rejectedGroups.push(g);
      for (const f of found) problems.set(f.line, [...(problems.get(f.line) ?? []), f.problem]);
      const at = [...new Set(found.map((f) => f.line))].join(', ');
      for (const r of g.rows) if (!problems.has(r.line)) problems.set(r.line, [{ field: '', key: 'quote.import.sameQuote', vars: { lines: at } }]);
      continue;
    }
    good.push({ group: g, quote, vehicle: openCase.vehicle, case: openCase.case, keepValidUntil: v.validUntil === undefined });
  }
  summary.rejected_quotes = rejectedGroups.length;

  const rejects = dryRun ? undefined : new RejectsFile(path, plan.header, [ctx.t('import.rejects.line'), ctx.t('import.rejects.field'), ctx.t('import.rejects.reason')]);
  const cellsOf = new Map<number, string[]>([...rows.map((r) => [r.line, r.cells] as const), ...unread.map((u) => [u.line, u.cells] as const)]);
  for (const line of [...problems.keys()].sort((a, b) => a - b)) {
    const list = problems.get(line) as RowProblem[];
    const fields = list.map((p) => (p.field === '' ? '' : quoteHeader(plan, p.field)));
    // The messages name the column as the file does ("保费", not "cover damage premium").
    const reasons = list.map((p, k) => ctx.t(p.key, p.field === '' ? p.vars : { ...p.vars, field: fields[k] }));
    summary.rejectedRows.push({ line, fields: [...new Set(fields.filter(Boolean))], reasons });
    rejects?.add(line, [...new Set(fields.filter(Boolean))].join(' / '), reasons.join('; '), cellsOf.get(line) ?? []);
  }
  summary.rejected = summary.rejectedRows.length;

  try {
    if (good.length > 0) {
      await ctx.store.write(async (tx) => {
        const createdAt = isoDateTime(ctx.now());
        for (const q of good) {
          const key = q.group.quoteNo !== null ? `#${q.group.quoteNo}` : `=${q.group.plan ?? ''}`;
          const row = quoteRow(q.quote, {
            caseId: q.case.id, vehicleId: q.vehicle.id, createdAt, specialist: q.vehicle.specialist, source: 'import',
            naturalKey: `Q|${q.case.id}|${q.quote.insurer}|${key}`,
          });
          const { outcome } = await upsertImportedQuote(tx, { ...row, natural_key: row.natural_key as string }, { keepValidUntil: q.keepValidUntil });
          summary[outcome satisfies ImportedQuoteOutcome]++;
        }
        if (dryRun) throw new DryRunRollback();
      });
    }
  } catch (e) {
    if (!(e instanceof DryRunRollback)) {
      rejects?.discard();
      throw e;
    }
  }
  summary.rejects_file = rejects?.commit() ?? null;
  return summary;
}

/** 0 when every quote went in, 1 when none did, 2 in between (as `renew import`). */
export function quoteImportExit(s: Pick<QuoteImportSummary, 'imported' | 'updated' | 'unchanged' | 'rejected'>): ExitCode {
  if (s.rejected === 0) return EXIT.ok;
  return s.imported + s.updated + s.unchanged === 0 ? EXIT.failure : EXIT.partial;
}

/** A row refused before it was read as a quote (over the reader's limits). */
interface UnreadRow {
  line: number;
  cells: string[];
  problems: RowProblem[];
}

/** The whole file, read and each row checked on its own (quote files are small: a few hundred rows). */
async function readQuoteFile(
  path: string, encoding: ForcedEncoding | undefined, rules: Parameters<typeof readQuoteRow>[3],
): Promise<{ plan: QuotePlan; rows: QuoteRowIn[]; unread: UnreadRow[]; encoding: EncodingName }> {
  const decoded = await openDecoded(path, encoding);
  let plan: QuotePlan | undefined;
  const rows: QuoteRowIn[] = [];
  const unread: UnreadRow[] = [];
  const onRecord = (cells: string[] | null, line: number) => {
    if (!plan) {
      if (!cells) throw new RenewError('import.headerTooLong', { file: path, limit: MAX_LINE_CHARS });
      plan = planQuoteColumns(cells, path);
      return;
    }
    if (!cells) {
      unread.push({ line, cells: [], problems: [{ field: '', key: 'import.reason.lineTooLong', vars: {} }] });
      return;
    }
    if (isBlank(cells)) return;
    if (cells.some((c) => c.length > MAX_CELL_CHARS)) {
      const cut = cells.map((c) => (c.length > MAX_CELL_CHARS ? `${c.slice(0, MAX_CELL_CHARS)}…` : c));
      unread.push({ line, cells: cut, problems: [{ field: '', key: 'import.reason.cellTooLong', vars: {} }] });
      return;
    }
    rows.push(readQuoteRow(cells, line, plan, rules));
  };
  try {
    for await (const _ of recordChunks(decoded, onRecord)) void _;
  } catch (e) {
    if (e instanceof UnclosedQuoteError) throw new RenewError('import.unclosedQuote', { file: path, line: e.line });
    throw e;
  }
  if (!plan) throw new RenewError('import.noHeader', { file: path });
  if (rows.length + unread.length === 0) throw new RenewError('import.noRows', { file: path });
  return { plan, rows, unread, encoding: decoded.encoding };
}
