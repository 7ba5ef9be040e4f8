import fs from 'node:fs';
import path from 'node:path';
import { symbolPathFrom } from '../../symbols/symbol-path';
import { flagString, type ParsedArgs } from '../args';
import { libraryDirOf } from '../library-dir';

/**
 * --symbols PATH first, then the symbol folders saved in the library's
 * settings (the app's Settings dialog), then _NT_SYMBOL_PATH /
 * _NT_ALT_SYMBOL_PATH; local folders only. The settings code (and its
 * validation) loads only when the library has a settings file.
 */
export async function symbolPathOf(args: ParsedArgs): Promise<string[]> {
  const cli = flagString(args, 'symbols');
  const libraryDir = libraryDirOf(args);
  if (fs.existsSync(path.join(libraryDir, 'settings.json'))) {
    const { symbolPathForLibrary } = await import('../../settings/settings');
    return symbolPathForLibrary(libraryDir, { extra: cli ? [cli] : [], env: process.env });
  }
  return symbolPathFrom({ cli: cli ? [cli] : [], env: process.env });
}
