/** The team commands' output: the people table, the split's shares, the recycled cases; JSON for --json. */
import type { Io } from '../features/context.js';
import type { RecycleResult } from '../features/team/recycle.js';
import type { SplitResult } from '../features/team/assign.js';
import type { UserWithLoad } from '../features/team/users.js';
import { formatYuan } from '../rules/money.js';

type Out = Pick<Io, 'out' | 'err' | 't'>;

/** `renew user list`: one row per person; --json gives the same fields. */
export async function printUsers(o: Out, users: readonly UserWithLoad[], json: boolean): Promise<void> {
  const rows = users.map((u) => ({ name: u.name, role: u.role, store: u.store, disabled: u.disabled_at !== null, disabled_at: u.disabled_at, open_cases: u.open_cases }));
  if (json) {
    const { printJson } = await import('./json.js');
    printJson(o.out, rows);
    return;
  }
  if (rows.length === 0) {
    o.err.write(o.t('team.user.none') + '\n');
    return;
  }
  const { plainTable } = await import('./terminal.js');
  const { t } = o;
  o.out.write(
    plainTable(
      [t('team.user.col.name'), t('team.user.col.role'), t('team.user.col.store'), t('team.user.col.disabled'), t('team.user.col.open')],
      rows.map((r) => [r.name, t(`team.role.${r.role}`), r.store ?? '', r.disabled_at ?? '', String(r.open_cases)]),
      ['l', 'l', 'l', 'l', 'r'],
    ),
  );
}

/** `renew assign --split`: each person's share on stderr (or the result as JSON on stdout). */
export async function printSplit(o: Out, result: SplitResult, json: boolean): Promise<void> {
  if (result.skipped.length > 0) o.err.write(o.t('team.assign.skipped', { names: result.skipped.join(', ') }) + '\n');
  for (const s of result.shares) o.err.write(o.t('team.assign.share', { name: s.name, cases: s.cases, premium: formatYuan(s.premium_cents) }) + '\n');
  o.err.write(o.t('team.assign.splitDone', { moved: result.moved }) + '\n');
  if (json) {
    const { printJson } = await import('./json.js');
    printJson(o.out, { shares: result.shares.map((s) => ({ name: s.name, cases: s.cases, premium: s.premium_cents / 100 })), skipped: result.skipped, moved: result.moved });
  }
}

/** `renew recycle`: the summary line, then the cases as a table, or JSON. */
export async function printRecycled(o: Out, result: RecycleResult, days: number, json: boolean): Promise<void> {
  const count = result.cases.length;
  o.err.write(o.t(count === 0 ? 'team.recycle.nothing' : result.dry_run ? 'team.recycle.dryRun' : 'team.recycle.done', { count, days }) + '\n');
  if (json) {
    const { printJson } = await import('./json.js');
    printJson(o.out, result);
    return;
  }
  if (count === 0) return;
  const { plainTable } = await import('./terminal.js');
  const { t } = o;
  o.out.write(
    plainTable(
      [t('team.recycle.col.plate'), t('team.recycle.col.from'), t('team.recycle.col.due'), t('team.recycle.col.last')],
      result.cases.map((c) => [c.plate, c.from, c.due_date, c.last_contact_at?.slice(0, 16) ?? '']),
    ),
  );
}
