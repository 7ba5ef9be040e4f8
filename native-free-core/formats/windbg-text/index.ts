import { ParseError } from '../../io/parse-error';
import type { ParsedDump } from '../../model/parsed-dump';

// Placeholder until the WinDbg text reader lands.
export function parseWinDbgText(_text: string, name: string): ParsedDump {
  throw new ParseError('unsupported', name, 'windbg-text', 0, 'this format is not read yet');
}
