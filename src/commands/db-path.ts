/** Where the database lives when neither --db nor RENEW_DB says. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** XDG on Linux, %LOCALAPPDATA% on Windows, Application Support on macOS. */
export function defaultDbPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'renew', 'renew.db');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'renew', 'renew.db');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'renew', 'renew.db');
}
