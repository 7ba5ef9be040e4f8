import type { PeHeaders } from './headers';
import { IMAGE_DIRECTORY_ENTRY_EXCEPTION } from './headers';
import type { ImageReader } from './image-reader';

/** x64 RUNTIME_FUNCTION entries as a flat array: begin, end, unwind-info RVA per entry. */
export interface RuntimeFunctionTable {
  count: number;
  entries: Uint32Array;
  /** False when some entries could not be read (pages missing from a dump): absence then proves nothing. */
  complete: boolean;
}

export interface RUNTIME_FUNCTION {
  BeginAddress: number;
  EndAddress: number;
  UnwindInfoAddress: number;
}

const MAX_ENTRIES = 1 << 22;

/**
 * Reads the exception directory (.pdata) of an x64 image. Pages that the
 * dump does not hold are skipped, so a partly captured image still gives
 * what it has; entries are kept sorted by BeginAddress.
 */
export function readRuntimeFunctions(image: ImageReader, headers: PeHeaders): RuntimeFunctionTable {
  const dir = headers.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXCEPTION];
  if (!dir || dir.VirtualAddress === 0 || dir.Size < 12) return { count: 0, entries: new Uint32Array(0), complete: true };
  const total = Math.min(Math.floor(dir.Size / 12), MAX_ENTRIES);
  const out = new Uint32Array(total * 3);
  let n = 0;
  let complete = total === Math.floor(dir.Size / 12);
  const CHUNK = 4096 * 3; // 1024 entries, a multiple of 12
  for (let first = 0; first < total; first += CHUNK / 12) {
    const count = Math.min(CHUNK / 12, total - first);
    const rva = dir.VirtualAddress + first * 12;
    const whole = image.tryRead(rva, count * 12);
    if (!whole && !anyEntryPresent(image, rva, count)) {
      complete = false;
      continue;
    }
    for (let i = 0; i < count; i++) {
      const b = whole ?? image.tryRead(rva + i * 12, 12);
      if (!b) {
        complete = false;
        continue;
      }
      const at = whole ? i * 12 : 0;
      const v = new DataView(b.buffer, b.byteOffset + at, 12);
      const begin = v.getUint32(0, true), end = v.getUint32(4, true), info = v.getUint32(8, true);
      if (begin === 0 && end === 0) continue;
      if (end < begin) continue;
      out[n * 3] = begin;
      out[n * 3 + 1] = end;
      out[n * 3 + 2] = info;
      n++;
    }
  }
  const entries = out.subarray(0, n * 3);
  let sorted = true;
  for (let i = 1; i < n; i++) if (entries[i * 3]! < entries[(i - 1) * 3]!) sorted = false;
  if (!sorted) {
    const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => entries[a * 3]! - entries[b * 3]!);
    const copy = new Uint32Array(n * 3);
    idx.forEach((from, to) => copy.set(entries.subarray(from * 3, from * 3 + 3), to * 3));
    return { count: n, entries: copy, complete };
  }
  return { count: n, entries, complete };
}

/**
 * Whether a chunk the dump does not hold whole has any entry at all, probed
 * every 16 entries (192 bytes), so that any 256-byte block a triage dump
 * saves holds a probe, and a missing chunk costs 64 reads, not 1024.
 */
function anyEntryPresent(image: ImageReader, rva: number, count: number): boolean {
  for (let i = 0; i < count; i += 16) if (image.tryRead(rva + i * 12, 12)) return true;
  return image.tryRead(rva + (count - 1) * 12, 12) !== null;
}

/** The RUNTIME_FUNCTION whose [BeginAddress, EndAddress) holds rva. */
export function findRuntimeFunction(table: RuntimeFunctionTable, rva: number): RUNTIME_FUNCTION | undefined {
  const e = table.entries;
  let lo = 0, hi = table.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (e[mid * 3]! <= rva) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  if (i < 0 || rva >= e[i * 3 + 1]!) return undefined;
  return { BeginAddress: e[i * 3]!, EndAddress: e[i * 3 + 1]!, UnwindInfoAddress: e[i * 3 + 2]! };
}
