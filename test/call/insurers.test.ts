/** data/insurers.json: one insurer, one name; validated on load like the other data files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirs } from '../../src/features/data-files.js';
import { RenewError } from '../../src/errors.js';
import { canonicalInsurer, loadInsurerAliases } from '../../src/features/insurers.js';

const aliases = loadInsurerAliases(dataDirs(undefined));

describe('canonicalInsurer', () => {
  it.each([
    ['人保', '中国人保'], ['中国人保', '中国人保'], ['人保财险', '中国人保'], ['中国人民财产保险股份有限公司', '中国人保'],
    ['平安', '平安产险'], ['平安产险', '平安产险'], ['中国平安财产保险股份有限公司', '平安产险'],
    ['太平洋', '太平洋产险'], ['太保', '太平洋产险'], ['中国太平洋财产保险股份有限公司', '太平洋产险'],
    ['太平', '太平财险'], ['国寿财险', '国寿财险'], ['大地', '大地保险'], ['阳光', '阳光产险'], ['中华联合', '中华联合'],
    ['华安', '华安保险'], ['天安', '天安财险'], ['永安', '永安保险'], ['英大', '英大泰和'], ['紫金', '紫金保险'],
    ['渤海', '渤海保险'], ['鼎和', '鼎和保险'], ['众安', '众安保险'], [' 平安 产险 ', '平安产险'], ['picc', '中国人保'],
  ])('%s -> %s', (name, canonical) => {
    expect(canonicalInsurer(name, aliases)).toBe(canonical);
  });

  it('keeps an unknown name as typed (trimmed), and null as null', () => {
    expect([canonicalInsurer(' 某某财险 ', aliases), canonicalInsurer(null, aliases)]).toEqual(['某某财险', null]);
  });
});

describe('loadInsurerAliases', () => {
  const dirWith = (json: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'renew-insurers-'));
    writeFileSync(join(dir, 'insurers.json'), typeof json === 'string' ? json : JSON.stringify(json));
    return dir;
  };
  it.each([
    [{ insurers: [] }, 'insurers', 'a non-empty "insurers" list is required'],
    [{ insurers: [{ name: '', aliases: [] }] }, '#1', '"name" must be a non-empty text'],
    [{ insurers: [{ name: '甲保险', aliases: '甲' }] }, '甲保险', '"aliases" must be a list of non-empty names'],
    [{ insurers: [{ name: '甲保险', aliases: ['甲'] }, { name: '乙保险', aliases: ['甲'] }] }, '乙保险', '"甲" is already a name of 甲保险'],
  ])('names the file and the entry of a bad list (%j)', (json, entry, problem) => {
    const dir = dirWith(json);
    const e = (() => { try { loadInsurerAliases([dir]); } catch (err) { return err; } })() as RenewError;
    expect(e).toBeInstanceOf(RenewError);
    expect([e.key, e.vars]).toEqual(['errors.dataFileEntry', { path: join(dir, 'insurers.json'), entry, problem }]);
  });

  it('a store copy wins over the built-in list', () => {
    const dir = dirWith({ insurers: [{ name: '本地保险', aliases: ['本地'] }] });
    expect(canonicalInsurer('本地', loadInsurerAliases([dir, ...dataDirs(undefined)]))).toBe('本地保险');
  });
});
