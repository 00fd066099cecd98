/** The start-up path (src/launch.ts): the bundle runs through a per-command V8 code cache. */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const CACHE = fileURLToPath(new URL('../../dist/v8-cache/', import.meta.url));
// A word no other test uses as a command, so this test owns its cache file.
const WORD = 'cachecheck';
const cacheFiles = () => readdirSync(CACHE).filter((f) => f.startsWith(`${WORD}-`) || f.startsWith(`${WORD}.`));

describe('start-up through the code cache', () => {
  it('the first run of a command writes its cache; a damaged cache is rejected, rewritten, and changes nothing', () => {
    if (existsSync(CACHE)) for (const f of cacheFiles()) rmSync(join(CACHE, f));
    const first = runCli([WORD]);
    expect(first.code).toBe(64);
    expect(first.stderr).toContain(`There is no command "${WORD}"`);
    const [file] = cacheFiles();
    expect(file).toMatch(new RegExp(`^${WORD}-\\d+-\\d+\\.bin$`));
    const path = join(CACHE, file as string);
    expect(readFileSync(path).length).toBeGreaterThan(10_000);

    expect(runCli([WORD])).toEqual(first);
    writeFileSync(path, 'not a code cache');
    expect(runCli([WORD])).toEqual(first);
    expect(readFileSync(path).length).toBeGreaterThan(10_000);
    expect(cacheFiles()).toEqual([file]);
  });

  it('a command on a PostgreSQL server has a cache of its own (the engines run different code)', () => {
    if (existsSync(CACHE)) for (const f of cacheFiles()) rmSync(join(CACHE, f));
    const server = 'postgres://nobody@localhost:1/none';
    expect(runCli([WORD, '--db', server]).code).toBe(64);
    expect(runCli([WORD], { env: { RENEW_DB: server } }).code).toBe(64);
    expect(cacheFiles()).toEqual([expect.stringMatching(new RegExp(`^${WORD}\\.pg-\\d+-\\d+\\.bin$`))]);
    expect(runCli([WORD, '--db=/tmp/renew-launch-test.db']).code).toBe(64);
    expect(cacheFiles().sort()).toEqual([expect.stringMatching(new RegExp(`^${WORD}-`)), expect.stringMatching(new RegExp(`^${WORD}\\.pg-`))]);
  });
});
