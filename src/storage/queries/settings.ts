/**
 * The store's settings in the `settings` table (JSON values) over the defaults of
 * src/rules/settings.ts, each validated on read: a bad stored value is named, not obeyed.
 */
import { settingWithoutControls } from '../../rules/safe-text.js';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { DEFAULT_SETTINGS, INVALID, isSettingKey, parseValue, type SettingKey, type Settings, settingKey, storedValue } from '../../rules/settings.js';
import { EXIT } from '../../errors.js';

/**
 * All settings: stored values over defaults. A stored value that is not valid (written by an
 * older version, or by hand) is not obeyed: its default applies, `badStoredSettings` names it,
 * `renew doctor` counts it as a problem and every other command warns.
 */
export async function loadSettings(db: Kysely<Database>, store?: string): Promise<Settings> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value', 'store'])
    .where('store', 'in', store === undefined || store === '' ? [''] : ['', store])
    .execute();
  return settingsOf(rows, store);
}

/** A row of the `settings` table as stored: the key, its JSON text, its store ('' group-wide). */
export interface StoredSetting {
  key: string;
  value: string;
  store: string;
}

/** Every store's stored settings, by key and store: `settingsOf` and `badSettingsIn` read them without going back to the database. */
export async function readStoredSettings(db: Kysely<Database>): Promise<StoredSetting[]> {
  return db.selectFrom('settings').select(['key', 'value', 'store']).orderBy('key').orderBy('store').execute();
}

/** The settings of `store` (undefined or '': the group-wide ones) from stored rows: its own values over the group's over the defaults. */
export function settingsOf(rows: readonly StoredSetting[], store?: string): Settings {
  // The group-wide values ('') first, then the store's own over them (migration 0012).
  const own = store === undefined ? '' : store;
  const settings: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const row of [...rows.filter((r) => r.store === ''), ...(own === '' ? [] : rows.filter((r) => r.store === own))]) {
    if (!isSettingKey(row.key)) continue; // a key from a newer version: leave it alone
    const value = storedValue(row.key, row.value);
    if (value !== INVALID) (settings as unknown as Record<string, unknown>)[row.key] = value;
  }
  return settings;
}

export interface BadStoredSetting {
  key: SettingKey;
  /** The stored text, as found. */
  value: string;
  /** The default used instead, as JSON. */
  fallback: string;
  /** The store whose own value it is (absent: the group-wide value). */
  store?: string;
}

/** Stored settings that are not valid (and so are replaced by their defaults). */
export async function badStoredSettings(db: Kysely<Database>): Promise<BadStoredSetting[]> {
  return badSettingsIn(await readStoredSettings(db));
}

/** The rows of `readStoredSettings` that are not valid, in its order. */
export function badSettingsIn(rows: readonly StoredSetting[]): BadStoredSetting[] {
  return rows
    .filter((r): r is StoredSetting & { key: SettingKey } => isSettingKey(r.key) && storedValue(r.key, r.value) === INVALID)
    .map((r) => ({ key: r.key, value: r.value, fallback: JSON.stringify(DEFAULT_SETTINGS[r.key]), ...(r.store !== '' && { store: r.store }) }));
}

/**
 * Validates and stores one setting. `raw` is JSON, or a bare string for text settings; a bad value is a
 * usage error (exit 64). Control characters in its text are removed (the store name is printed on every
 * screen and SMS); `onControls` hears which.
 */
export async function saveSetting(db: Kysely<Database>, key: string, raw: string, now: string, onControls?: (chars: string[]) => void, store = ''): Promise<unknown> {
  const cleaned = settingWithoutControls(parseValue(settingKey(key), raw, EXIT.usage));
  if (cleaned.chars.length > 0) onControls?.(cleaned.chars);
  const value = cleaned.value;
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ store, key, value: json, updated_at: now })
    .onConflict((oc) => oc.columns(['store', 'key']).doUpdateSet({ value: json, updated_at: now }))
    .execute();
  return value;
}

/** True once the store has said which insurers it is certified with (`renew today` and `renew doctor` warn until then). */
export async function certifiedListIsSet(db: Kysely<Database>, store?: string): Promise<boolean> {
  return (await loadSettings(db, store)).certified_insurers.length > 0;
}
