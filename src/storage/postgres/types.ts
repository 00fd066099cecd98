/**
 * How PostgreSQL's values come back to the code: the same JS values the SQLite store
 * returns (src/storage/schema.ts), so shared queries and the rules above them need not know
 * which engine answered. Set per pool (not pg's global registry) so nothing else in the
 * process is affected. The schema's header (migrations/0005-initial.ts) lists the columns.
 *
 * The session runs in the process's time zone (sessionOptions), the zone the app's
 * clock formats local times in: a 'YYYY-MM-DD HH:mm:ss' written to a timestamptz is
 * read as that local moment and comes back as the same text.
 */
import { readlinkSync, statSync } from 'node:fs';
import pg from 'pg';

/** Type oids (pg_type.oid), fixed for built-in types. */
export const OID = {
  bool: 16,
  int8: 20,
  json: 114,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
} as const;

const PARSERS: Record<number, (text: string) => unknown> = {
  // 'YYYY-MM-DD' as is: a Date would shift by the zone offset and is not what SQLite gives.
  [OID.date]: (text) => text,
  // Money in fen and count(*): exact as a number up to 2^53 fen (90 billion yuan).
  [OID.int8]: safeNumber,
  // sum() of bigint and avg() are numeric: a number as SQLite's sums are.
  [OID.numeric]: Number,
  // Flags are 0/1 in the schema types (SQLite has no boolean).
  [OID.bool]: (text) => (text === 't' ? 1 : 0),
  // '2026-12-05 09:30:00.123+08' -> '2026-12-05 09:30:00': already in the session (= local) zone.
  [OID.timestamptz]: (text) => text.slice(0, 19),
  // Booked callbacks, whole minutes by a CHECK: '2026-12-05 15:30:00' -> '2026-12-05 15:30'.
  [OID.timestamp]: (text) => text.slice(0, 16),
  // JSON stays text, as SQLite stores it; callers JSON.parse it (jsonb normalises spacing and key order).
  [OID.jsonb]: (text) => text,
  [OID.json]: (text) => text,
};

/** pg's `types` option: our parsers, pg's own for every other type. */
export const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const own = format !== 'binary' ? PARSERS[oid] : undefined;
    return (own ?? pg.types.getTypeParser(oid, format)) as (value: string) => unknown;
  },
} as pg.CustomTypesConfig;

/** Connection start-up options: ISO dates and the process's time zone. */
export function sessionOptions(timeZone = localTimeZone()): string {
  // An empty or unknown TZ makes Node answer 'Etc/Unknown' (and run in UTC), a name the server refuses.
  const zone = !timeZone || timeZone === 'Etc/Unknown' ? 'UTC' : timeZone;
  return `-c DateStyle=ISO -c TimeZone=${zone}`;
}

/**
 * The IANA name of the zone the process runs in. Asking Intl costs 30-60 ms (ICU loads its
 * data: a tenth of a short command on a server), so where Node's zone is simply the one
 * /etc/localtime links to (TZ unset, Linux and macOS), the link's name is taken; anywhere
 * else (TZ set, Windows, no link) Intl answers as before.
 *
 *   localTimeZone(undefined, () => '/usr/share/zoneinfo/Asia/Shanghai') // 'Asia/Shanghai'
 */
export function localTimeZone(tz = process.env.TZ, localtime: () => string | undefined = localtimeLink): string | undefined {
  if (tz === undefined) {
    const name = localtime()?.match(/\/zoneinfo\/([A-Z][\w+-]*(?:\/[\w+-]+)*)$/)?.[1];
    if (name !== undefined) return name;
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Where /etc/localtime links to, when it is a link to a file that exists. */
function localtimeLink(): string | undefined {
  try {
    statSync('/etc/localtime');
    return readlinkSync('/etc/localtime');
  } catch {
    return undefined;
  }
}

function safeNumber(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} does not fit a JS number exactly`);
  return n;
}
