import type { ByteSource } from '../../io/byte-source';
import { StructReader } from '../../io/struct-reader';

export const SIGNATURE_SDMP = 0x504d4453; // "SDMP": summary / kernel bitmap
export const SIGNATURE_FDMP = 0x504d4446; // "FDMP": full bitmap
export const VALID_DUMP_DUMP = 0x504d5544; // "DUMP"

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
}

export const BITMAP_HEADER_SIZE = 0x38;

export function readBitmapHeader(source: ByteSource, offset: number, structure: string): BITMAP_DUMP_HEADER {
  const r = StructReader.at(source, offset, BITMAP_HEADER_SIZE, structure);
  const Signature = r.u32(0, 'Signature');
  const ValidDump = r.u32(4, 'ValidDump');
  if (Signature !== SIGNATURE_SDMP && Signature !== SIGNATURE_FDMP) {
    r.fail('invalid', 0, 'Signature', `expected "SDMP" or "FDMP", found 0x${Signature.toString(16)}`);
  }
  if (ValidDump !== VALID_DUMP_DUMP) r.fail('invalid', 4, 'ValidDump', `expected "DUMP", found 0x${ValidDump.toString(16)}`);
  const FirstPage = r.u64n(0x20, 'FirstPage');
  const TotalPresentPages = r.u64(0x28, 'TotalPresentPages');
  const Pages = r.u64n(0x30, 'Pages');
  const BitmapOffset = offset + BITMAP_HEADER_SIZE;
  const bitmapBytes = Math.ceil(Pages / 8);
  if (BitmapOffset + bitmapBytes > source.size) {
    r.fail('truncated', 0x30, 'Pages', `a bitmap of ${Pages} pages needs ${bitmapBytes} bytes but the file ends at 0x${source.size.toString(16)}`);
  }
  if (FirstPage < BitmapOffset + bitmapBytes || FirstPage % 0x1000 !== 0) {
    r.fail('invalid', 0x20, 'FirstPage', `first page offset 0x${FirstPage.toString(16)} is not page aligned after the bitmap`);
  }
  return { offset, Signature, ValidDump, DumpOptions: r.u32(8, 'DumpOptions'), FirstPage, TotalPresentPages, Pages, BitmapOffset };
}

export function bitmapSignatureText(sig: number): string {
  return String.fromCharCode(sig & 0xff, (sig >> 8) & 0xff, (sig >> 16) & 0xff, (sig >>> 24) & 0xff);
}
