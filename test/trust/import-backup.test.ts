/** `renew import` backs the database up first when it holds policies and the file is large (setting). */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { policyCsv } from '../reliability/csv-gen.js';
import { dumpTables } from './seed.js';

describe('backup before import', () => {
  it('none into an empty database or on a dry run; one before a large real import, holding the data as it was', () => {
    const dir = tempDir();
    const env = { RENEW_DB: join(dir, 'renew.db'), RENEW_TODAY: '2026-11-24 10:00' };
    writeFileSync(join(dir, 'a.csv'), policyCsv(20));
    writeFileSync(join(dir, 'b.csv'), policyCsv(20, 100));
    expect(runCli(['settings', 'backup_before_import_rows', '10'], { env }).code).toBe(0);
    expect(runCli(['import', join(dir, 'a.csv')], { env }).stderr).not.toContain('Backed up');
    const before = new Sqlite(env.RENEW_DB, { readonly: true });
    const data = dumpTables(before);
    before.close();
    expect(runCli(['import', join(dir, 'b.csv'), '--dry-run'], { env }).stderr).not.toContain('Backed up');
    const real = runCli(['import', join(dir, 'b.csv')], { env });
    expect(real.code).toBe(0);
    const backup = join(dir, 'renew-before-import-20261124-100000.db');
    expect(real.stderr.split('\n')[0]).toBe(`Backed up the database before importing: ${backup} (${(statSync(backup).size / 1024).toFixed(1)} KB).`);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const copy = new Sqlite(backup, { readonly: true });
    expect(dumpTables(copy)).toEqual(data);
    copy.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.db')).sort()).toEqual(['renew-before-import-20261124-100000.db', 'renew.db']);
  });

  it('a small file (below the setting) is imported without a backup', () => {
    const dir = tempDir();
    const env = { RENEW_DB: join(dir, 'renew.db') };
    writeFileSync(join(dir, 'a.csv'), policyCsv(20));
    writeFileSync(join(dir, 'b.csv'), policyCsv(5, 100));
    expect(runCli(['import', join(dir, 'a.csv')], { env }).code).toBe(0);
    const r = runCli(['import', join(dir, 'b.csv')], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('Backed up');
    expect(readdirSync(dir).filter((f) => f.endsWith('.db'))).toEqual(['renew.db']);
  });
});
