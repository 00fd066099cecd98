/**
 * Which engine a database location names: a `postgres://` (or `postgresql://`) URL is a
 * store server, anything else a SQLite file. It imports nothing, so the start-up code
 * (src/launch.ts, which picks a code cache per engine) takes it without loading storage.
 */
export function isServerUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}
