/** The doctor's report as plain text: one line per check, then size, counts and a verdict. */
import type { Io } from '../features/context.js';
import { makeChalk } from './terminal.js';
import { formatBytes } from '../features/trust/backup.js';
import type { DoctorReport } from '../features/trust/doctor.js';

export function renderDoctor(report: DoctorReport, io: Pick<Io, 't' | 'color'>): string {
  const { t } = io;
  const c = makeChalk(io.color);
  const mark = { ok: c.green(t('trust.doctor.ok')), warning: c.yellow(t('trust.doctor.warning')), problem: c.red(t('trust.doctor.problem')) };
  const lines = [t('trust.doctor.title', { path: report.path })];
  for (const check of report.checks) lines.push(`  [${mark[check.status]}] ${t(check.key, check.vars)}`);
  lines.push(`  ${t('trust.doctor.size', { size: formatBytes(report.size_bytes) })}`);
  if (report.counts) lines.push(`  ${t('trust.doctor.counts', { ...report.counts })}`);
  const verdict =
    report.verdict === 'ok' ? t('trust.doctor.verdictOk')
    : report.verdict === 'warnings' ? t('trust.doctor.verdictWarnings', { warnings: report.warnings })
    : t('trust.doctor.verdictProblems', { problems: report.problems });
  lines.push(verdict);
  return lines.join('\n') + '\n';
}
