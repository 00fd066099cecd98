/**
 * How a database's schema differs from what renew's migrations make: each engine lists
 * its objects as `type name [on table]: definition` (src/storage/sqlite/schema-check.ts,
 * src/storage/postgres/schema-check.ts); doctor and restore compare the two lists here.
 */
import type { AddCheck } from '../ports.js';

/** One schema object as `type name [on table]: definition`, whitespace runs collapsed. */
export type SchemaEntry = string;

export interface SchemaDifference {
  /** Objects the migrations do not create (triggers, views, extra tables or indexes, changed definitions). */
  extra: SchemaEntry[];
  /** Objects the migrations create that the database lacks (or holds with another definition). */
  missing: SchemaEntry[];
}

/** What `have` holds beyond `want`, and lacks of it. */
export function schemaDifferenceOf(want: readonly SchemaEntry[], have: readonly SchemaEntry[]): SchemaDifference {
  const wanted = new Set(want);
  const had = new Set(have);
  return { extra: [...had].filter((e) => !wanted.has(e)), missing: [...wanted].filter((e) => !had.has(e)) };
}

/** '+trigger wipe on events, -table targets' for messages: + not made by the migrations, - missing (the first five). */
export function describeDifference(diff: SchemaDifference): string {
  const name = (e: SchemaEntry) => e.slice(0, e.indexOf(':'));
  const all = [...diff.extra.map((e) => `+${name(e)}`), ...diff.missing.map((e) => `-${name(e)}`)];
  return all.slice(0, 5).join(', ') + (all.length > 5 ? `, ... (${all.length})` : '');
}

/** The doctor's schema version check, the same on every engine; true when the schema is not newer than this program's `known`. */
export function checkSchemaVersion(add: AddCheck, version: number, known: number): boolean {
  if (version === known) add('schema', 'ok', 'trust.doctor.schemaOk', { version });
  else if (version < known) add('schema', 'warning', 'trust.doctor.schemaOld', { version, known });
  else add('schema', 'problem', 'errors.databaseTooNew', { found: version, known });
  return version <= known;
}

/** The doctor's schema objects check; true when the schema is exactly what the migrations make. */
export function checkSchemaObjects(add: AddCheck, diff: SchemaDifference): boolean {
  const exact = diff.extra.length === 0 && diff.missing.length === 0;
  if (exact) add('schema_objects', 'ok', 'trust.doctor.schemaObjectsOk');
  else add('schema_objects', 'problem', 'trust.doctor.schemaObjectsBad', { detail: describeDifference(diff) });
  return exact;
}
