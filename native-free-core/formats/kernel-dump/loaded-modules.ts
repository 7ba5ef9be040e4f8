import type { AddressSpace } from '../../model/address-space';
import { readPointer } from '../../model/address-space';
import { hex } from '../../model/hex';
import type { ModuleInfo } from '../../model/report';

/** Field offsets of KLDR_DATA_TABLE_ENTRY that are stable across Windows versions. */
const KLDR = {
  64: { DllBase: 0x30, SizeOfImage: 0x40, FullDllName: 0x48, BaseDllName: 0x58, bufferAt: 8 },
  32: { DllBase: 0x18, SizeOfImage: 0x20, FullDllName: 0x24, BaseDllName: 0x2c, bufferAt: 4 },
} as const;

/** More loaded modules than any Windows system has; stops a corrupt list from looping. */
export const MAX_LOADED_MODULES = 4096;

function readUnicodeString(memory: AddressSpace, va: bigint, bufferAt: number): string | null {
  const len = memory.read(va, 2);
  if (!len) return null;
  const length = len[0]! | (len[1]! << 8);
  if (length === 0 || length > 1024 || length % 2) return null;
  const buf = readPointer(memory, va + BigInt(bufferAt));
  if (buf === null) return null;
  const b = memory.read(buf, length);
  if (!b) return null;
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
  return s;
}

/**
 * Walks PsLoadedModuleList (a LIST_ENTRY of KLDR_DATA_TABLE_ENTRY, linked by
 * InLoadOrderLinks at offset 0) through virtual memory.
 */
export function walkLoadedModuleList(memory: AddressSpace, head: bigint, bits: 64 | 32, warnings: string[]): ModuleInfo[] {
  const L = KLDR[bits];
  const modules: ModuleInfo[] = [];
  const seen = new Set<bigint>();
  let entry = readPointer(memory, head);
  if (entry === null) {
    warnings.push(`PsLoadedModuleList at ${hex(head)} is not in the dump`);
    return modules;
  }
  while (entry !== head && entry !== 0n) {
    if (seen.has(entry) || modules.length >= MAX_LOADED_MODULES) {
      warnings.push(`PsLoadedModuleList loops or is longer than ${MAX_LOADED_MODULES} entries; the walk stopped`);
      break;
    }
    seen.add(entry);
    const base = readPointer(memory, entry + BigInt(L.DllBase));
    const sizeBytes = memory.read(entry + BigInt(L.SizeOfImage), 4);
    if (base === null || !sizeBytes) {
      warnings.push(`loaded module entry ${hex(entry)} is not in the dump; the walk stopped`);
      break;
    }
    const size = new DataView(sizeBytes.buffer, sizeBytes.byteOffset, 4).getUint32(0, true);
    const name = readUnicodeString(memory, entry + BigInt(L.BaseDllName), L.bufferAt);
    const path = readUnicodeString(memory, entry + BigInt(L.FullDllName), L.bufferAt);
    const m: ModuleInfo = {
      name: name ?? path?.split('\\').pop() ?? `module_${base.toString(16)}`,
      base: hex(base),
      size: hex(size),
      provenance: { source: 'memory', detail: `KLDR_DATA_TABLE_ENTRY at ${hex(entry)} (PsLoadedModuleList)` },
    };
    if (path) m.path = path;
    modules.push(m);
    const next = readPointer(memory, entry);
    if (next === null) {
      warnings.push(`loaded module list link at ${hex(entry)} is not in the dump; the walk stopped`);
      break;
    }
    entry = next;
  }
  return modules;
}
