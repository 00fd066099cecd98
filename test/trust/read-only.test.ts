/**
 * A database in a read-only place gets one clear line, and is left untouched.
 * Root ignores file permissions, so as root the binary runs as `nobody` (setpriv).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';

const isRoot = process.getuid?.() === 0;
const canDrop = !isRoot || existsSync('/usr/bin/setpriv');

function runUnprivileged(args: string[], db: string) {
  const command = isRoot ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
  const r = spawnSync(command[0] as string, [...command.slice(1), BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: '/tmp', LANG: 'en_US.UTF-8', NO_COLOR: '1', RENEW_DB: db },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(canDrop && process.platform !== 'win32')('read-only locations', () => {
  function readOnlyDb(dirWritable: boolean) {
    const dir = tempDir();
    const db = join(dir, 'renew.db');
    expect(runCli(['settings', 'store_name', '天河店'], { env: { RENEW_DB: db } }).code).toBe(0);
    chmodSync(db, 0o444);
    chmodSync(dir, dirWritable ? 0o777 : 0o555);
    return { dir, db, bytes: readFileSync(db) };
  }

  it('a read-only file in a read-only folder: errors.readOnly naming the file, nothing changed', () => {
    const { db, bytes } = readOnlyDb(false);
    const r = runUnprivileged(['settings', 'store_name', 'X'], db);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: The database ${db} is read-only. Check its permissions or move it somewhere writable.\n` });
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });

  it('a read-only file in a writable folder: reading works, the first write gets errors.readOnly', () => {
    const { db, bytes } = readOnlyDb(true);
    const read = runUnprivileged(['settings', 'store_name', '--json'], db);
    expect(read).toEqual({ code: 0, stdout: '{\n  "store_name": "天河店"\n}\n', stderr: '' });
    const write = runUnprivileged(['settings', 'store_name', 'X'], db);
    expect(write).toEqual({ code: 1, stdout: '', stderr: `error: The database ${db} is read-only. Check its permissions or move it somewhere writable.\n` });
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });
});
