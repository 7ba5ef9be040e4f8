import type { ByteSource } from '../io/byte-source';
import { ParseError } from '../io/parse-error';
import type { ParsedDump } from '../model/parsed-dump';
import { decodeText, detectFormat } from './detect';
import { parseKernelDump } from './kernel-dump';
import { parseMinidump } from './minidump';
import { parseWinDbgText } from './windbg-text';

/** Largest transcript we read as text (WinDbg logs beyond this are not a single crash). */
export const MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;

/** Opens any supported file by its content. Throws ParseError for anything else. */
export function openDump(source: ByteSource): ParsedDump {
  const detected = detectFormat(source);
  if (!detected) {
    throw new ParseError('invalid', source.name, 'file signature', 0, 'not a crash dump (expected PAGEDU64/PAGEDUMP, MDMP or WinDbg text)');
  }
  switch (detected.format) {
    case 'kernel-dump':
      return parseKernelDump(source);
    case 'minidump':
      return parseMinidump(source);
    case 'windbg-text': {
      if (source.size > MAX_TRANSCRIPT_BYTES) {
        throw new ParseError('limit', source.name, 'WinDbg text', 0, `transcript of ${source.size} bytes is larger than ${MAX_TRANSCRIPT_BYTES}`);
      }
      return parseWinDbgText(decodeText(source.read(0, source.size, 'WinDbg text')), source.name);
    }
  }
}
