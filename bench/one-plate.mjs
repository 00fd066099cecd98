// Many rows of ONE plate against as many rows of distinct plates (issue 13.17: the
// one-plate file must take at most 2x as long), each imported by the built binary
// into a fresh empty database, round robin in the same run, medians.
//
//   npm run build && node bench/one-plate.mjs [--rows 32000] [--runs 3]
//
// Both files have the same columns, policy numbers and end dates (spread over ten
// years, so the one plate gets many cases and each case many policies); only the
// plate differs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, flag, median, option, timeRun } from './lib.mjs';

const rows = Number(option('rows', '32000'));
const runs = Number(option('runs', '3'));
const dir = mkdtempSync(join(tmpdir(), 'renew-bench-one-plate-'));

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const plateOf = (i) => `粤${LETTERS[Math.floor(i / 100000) % LETTERS.length]}${String(i % 100000).padStart(5, '0')}`;
const day = (n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

function write(name, plate) {
  const lines = ['车牌号,保单号,险种类型,保费,起保日期,到期日期'];
  for (let i = 0; i < rows; i++) {
    const end = i % 3650;
    lines.push(`${plate(i)},P${String(i).padStart(9, '0')},${i % 2 ? '商业险' : '交强险'},${1000 + (i % 500)},${day(end)},${day(end + 365)}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const files = { distinct: write('distinct.csv', plateOf), onePlate: write('one-plate.csv', () => '粤A00001') };
const times = { distinct: [], onePlate: [] };
for (let r = 0; r < runs; r++) {
  for (const [label, file] of Object.entries(files)) {
    const db = join(dir, `${label}-${r}.db`);
    times[label].push(timeRun(process.execPath, [BIN, '--db', db, 'import', file, '--json']).ms);
  }
}
const distinct = median(times.distinct);
const onePlate = median(times.onePlate);
console.log(`${rows} rows each, ${runs} rounds, medians (fresh database per run)`);
console.log(`distinct plates: ${(distinct / 1000).toFixed(2)} s`);
console.log(`one plate:       ${(onePlate / 1000).toFixed(2)} s`);
console.log(`one plate / distinct: ${(onePlate / distinct).toFixed(2)}x (target <= 2x)`);
if (!flag('keep')) rmSync(dir, { recursive: true, force: true });
