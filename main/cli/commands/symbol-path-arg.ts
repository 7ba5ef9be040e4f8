import { symbolPathFrom } from '../../symbols/symbol-path';
import { flagString, type ParsedArgs } from '../args';

/** --symbols PATH first, then _NT_SYMBOL_PATH / _NT_ALT_SYMBOL_PATH (local folders only). */
export function symbolPathOf(args: ParsedArgs): string[] {
  const cli = flagString(args, 'symbols');
  return symbolPathFrom({ cli: cli ? [cli] : [], env: process.env });
}
