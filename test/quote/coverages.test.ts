/** The cover catalogue: the built-in file loads; each validation error names the file and entry; a store file wins. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInDataDir, dataDirs } from '../../src/features/data-files.js';
import { RenewError } from '../../src/errors.js';
import { coversFor, loadCoverages } from '../../src/features/quote/coverages.js';
import { tempDir } from '../helpers/context.js';

type Catalogue = { coverages: Record<string, unknown>[] };

/** A store data folder holding an edited copy of the built-in catalogue. */
function storeDir(edit: (c: Catalogue) => void): { dir: string; path: string } {
  const dir = tempDir('renew-covers-');
  const c = JSON.parse(readFileSync(join(builtInDataDir(), 'coverages.json'), 'utf8')) as Catalogue;
  edit(c);
  const path = join(dir, 'coverages.json');
  writeFileSync(path, JSON.stringify(c));
  return { dir, path };
}

function loadError(dir: string): string {
  try {
    loadCoverages(dataDirs(dir));
  } catch (e) {
    if (e instanceof RenewError) return `${e.key}: ${JSON.stringify(e.vars)}`;
    throw e;
  }
  return 'no error';
}

const entryError = (path: string, entry: string, problem: string) => `errors.dataFileEntry: ${JSON.stringify({ path, entry, problem })}`;

describe('cover catalogue', () => {
  it('the built-in catalogue loads with the 2020 clauses and the NEV clauses', () => {
    const covers = loadCoverages(dataDirs(undefined));
    expect(covers.map((c) => c.code)).toEqual([
      'damage', 'nev_damage', 'third_party', 'driver', 'passenger', 'wheel', 'new_equipment', 'scratch', 'repair_compensation',
      'engine_water_exclusion', 'medical_outside_insurance', 'holiday_double', 'mental_distress', 'cargo', 'roadside', 'safety_check',
      'designated_driver', 'inspection_delivery', 'grid_failure', 'charger_loss', 'charger_liability',
    ]);
    const byCode = Object.fromEntries(covers.map((c) => [c.code, c]));
    expect(byCode.damage).toMatchObject({ sumInsured: 'vehicle_value', nevOnly: false, name: { 'zh-CN': '机动车损失保险', en: 'Vehicle damage' } });
    expect(byCode.third_party).toMatchObject({ sumInsured: 'limit', limits: [1000000, 1500000, 2000000, 3000000, 5000000] });
    expect(byCode.passenger?.sumInsured).toBe('per_seat');
    expect(byCode.roadside).toMatchObject({ group: 'service', sumInsured: 'none' });
    expect(covers.filter((c) => c.nevOnly).map((c) => c.code)).toEqual(['nev_damage', 'grid_failure', 'charger_loss', 'charger_liability']);
  });

  it('offers the NEV clauses (and not the ordinary damage cover) only to a new-energy vehicle', () => {
    const covers = loadCoverages(dataDirs(undefined));
    const petrol = coversFor(covers, false).map((c) => c.code);
    const nev = coversFor(covers, true).map((c) => c.code);
    expect(petrol).toContain('damage');
    expect(petrol).not.toContain('nev_damage');
    expect(petrol).not.toContain('charger_loss');
    expect(nev).not.toContain('damage');
    expect(nev).toEqual(expect.arrayContaining(['nev_damage', 'grid_failure', 'charger_loss', 'charger_liability', 'third_party']));
  });

  it('a store file under RENEW_DATA_DIR wins over the built-in one', () => {
    const { dir } = storeDir((c) => {
      c.coverages = c.coverages.filter((x) => x.code === 'third_party');
      (c.coverages[0] as { name: Record<string, string> }).name['zh-CN'] = '三者险（本店叫法）';
    });
    const covers = loadCoverages(dataDirs(dir));
    expect(covers.map((c) => [c.code, c.name['zh-CN']])).toEqual([['third_party', '三者险（本店叫法）']]);
  });

  it('a syntax error names the file', () => {
    const dir = tempDir('renew-covers-');
    const path = join(dir, 'coverages.json');
    writeFileSync(path, '{ "coverages": [ ');
    expect(loadError(dir)).toBe(`errors.dataFileInvalid: ${JSON.stringify({ path, problem: 'Unexpected end of JSON input' })}`);
  });

  const cases: [string, (c: Catalogue) => void, string, string][] = [
    ['an empty list', (c) => { c.coverages = []; }, 'coverages', 'a non-empty "coverages" list is required'],
    ['a bad code', (c) => { c.coverages[0]!.code = 'Damage!'; }, 'Damage!', 'code must be lower-case letters, digits or _'],
    ['a missing code', (c) => { delete c.coverages[2]!.code; }, '#3', 'code must be lower-case letters, digits or _'],
    ['a duplicate code', (c) => { c.coverages[1]!.code = 'damage'; }, 'damage', 'duplicate code'],
    ['an unknown group', (c) => { c.coverages[0]!.group = 'extra'; }, 'damage', '"group" must be one of main, addon, service'],
    ['an unknown sum-insured kind', (c) => { c.coverages[0]!.sum_insured = 'value'; }, 'damage', '"sum_insured" must be one of vehicle_value, limit, per_seat, none'],
    ['nev_only not a boolean', (c) => { c.coverages[0]!.nev_only = 'no'; }, 'damage', '"nev_only" must be true or false'],
    ['a name without English', (c) => { c.coverages[0]!.name = { 'zh-CN': '车损险' }; }, 'damage', '"name" needs zh-CN and en text'],
    ['an empty description', (c) => { c.coverages[0]!.description = { 'zh-CN': ' ', en: 'x' }; }, 'damage', '"description" needs zh-CN and en text'],
    ['limits not whole yuan', (c) => { c.coverages[2]!.limits = [1000000, 2.5]; }, 'third_party', '"limits" must be a list of whole yuan amounts above 0'],
    ['limits on a cover without a limit', (c) => { c.coverages[0]!.limits = [100000]; }, 'damage', '"limits" makes no sense when "sum_insured" is vehicle_value'],
  ];
  for (const [name, edit, entry, problem] of cases) {
    it(`rejects ${name}, naming the file and the entry`, () => {
      const { dir, path } = storeDir(edit);
      expect(loadError(dir)).toBe(entryError(path, entry, problem));
    });
  }
});
