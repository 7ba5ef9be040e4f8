import type { ByteSource } from '../../io/byte-source';
import { StructReader } from '../../io/struct-reader';

/**
 * Secondary dump data (KeRegisterBugCheckReasonCallback's
 * KbCallbackSecondaryDumpData) that Windows appends after the dump proper:
 * DUMP_BLOB_FILE_HEADER {Signature1 "Dump", Signature2 "Blob", HeaderSize,
 * BuildNumber} followed by DUMP_BLOB_HEADER {HeaderSize, GUID Tag, DataSize,
 * PrePad, PostPad} + data, one after the other to the end of the file.
 */
export interface DUMP_BLOB {
  Tag: string;
  /** File offset of the blob's data. */
  DataOffset: number;
  DataSize: number;
}

export interface SecondaryData {
  offset: number;
  BuildNumber: number;
  blobs: DUMP_BLOB[];
}

const SIGNATURE1 = 0x706d7544; // "Dump"
const SIGNATURE2 = 0x626f6c42; // "Blob"
const MAX_BLOBS = 4096;

function guid(b: Uint8Array): string {
  const h = (i: number) => b[i]!.toString(16).padStart(2, '0');
  return (
    [3, 2, 1, 0].map(h).join('') + '-' + [5, 4].map(h).join('') + '-' + [7, 6].map(h).join('') + '-' +
    [8, 9].map(h).join('') + '-' + [10, 11, 12, 13, 14, 15].map(h).join('')
  );
}

/** Reads the blobs at `offset` when a DUMP_BLOB_FILE_HEADER is there; null otherwise. */
export function readSecondaryData(source: ByteSource, offset: number, warnings: string[]): SecondaryData | null {
  if (offset <= 0 || offset + 16 > source.size) return null;
  const f = StructReader.at(source, offset, 16, 'DUMP_BLOB_FILE_HEADER');
  if (f.u32(0, 'Signature1') !== SIGNATURE1 || f.u32(4, 'Signature2') !== SIGNATURE2) return null;
  const headerSize = f.u32(8, 'HeaderSize');
  const out: SecondaryData = { offset, BuildNumber: f.u32(12, 'BuildNumber'), blobs: [] };
  let at = offset + Math.max(16, headerSize);
  while (at + 0x20 <= source.size) {
    if (out.blobs.length >= MAX_BLOBS) {
      warnings.push(`more than ${MAX_BLOBS} secondary data blobs; the rest were left out`);
      break;
    }
    const h = StructReader.at(source, at, 0x20, 'DUMP_BLOB_HEADER');
    const size = h.u32(0, 'HeaderSize');
    const dataSize = h.u32(0x14, 'DataSize');
    const prePad = h.u32(0x18, 'PrePad');
    const postPad = h.u32(0x1c, 'PostPad');
    const dataOffset = at + size + prePad;
    if (size < 0x20 || dataOffset + dataSize > source.size) {
      warnings.push(`secondary data blob at 0x${at.toString(16)} does not fit the file; the walk stopped`);
      break;
    }
    out.blobs.push({ Tag: guid(h.slice(4, 16, 'Tag')), DataOffset: dataOffset, DataSize: dataSize });
    at = dataOffset + dataSize + postPad;
  }
  return out;
}
