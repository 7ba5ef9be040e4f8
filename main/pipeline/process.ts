import { openDump } from '../../native-free-core/formats/open';
import type { ByteSource } from '../../native-free-core/io/byte-source';
import type { ParsedDump } from '../../native-free-core/model/parsed-dump';
import { withFileSource } from '../fs/file-byte-source';

export interface ProcessOptions {
  /** symbol folders (the --symbols path and _NT_SYMBOL_PATH) */
  symbolPath?: string[];
}

/**
 * The one path every file takes, in the CLI, the import workers and the app:
 * parse by content, walk the stack, analyze. Throws ParseError for bad input.
 */
export function processSource(source: ByteSource, _options: ProcessOptions = {}): ParsedDump {
  return openDump(source);
}

export function processFile(filePath: string, options: ProcessOptions = {}): ParsedDump {
  return withFileSource(filePath, (source) => processSource(source, options));
}
