import { StructReader } from '../../io/struct-reader';
import type { PeHeaders } from './headers';
import { IMAGE_DIRECTORY_ENTRY_DEBUG } from './headers';
import type { ImageReader } from './image-reader';
import { readCString } from './exports';

export const IMAGE_DEBUG_TYPE_CODEVIEW = 2;

/** The CodeView record that names an image's PDB (RSDS: GUID + age; NB10: signature + age). */
export interface CodeViewRecord {
  format: 'RSDS' | 'NB10';
  pdbName: string;
  /** GUID as upper-case hex without dashes (RSDS), or the 8-digit signature (NB10). */
  guid: string;
  age: number;
  /** Symbol-store id: guid followed by the age in hex, e.g. 5A9832E5287241C1838ED98914E9B7FF1. */
  debugId: string;
}

const MAX_DEBUG_ENTRIES = 64;

/** Formats a Windows GUID (Data1 u32, Data2 u16, Data3 u16 little-endian, Data4 bytes) as upper-case hex. */
export function guidToHex(bytes: Uint8Array): string {
  const h = (v: number, w: number) => v.toString(16).padStart(w, '0');
  const d1 = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  const d2 = bytes[4]! | (bytes[5]! << 8);
  const d3 = bytes[6]! | (bytes[7]! << 8);
  let s = h(d1, 8) + h(d2, 4) + h(d3, 4);
  for (let i = 8; i < 16; i++) s += h(bytes[i]!, 2);
  return s.toUpperCase();
}

/** Reads IMAGE_DEBUG_DIRECTORY entries and returns the first CodeView record. */
export function readCodeView(image: ImageReader, headers: PeHeaders): CodeViewRecord | undefined {
  const dir = headers.DataDirectory[IMAGE_DIRECTORY_ENTRY_DEBUG];
  if (!dir || dir.VirtualAddress === 0 || dir.Size < 28) return undefined;
  const count = Math.min(Math.floor(dir.Size / 28), MAX_DEBUG_ENTRIES);
  const r = new StructReader(image.read(dir.VirtualAddress, count * 28, 'IMAGE_DEBUG_DIRECTORY'), image.name, 'IMAGE_DEBUG_DIRECTORY', dir.VirtualAddress);
  for (let i = 0; i < count; i++) {
    const b = i * 28;
    if (r.u32(b + 12, 'Type') !== IMAGE_DEBUG_TYPE_CODEVIEW) continue;
    const size = r.u32(b + 16, 'SizeOfData');
    const rva = r.u32(b + 20, 'AddressOfRawData');
    if (size < 16 || rva === 0) continue;
    const cv = new StructReader(image.read(rva, Math.min(size, 24), 'CV_INFO_PDB70'), image.name, 'CV_INFO_PDB70', rva);
    const sig = cv.ascii(0, 4, 'CvSignature');
    if (sig === 'RSDS' && size >= 24) {
      const guid = guidToHex(cv.slice(4, 16, 'Signature'));
      const age = cv.u32(20, 'Age');
      return { format: 'RSDS', pdbName: readCString(image, rva + 24), guid, age, debugId: guid + age.toString(16).toUpperCase() };
    }
    if (sig === 'NB10') {
      const signature = cv.u32(8, 'Signature');
      const age = cv.u32(12, 'Age');
      const guid = signature.toString(16).padStart(8, '0').toUpperCase();
      return { format: 'NB10', pdbName: readCString(image, rva + 16), guid, age, debugId: guid + age.toString(16).toUpperCase() };
    }
  }
  return undefined;
}
