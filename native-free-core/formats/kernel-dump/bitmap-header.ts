import type { ByteSource } from '../../io/byte-source';
import { StructReader } from '../../io/struct-reader';

export const SIGNATURE_SDMP = 0x504d4453; // "SDMP": summary / kernel bitmap
export const SIGNATURE_FDMP = 0x504d4446; // "FDMP": full bitmap
export const VALID_DUMP_DUMP = 0x504d5544; // "DUMP"

/**
 * Two layouts exist. 'current' is what Windows 8+ writes (verified by
 * kdmp-parser and volatility3 on real dumps); 'legacy' is the WDK's
 * SUMMARY_DUMP (HeaderSize, BitmapSize, Pages as ULONGs at 0xC, 0x10, 0x14,
 * then an RTL_BITMAP and the bits), tried only when the current layout does
 * not hold together.
 */
export type BitmapLayout = 'current' | 'legacy';

/**
 * The bitmap header that follows the dump header in summary (2), bitmap (5)
 * and live kernel (6) dumps: at 0x2000 after DUMP_HEADER64, at 0x1000 after
 * DUMP_HEADER32. Layout as Windows 8+ writes it (kdmp-parser, volatility3):
 * Signature "SDMP"/"FDMP", ValidDump "DUMP", FirstPage (file offset of the
 * first present page) at 0x20, TotalPresentPages at 0x28, Pages (bits in the
 * bitmap) at 0x30, the bitmap at 0x38.
 */
export interface BITMAP_DUMP_HEADER {
  /** File offset of the header. */
  offset: number;
  Signature: number;
  ValidDump: number;
  DumpOptions: number;
  FirstPage: number;
  TotalPresentPages: bigint;
  Pages: number;
  /** File offset of the bitmap. */
  BitmapOffset: number;
  layout: BitmapLayout;
}

export const BITMAP_HEADER_SIZE = 0x38;

export function readBitmapHeader(source: ByteSource, offset: number, structure: string, headerBits: 64 | 32 = 64): BITMAP_DUMP_HEADER {
  const r = StructReader.at(source, offset, BITMAP_HEADER_SIZE, structure);
  const Signature = r.u32(0, 'Signature');
  const ValidDump = r.u32(4, 'ValidDump');
  if (Signature !== SIGNATURE_SDMP && Signature !== SIGNATURE_FDMP) {
    r.fail('invalid', 0, 'Signature', `expected "SDMP" or "FDMP", found 0x${Signature.toString(16)}`);
  }
  if (ValidDump !== VALID_DUMP_DUMP) r.fail('invalid', 4, 'ValidDump', `expected "DUMP", found 0x${ValidDump.toString(16)}`);
  const DumpOptions = r.u32(8, 'DumpOptions');
  const current = fit(source.size, r.u64(0x20, 'FirstPage'), r.u64(0x30, 'Pages'), offset + BITMAP_HEADER_SIZE);
  if (current === true) {
    return { offset, Signature, ValidDump, DumpOptions, FirstPage: r.u64n(0x20, 'FirstPage'), TotalPresentPages: r.u64(0x28, 'TotalPresentPages'), Pages: r.u64n(0x30, 'Pages'), BitmapOffset: offset + BITMAP_HEADER_SIZE, layout: 'current' };
  }
  // WDK SUMMARY_DUMP: RTL_BITMAP is 8 bytes after a 32-bit header, 16 after a 64-bit one.
  const legacyBits = offset + 0x18 + (headerBits === 64 ? 0x10 : 0x8);
  const legacy = fit(source.size, BigInt(r.u32(0x0c, 'HeaderSize')), BigInt(r.u32(0x10, 'BitmapSize')), legacyBits);
  if (legacy === true && r.u32(0x10, 'BitmapSize') > 0) {
    return { offset, Signature, ValidDump, DumpOptions, FirstPage: r.u32(0x0c, 'HeaderSize'), TotalPresentPages: BigInt(r.u32(0x14, 'Pages')), Pages: r.u32(0x10, 'BitmapSize'), BitmapOffset: legacyBits, layout: 'legacy' };
  }
  return r.fail(current.kind, current.field === 'Pages' ? 0x30 : 0x20, current.field, current.detail);
}

/** Whether a first-page offset and a bitmap of `bits` bits starting at `bitmapAt` fit the file. */
function fit(fileSize: number, firstPage: bigint, bits: bigint, bitmapAt: number): true | { kind: 'truncated' | 'invalid'; field: string; detail: string } {
  const bitmapBytes = (bits + 7n) / 8n;
  if (BigInt(bitmapAt) + bitmapBytes > BigInt(fileSize)) {
    return { kind: 'truncated', field: 'Pages', detail: `a bitmap of ${bits} pages needs ${bitmapBytes} bytes but the file ends at 0x${fileSize.toString(16)}` };
  }
  if (firstPage < BigInt(bitmapAt) + bitmapBytes || firstPage % 0x1000n !== 0n || firstPage > BigInt(fileSize)) {
    return { kind: 'invalid', field: 'FirstPage', detail: `first page offset 0x${firstPage.toString(16)} is not a page-aligned offset between the bitmap and the end of the file` };
  }
  return true;
}

export function bitmapSignatureText(sig: number): string {
  return String.fromCharCode(sig & 0xff, (sig >> 8) & 0xff, (sig >> 16) & 0xff, (sig >>> 24) & 0xff);
}
