import { symbolPathFrom } from '../symbols/symbol-path';

/** The local folders of _NT_SYMBOL_PATH / _NT_ALT_SYMBOL_PATH (srv*C:\cache*https://… gives C:\cache; URLs are never used). */
export function symbolPathFromEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  return symbolPathFrom({ env });
}
