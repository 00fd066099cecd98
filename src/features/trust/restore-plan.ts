/**
 * Before `renew restore` writes anything it shows both files (vehicles, policies,
 * last import, last call) and asks, so nobody replaces today's work with last
 * month's backup by a slip. `--yes` skips the question; without a terminal there is
 * nobody to ask, so `--yes` is required.
 */
import type { Io } from '../context.js';
import { CancelledError, EXIT, RenewError } from '../../errors.js';
import type { Prompter } from '../prompter.js';
import type { DatabaseSummary } from '../../storage/ports.js';
import type { RestorePlan } from './restore.js';

/** The plan as lines for stderr: what is there now, and what the backup holds. */
export function renderRestorePlan(plan: RestorePlan, dbPath: string, t: Io['t']): string {
  const summary = (s: DatabaseSummary) =>
    t('trust.restore.planSummary', {
      path: s.path, vehicles: s.vehicles, policies: s.policies,
      last_import: s.last_import ? t('trust.restore.planImport', s.last_import) : t('trust.restore.planNever'),
      last_event: s.last_event ?? t('trust.restore.planNever'),
    });
  const now =
    plan.current === null ? t('trust.restore.planNoDatabase', { path: dbPath })
    : plan.current === 'unreadable' ? t('trust.restore.planUnreadable', { path: dbPath })
    : summary(plan.current);
  return [t('trust.restore.planTitle'), t('trust.restore.planCurrent', { summary: now }), t('trust.restore.planBackup', { summary: summary(plan.backup) })].join('\n') + '\n';
}

/**
 * The `confirm` step of restoreDatabase: nothing with `yes` or when no database exists yet (nothing is
 * replaced); otherwise show the plan and ask (refused without a terminal).
 */
export function askBeforeRestore(io: Pick<Io, 'err' | 't' | 'stdinIsTTY'> & { prompter: Prompter }, dbPath: string, yes: boolean): (plan: RestorePlan) => Promise<void> {
  return async (plan) => {
    if (yes || plan.current === null) return;
    if (!io.stdinIsTTY) throw new RenewError('trust.restore.needYes', { path: dbPath }, EXIT.usage);
    io.err.write(renderRestorePlan(plan, dbPath, io.t));
    if (!(await io.prompter.confirm(io.t('trust.restore.confirm'), { default: false }))) throw new CancelledError();
  };
}
