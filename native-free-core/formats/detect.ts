import type { ByteSource } from '../io/byte-source';
import type { ReportFormat } from '../model/report';

export interface DetectedFormat {
  format: ReportFormat;
  /** e.g. "PAGEDU64 kernel dump", "MDMP minidump", "WinDbg text". */
  description: string;
  /** For kernel dumps: 64 or 32 bit header. */
  headerBits?: 32 | 64;
}

const TEXT_MARKERS = [
  /^\s*(\d+: )?kd>/im,
  /^\s*\d+:\d+(:\w+)?>/m,
  /^\s*!analyze\b/im,
  /Bugcheck Analysis/i,
  /^\s*STACK_TEXT:/m,
  /^\s*(#\s+)?Child-SP\s+RetAddr/im,
  /^\s*ChildEBP\s+RetAddr/im,
  /^\s*(BUGCHECK_CODE|BUGCHECK_STR|FAILURE_BUCKET_ID|DEFAULT_BUCKET_ID|EXCEPTION_CODE|FAULTING_IP):/m,
  /^\s*rax=[0-9a-f]{16}\s+rbx=/im,
  /^\s*eax=[0-9a-f]{8}\s+ebx=/im,
  /^\s*Arg1: [0-9a-f`]+/im,
];

/** Decides the format by content, never by file name. Returns null for anything that is not a crash dump or transcript. */
export function detectFormat(source: ByteSource): DetectedFormat | null {
  if (source.size >= 8) {
    const head = source.read(0, 8, 'file signature');
    const sig = String.fromCharCode(...head);
    if (sig === 'PAGEDU64') return { format: 'kernel-dump', description: 'PAGEDU64 kernel dump (64-bit header)', headerBits: 64 };
    if (sig === 'PAGEDUMP') return { format: 'kernel-dump', description: 'PAGEDUMP kernel dump (32-bit header)', headerBits: 32 };
  }
  if (source.size >= 4) {
    const head = source.read(0, 4, 'file signature');
    if (head[0] === 0x4d && head[1] === 0x44 && head[2] === 0x4d && head[3] === 0x50) {
      return { format: 'minidump', description: 'MDMP minidump' };
    }
  }
  const sample = source.read(0, Math.min(source.size, 64 * 1024), 'text sample');
  if (isUtf16le(sample)) {
    // `.logopen /u` writes UTF-16LE with a byte-order mark.
    const text = decodeText(sample);
    if (TEXT_MARKERS.some((re) => re.test(text))) return { format: 'windbg-text', description: 'WinDbg text (UTF-16)' };
  }
  if (looksLikeText(sample)) {
    const text = decodeText(sample);
    if (TEXT_MARKERS.some((re) => re.test(text))) return { format: 'windbg-text', description: 'WinDbg text' };
  }
  return null;
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control / bytes.length < 0.01;
}

function isUtf16le(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
}

/** Transcripts are UTF-8 (or plain ASCII), or UTF-16LE with its BOM (`.logopen /u`); a BOM is dropped. */
export function decodeText(bytes: Uint8Array): string {
  if (isUtf16le(bytes)) return new TextDecoder('utf-16le', { fatal: false }).decode(bytes.subarray(2));
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(start));
}
