import type { SettingsReply } from '../ipc/contract';
import { parseSymbolPath, symbolPathFrom } from '../symbols/symbol-path';
import { defaultSettings, loadSettings, saveSettings, settingsPath } from './settings';

/** What 'settings:get' answers: the saved settings, the folders _NT_SYMBOL_PATH adds, and a broken file's error. */
export function readSettingsReply(libraryDir: string, env: Record<string, string | undefined> = process.env): SettingsReply {
  const base = { file: settingsPath(libraryDir), environmentSymbolPath: symbolPathFrom({ env }) };
  try {
    return { ...base, symbolPath: loadSettings(libraryDir).symbolPath };
  } catch (e) {
    return { ...base, symbolPath: defaultSettings().symbolPath, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * 'settings:set': the folders as the user typed them, blank lines dropped,
 * each line kept as typed (a srv*…*https://… line is resolved to its local
 * cache when used). A line with nothing local in it is refused.
 */
export function writeSettings(libraryDir: string, symbolPath: string[], env: Record<string, string | undefined> = process.env): SettingsReply {
  const lines = symbolPath.map((l) => l.trim()).filter(Boolean);
  const remote = lines.find((l) => parseSymbolPath(l).length === 0);
  if (remote) throw new Error(`"${remote}" names no local folder: Crashbench never downloads symbols, so give a folder on this machine (srv*C:\\symcache*https://… uses C:\\symcache)`);
  saveSettings(libraryDir, { symbolPath: lines });
  return readSettingsReply(libraryDir, env);
}
