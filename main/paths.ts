import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Crashbench';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData')
 * gives for productName Crashbench, so the CLI, browser mode and the desktop
 * app share one library. CRASHBENCH_HOME overrides it (tests, portable use).
 */
export function userDataDir(): string {
  if (process.env.CRASHBENCH_HOME) return path.resolve(process.env.CRASHBENCH_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}

/** Where the case library (SQLite file and dump store) lives by default. */
export function defaultLibraryDir(): string {
  return path.join(userDataDir(), 'library');
}
