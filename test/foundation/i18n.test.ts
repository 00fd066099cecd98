import { describe, expect, it } from 'vitest';
import { catalogs, detectLang, fill, translator } from '../../src/i18n/index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('has the same keys and placeholders in every language', () => {
    const zh = catalogs['zh-CN'];
    const en = catalogs.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const mismatched = Object.keys(zh).filter((k) => placeholders(zh[k as keyof typeof zh]).join() !== placeholders(en[k as keyof typeof en]).join());
    expect(mismatched).toEqual([]);
  });

  it('has no empty message', () => {
    for (const catalog of Object.values(catalogs)) expect(Object.entries(catalog).filter(([, v]) => v.trim() === '')).toEqual([]);
  });

  it('chooses the language from the flag, RENEW_LANG, then the locale', () => {
    expect(detectLang('en', { RENEW_LANG: 'zh' })).toBe('en');
    expect(detectLang(undefined, { RENEW_LANG: 'zh-CN', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(detectLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(detectLang(undefined, { LANG: 'en_GB.UTF-8' })).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translator('en')('errors.noDatabase', { path: '/x.db' })).toBe('No database at /x.db.');
  });
});
