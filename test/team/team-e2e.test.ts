/**
 * A store of three specialists and a manager on a PostgreSQL store server, end to
 * end with the built binary (issue 16's "done when", stores aside): the manager adds
 * the people, imports, shares the cases with --split; each specialist's `today` holds
 * only their own; a call in a real terminal (tmux) claims its case and a second
 * specialist is refused; recycle returns the idle cases to the pool, which today
 * offers; history shows every move with who made it. Build first (`npm test` does).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/postgres.js';
import { killSessions, newSession, shellQuote as quote, TMUX, tmux, waitForPrompt, waitUntil } from '../helpers/tmux.js';

const DAY = '2026-11-24 10:00';
const SPECIALISTS = ['王丽', '李强', '张敏'];

/** Nine vehicles whose compulsory cover ends 1..9 December, nobody assigned, premiums 1,000..9,000 yuan. */
function exportFile(): string {
  const header = '车牌号,车主,联系电话,保险公司,保单号,险种类型,保费,起保日期,保险止期';
  const rows = Array.from({ length: 9 }, (_, i) => `粤A2000${i + 1},客户${i + 1},1390000000${i + 1},中国人保,PDZA20250${i + 1},交强险,${(i + 1) * 1000},2025-12-0${i + 1},2026-12-0${i + 1}`);
  const file = join(tempDir('renew-team-e2e-'), 'export.csv');
  writeFileSync(file, [header, ...rows].join('\n') + '\n');
  return file;
}

interface TodayJson {
  calls: { plate: string; specialist: string | null }[];
  mine?: string;
  pool?: { plate: string }[];
  pool_total?: number;
}

describe.skipIf(skipPostgres || !TMUX)('a store of three specialists and a manager on PostgreSQL (built binary)', () => {
  const databases: TestDatabase[] = [];
  afterEach(killSessions);
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it('assign, today per person, a claimed call refusing a colleague, recycle to the pool, moves in history', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const as = (user: string, args: string[], today = DAY) => runCli(args, { env: { RENEW_DB: database.url, RENEW_USER: user, RENEW_TODAY: today, RENEW_LANG: 'en' } });
    const ok = (r: ReturnType<typeof runCli>) => {
      expect(r.code, r.stderr).toBe(0);
      return r;
    };

    // The manager sets the store up: the first user must be a lead or manager.
    expect(as('王丽', ['user', 'add', '王丽', '--role', 'specialist']).code).toBe(64);
    ok(as('赵经理', ['user', 'add', '赵经理', '--role', 'manager']));
    for (const name of SPECIALISTS) ok(as('赵经理', ['user', 'add', name, '--role', 'specialist']));
    expect(JSON.parse(ok(as('赵经理', ['import', exportFile(), '--json'])).stdout)).toMatchObject({ imported: 9, rejected: 0 });
    ok(as('赵经理', ['settings', 'certified_insurers', '["中国人保","平安产险"]']));

    // A specialist may not assign: one line naming the role it needs, exit 77.
    const refused = as('王丽', ['assign', '--split', '王丽,李强']);
    expect([refused.code, refused.stderr]).toEqual([77, 'error: 王丽 (specialist) may not assign cases: that needs a lead or manager.\n']);
    const split = JSON.parse(ok(as('赵经理', ['assign', '--split', SPECIALISTS.join(','), '--json'])).stdout);
    expect(split.shares.map((s: { name: string; cases: number }) => [s.name, s.cases])).toEqual([['王丽', 3], ['李强', 3], ['张敏', 3]]);
    // Rounds of 9..1 thousand yuan leave 16,000 / 15,000 / 14,000: no single swap narrows it further.
    expect(split.shares.map((s: { premium: number }) => s.premium)).toEqual([16000, 15000, 14000]);

    // Each specialist's today holds only their own cases; together, all nine.
    const queues = SPECIALISTS.map((name) => JSON.parse(ok(as(name, ['today', '--json'])).stdout) as TodayJson);
    queues.forEach((q, i) => {
      expect(q.mine).toBe(SPECIALISTS[i]);
      expect(q.calls).toHaveLength(3);
      expect(q.calls.every((c) => c.specialist === SPECIALISTS[i])).toBe(true);
    });
    expect(new Set(queues.flatMap((q) => q.calls.map((c) => c.plate))).size).toBe(9);
    expect((JSON.parse(ok(as('赵经理', ['today', '--json'])).stdout) as TodayJson).calls).toHaveLength(9);
    expect(as('王丽', ['today', '--all']).code).toBe(77);

    // 王丽 opens her first case in a real terminal; 李强 trying the same customer is refused, naming her.
    const plate = queues[0]?.calls[0]?.plate as string;
    const session = `renew-team-e2e-${process.pid}`;
    newSession(session, [
      `RENEW_DB=${quote(database.url)}`, 'RENEW_USER=王丽', `RENEW_TODAY=${quote(DAY)}`, 'RENEW_LANG=en', 'NO_COLOR=1',
      quote(process.execPath), quote(BIN), 'call', quote(plate), '; echo "EXIT=$?"; sleep 60',
    ].join(' '));
    const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
    await waitForPrompt(screen, 'Did the customer answer?');
    const second = as('李强', ['call', plate]);
    expect([second.code, second.stderr]).toEqual([75, `error: 王丽 has had ${plate} open since 10:00: do not dial twice; add --force to take it over.\n`]);
    // Ctrl-C ends her call and releases the claim: 李强 now gets as far as needing a terminal.
    tmux('send-keys', '-t', session, 'C-c');
    await waitUntil(screen, 'EXIT=130');
    expect(as('李强', ['call', plate]).code).toBe(64);

    // 李强 follows up one of his on the 28th; on 2 December nothing else has been touched for 7 days (since the split).
    const liPlate = queues[1]?.calls[0]?.plate as string;
    ok(as('李强', ['call', liPlate, '--outcome', 'no_answer'], '2026-11-28 11:00'));
    const later = '2026-12-02 09:30';
    const recycled = JSON.parse(ok(as('赵经理', ['recycle', '--idle-days', '7', '--json'], later)).stdout);
    expect(recycled.cases).toHaveLength(8);
    expect(recycled.cases.map((c: { plate: string }) => c.plate)).not.toContain(liPlate);
    const wang = JSON.parse(ok(as('王丽', ['today', '--json'], later)).stdout) as TodayJson;
    expect(wang.calls).toHaveLength(0);
    expect(wang.pool_total).toBe(8);

    // History: the split and the recycling, with who did them.
    const history = JSON.parse(ok(as('赵经理', ['history', plate, '--json'], later)).stdout);
    expect(history.moves.map((m: { from: string | null; to: string | null; by: string; why: string }) => [m.from, m.to, m.by, m.why])).toEqual([
      [null, '王丽', '赵经理', 'split'],
      ['王丽', null, '赵经理', 'recycle'],
    ]);
    expect(ok(as('赵经理', ['history', plate], later)).stdout).toMatch(/Assignment\n[^]*王丽\s+\(pool\)\s+赵经理\s+recycled \(idle\)/);
    const users = JSON.parse(ok(as('赵经理', ['user', 'list', '--json'], later)).stdout);
    expect(users.map((u: { name: string; open_cases: number }) => [u.name, u.open_cases])).toEqual([['张敏', 0], ['李强', 1], ['王丽', 0], ['赵经理', 0]]);
  }, 180_000); // some thirty runs of the binary
});
