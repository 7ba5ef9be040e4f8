import { StructReader } from '../../io/struct-reader';
import type { PeHeaders } from './headers';
import { IMAGE_DIRECTORY_ENTRY_EXPORT } from './headers';
import type { ImageReader } from './image-reader';

export interface PeExport {
  ordinal: number;
  name?: string;
  rva: number;
  /** "DLL.Function" when the export forwards to another module. */
  forwarder?: string;
}

export interface PeExports {
  dllName: string;
  exports: PeExport[];
}

const MAX_EXPORTS = 1 << 18;
const MAX_NAME = 4096;

/** Reads a NUL-terminated ASCII string at an RVA, up to MAX_NAME bytes (shorter when the image ends). */
export function readCString(image: ImageReader, rva: number): string {
  let s = '';
  for (let chunk = 64; s.length < MAX_NAME; chunk = 64) {
    const b = image.tryRead(rva + s.length, chunk) ?? image.tryRead(rva + s.length, 1);
    if (!b || b.length === 0) break;
    const z = b.indexOf(0);
    const end = z < 0 ? b.length : z;
    for (let i = 0; i < end; i++) s += String.fromCharCode(b[i]!);
    if (z >= 0) break;
  }
  return s;
}

/** IMAGE_EXPORT_DIRECTORY: names, ordinals and forwarders. Undefined when the image has no exports. */
export function readExports(image: ImageReader, headers: PeHeaders): PeExports | undefined {
  const dir = headers.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
  if (!dir || dir.VirtualAddress === 0 || dir.Size === 0) return undefined;
  const r = new StructReader(image.read(dir.VirtualAddress, 40, 'IMAGE_EXPORT_DIRECTORY'), image.name, 'IMAGE_EXPORT_DIRECTORY', dir.VirtualAddress);
  const nameRva = r.u32(12, 'Name');
  const base = r.u32(16, 'Base');
  const nFunctions = r.u32(20, 'NumberOfFunctions');
  const nNames = r.u32(24, 'NumberOfNames');
  const functionsRva = r.u32(28, 'AddressOfFunctions');
  const namesRva = r.u32(32, 'AddressOfNames');
  const ordinalsRva = r.u32(36, 'AddressOfNameOrdinals');
  if (nFunctions > MAX_EXPORTS || nNames > MAX_EXPORTS) r.fail('limit', 20, 'NumberOfFunctions', `${nFunctions} functions / ${nNames} names is more than ${MAX_EXPORTS}`);
  const fr = new StructReader(image.read(functionsRva, nFunctions * 4, 'AddressOfFunctions'), image.name, 'AddressOfFunctions', functionsRva);
  const names = new Map<number, string>();
  if (nNames > 0) {
    const nr = new StructReader(image.read(namesRva, nNames * 4, 'AddressOfNames'), image.name, 'AddressOfNames', namesRva);
    const or = new StructReader(image.read(ordinalsRva, nNames * 2, 'AddressOfNameOrdinals'), image.name, 'AddressOfNameOrdinals', ordinalsRva);
    for (let i = 0; i < nNames; i++) {
      const idx = or.u16(i * 2, 'ordinal');
      if (idx < nFunctions && !names.has(idx)) names.set(idx, readCString(image, nr.u32(i * 4, 'name')));
    }
  }
  const exports: PeExport[] = [];
  for (let i = 0; i < nFunctions; i++) {
    const rva = fr.u32(i * 4, 'function');
    if (rva === 0) continue;
    const e: PeExport = { ordinal: base + i, rva };
    const name = names.get(i);
    if (name !== undefined) e.name = name;
    if (rva >= dir.VirtualAddress && rva < dir.VirtualAddress + dir.Size) e.forwarder = readCString(image, rva);
    exports.push(e);
  }
  return { dllName: readCString(image, nameRva), exports };
}
