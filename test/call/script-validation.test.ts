/** The call script is validated on load: errors name the file and the entry. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCall } from '../../src/features/call/run.js';
import { loadCallScript } from '../../src/features/call/script.js';
import { builtInDataDir, dataDirs } from '../../src/features/data-files.js';
import { RenewError } from '../../src/errors.js';
import { loadLossReasons } from '../../src/features/loss-reasons.js';
import { makeTestContext, tempDir } from '../helpers/context.js';
import { keyCountingPrompter } from './keys.js';
import { seedVehicle, ZHANG } from './seed.js';

type Json = Record<string, unknown> & { objections: Record<string, unknown>[] };

/** A store data folder holding an edited copy of the built-in zh-CN script. */
function storeDir(edit: (script: Json) => void, file = 'zh-CN.json'): { dir: string; path: string } {
  const dir = tempDir('renew-script-');
  mkdirSync(join(dir, 'call-script'));
  const script = JSON.parse(readFileSync(join(builtInDataDir(), 'call-script', file), 'utf8')) as Json;
  edit(script);
  const path = join(dir, 'call-script', file);
  writeFileSync(path, JSON.stringify(script, null, 2));
  return { dir, path };
}

function loadError(dir: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const dirs = dataDirs(dir);
  try {
    loadCallScript(dirs, lang, loadLossReasons(dirs));
  } catch (e) {
    if (e instanceof RenewError) return `${e.key}: ${JSON.stringify(e.vars)}`;
    throw e;
  }
  return 'no error';
}

describe('call script validation', () => {
  it('both built-in scripts load and agree on the objection ids', () => {
    const dirs = dataDirs(undefined);
    const ids = (lang: 'zh-CN' | 'en') => loadCallScript(dirs, lang, loadLossReasons(dirs)).objections.map((o) => o.id);
    expect(ids('zh-CN')).toEqual(['not_due', 'too_expensive', 'telesales', 'loyal_discount', 'gift', 'service', 'elsewhere', 'loan']);
    expect(ids('en')).toEqual(ids('zh-CN'));
  });

  it('an unknown placeholder names the entry and the placeholder', () => {
    const { dir, path } = storeDir((s) => {
      (s.opening as { lines: string[] }).lines[1] = '您的{palte}快到期了';
    });
    expect(loadError(dir)).toBe(`call.scriptEntry: ${JSON.stringify({ path, entry: 'opening.lines[1]', problem: 'unknown placeholder {palte} (known: customer, surname, title, plate, model, vin, first_registration, owner, insured, id_no, address, phone, due_date, days_left, compulsory_end, compulsory_days, commercial_end, commercial_days, last_insurer, last_premium, store, store_phone, specialist, specialist_phone, insurer, kind_name, premium, start_date, total, holiday, next_at, beneficiary)' })}`);
  });

  it('a missing stage', () => {
    const { dir, path } = storeDir((s) => {
      delete s.not_sold;
    });
    expect(loadError(dir)).toBe(`call.scriptEntry: ${JSON.stringify({ path, entry: 'not_sold', problem: 'missing stage' })}`);
  });

  it('a duplicate objection id', () => {
    const { dir, path } = storeDir((s) => {
      (s.objections[3] as { id: string }).id = 'telesales';
    });
    expect(loadError(dir)).toBe(`call.scriptEntry: ${JSON.stringify({ path, entry: 'objections.telesales', problem: 'duplicate objection id' })}`);
  });

  it('an objection the loss-reason list refers to but the script lacks', () => {
    const { dir, path } = storeDir((s) => {
      s.objections = s.objections.filter((o) => o.id !== 'gift');
    });
    expect(loadError(dir)).toBe(`call.scriptEntry: ${JSON.stringify({ path, entry: 'objections', problem: 'loss reason "price" refers to objection "gift", which the script lacks' })}`);
  });

  it('a bad read-back entry, too many answers, and a placeholder error in the English file', () => {
    expect(loadError(storeDir((s) => {
      delete (s.close as { readback: Record<string, unknown> }).readback.start_same;
    }).dir)).toContain('"entry":"close.readback.start_same","problem":"expected text"');
    expect(loadError(storeDir((s) => {
      (s.objections[0] as { answers: string[] }).answers.push('a', 'b');
    }).dir)).toContain('"entry":"objections.not_due.answers","problem":"give two or three alternative answers, not more"');
    expect(loadError(storeDir((s) => {
      (s.closing as { holiday: string }).holiday = 'Happy {festival}!';
    }, 'en.json').dir, 'en')).toContain('"entry":"closing.holiday","problem":"unknown placeholder {festival}');
  });

  it('the interactive call reports the error as one translated line before any prompt', async () => {
    const { dir, path } = storeDir((s) => {
      delete s.needs;
    });
    const ctx = await makeTestContext({ dataDir: dir });
    await seedVehicle(ctx.db, ZHANG);
    const prompter = keyCountingPrompter([]);
    const e = (await runCall({ ...ctx, stdinIsTTY: true, prompter }, '粤A12345', {}).catch((err: unknown) => err)) as RenewError;
    expect(ctx.t(e.key, e.vars)).toBe(`话术文件 ${path} 中的 needs 有误：missing stage`);
    expect(prompter.asked).toEqual([]);
  });
});
