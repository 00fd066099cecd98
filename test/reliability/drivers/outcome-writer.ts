/**
 * A child process for the reliability suite: records `count` outcomes through the
 * real write path (`Storage.write` + `recordEvent`, which is what `renew call`
 * uses; a SQLite file or a postgres:// URL, as src/storage/open.ts picks) and prints `ack <event id>` only after each commit returns, so the parent
 * knows exactly which writes were acknowledged. Outcomes rotate through
 * no_answer, callback and do_not_call so one write touches events, renewal_cases
 * and vehicles. Bundled with esbuild by the test (no TypeScript loader needed).
 *
 * argv: <db file or URL> <count> <label> [delay-ms]
 */
import { writeSync } from 'node:fs';
import { recordEvent } from '../../../src/storage/queries/register.js';
import { openStorage } from '../../../src/storage/open.js';
import type { Outcome } from '../../../src/storage/schema.js';

const [dbPath = '', countArg = '0', label = 'w', delayArg = '0'] = process.argv.slice(2);
const count = Number(countArg);
const delay = Number(delayArg);
const OUTCOMES: Outcome[] = ['no_answer', 'callback', 'do_not_call'];

const store = await openStorage(dbPath);
const cases = await store.db.selectFrom('renewal_cases').select(['id', 'vehicle_id']).orderBy('id').execute();
writeSync(1, 'ready\n');
let errors = 0;
for (let i = 0; i < count; i++) {
  const c = cases[i % cases.length]!;
  const outcome = OUTCOMES[i % OUTCOMES.length]!;
  const at = `2026-11-24 ${String(9 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
  try {
    const event = await store.write((tx) =>
      recordEvent(tx, {
        caseId: c.id, vehicleId: c.vehicle_id, at, outcome, channel: 'phone', specialist: label,
        note: `${label}-${i}`, nextAt: outcome === 'callback' ? '2026-11-30 10:00' : null, until: outcome === 'do_not_call' ? `2027-01-${String(1 + (i % 28)).padStart(2, '0')}` : null,
      }, at),
    );
    writeSync(1, `ack ${event.id}\n`);
  } catch (e) {
    errors++;
    writeSync(1, `error ${(e as { code?: string }).code ?? ''} ${(e as Error).message}\n`);
  }
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
}
writeSync(1, `done ${errors}\n`);
await store.close();
