/**
 * The renewal SMS template (data/sms/<lang>.txt, store-editable). Lines starting
 * with `#` are notes; the rest is the message with `{placeholder}`s. Validated on
 * load: an unknown placeholder is named with its file and line, so a typo never
 * reaches a customer as "{custmer}".
 */
import { readDataFile } from '../data-files.js';
import { RenewError } from '../../errors.js';

export const PLACEHOLDERS = [
  'customer', 'title', 'plate', 'end_date', 'days_left', 'store', 'store_phone', 'specialist', 'specialist_phone',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

export const TEMPLATE_LANGS = ['zh-CN', 'en'] as const;
export type TemplateLang = (typeof TEMPLATE_LANGS)[number];

/** How a customer is addressed, in the template's language (not the user's). */
const TITLES: Record<TemplateLang, Record<'male' | 'female', string>> = {
  'zh-CN': { male: '先生', female: '女士' },
  en: { male: 'Mr.', female: 'Ms.' },
};

export interface SmsTemplate {
  lang: TemplateLang;
  path: string;
  text: string;
  /** Placeholders the text uses (in order of first use). */
  uses: Placeholder[];
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Parses and validates template text; `path` is only for messages. */
export function parseTemplate(path: string, raw: string, lang: TemplateLang = 'zh-CN'): SmsTemplate {
  const kept: string[] = [];
  const uses = new Set<Placeholder>();
  raw.split(/\r?\n/).forEach((line, i) => {
    if (line.trimStart().startsWith('#')) return;
    for (const m of line.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? '';
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        throw new RenewError('sms.unknownPlaceholder', { path, line: i + 1, placeholder: `{${name}}`, known: PLACEHOLDERS.map((p) => `{${p}}`).join(' ') });
      }
      uses.add(name as Placeholder);
    }
    kept.push(line.trim());
  });
  const text = kept.join('\n').trim();
  if (text === '') throw new RenewError('sms.emptyTemplate', { path });
  return { lang, path, text, uses: [...uses] };
}

/** Loads `sms/<lang>.txt` from the data folders (RENEW_DATA_DIR first). */
export function loadTemplate(dirs: readonly string[], lang: TemplateLang): SmsTemplate {
  const { path, text } = readDataFile(dirs, `sms/${lang}.txt`);
  return parseTemplate(path, text, lang);
}

/** Fills the placeholders; an empty value leaves no double space behind. */
export function renderTemplate(template: SmsTemplate, values: TemplateValues): string {
  return template.text.replace(PLACEHOLDER, (_, name: Placeholder) => values[name]).replace(/ {2,}/g, ' ');
}

/** '先生' / 'Mr.' etc. from the ID number, or '' when it cannot say. */
export function titleFor(template: Pick<SmsTemplate, 'lang'>, idNo: string | null): string {
  const sex = sexFromId(idNo);
  return sex ? TITLES[template.lang][sex] : '';
}

/**
 * 'male' / 'female' from a mainland ID number (the 17th digit of 18, the last of
 * 15: odd is male), or undefined when the number cannot say.
 */
export function sexFromId(idNo: string | null): 'male' | 'female' | undefined {
  const digit = idNo?.length === 18 ? idNo[16] : idNo?.length === 15 ? idNo[14] : undefined;
  if (digit === undefined || !/\d/.test(digit)) return undefined;
  return Number(digit) % 2 === 1 ? 'male' : 'female';
}
