/**
 * Messages in zh-CN and en, one catalog per language (each split by command into
 * files under its folder). Keys are typed: a message missing from `en` is a compile
 * error, and `test/i18n.test.ts` checks that placeholders agree.
 */
import { maskPersonalNumbers } from '../rules/mask.js';
import { visibleControls } from '../rules/safe-text.js';
import { en } from './en/index.js';
import { zhCN } from './zh-CN/index.js';

export type Lang = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN;
export type MessageVars = Record<string, string | number | null | undefined>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** `--lang`, else RENEW_LANG, else the system locale (zh* gives Chinese), else English. */
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const pick = (v: string | undefined) => (v ? (v.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en') : undefined);
  const explicit = pick(flag) ?? pick(env.RENEW_LANG);
  if (explicit) return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return pick(locale) ?? 'en';
}

/**
 * Fills `{name}` placeholders; an unknown key falls back to the key itself. Every
 * user message passes here, so this is where values from data are made safe: digit
 * runs that look like a phone or an ID number are masked whatever the field (a
 * phone typed into the plate or VIN column, a number in a note or an SQL error),
 * and control characters are made visible (see core/safe-text.ts). One exception:
 * a value passed as `phone` is the number the caller has decided to show (the call
 * screen's number to dial, already masked unless needed; see docs/call.md).
 */
export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, vars = {}) => fill(catalog[key] ?? key, safeVars(vars));
}

function safeVars(vars: MessageVars): MessageVars {
  const safe: MessageVars = {};
  for (const [name, v] of Object.entries(vars)) {
    if (typeof v !== 'string') safe[name] = v;
    else safe[name] = visibleControls(name === 'phone' ? v : maskPersonalNumbers(v));
  }
  return safe;
}

export function fill(template: string, vars: MessageVars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? whole : String(v);
  });
}
