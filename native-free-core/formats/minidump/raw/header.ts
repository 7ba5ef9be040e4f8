import type { StructReader } from '../../../io/struct-reader';

/** 'MDMP' little-endian. */
export const MINIDUMP_SIGNATURE = 0x504d444d;
/** Low 16 bits of MINIDUMP_HEADER.Version; the high 16 bits are implementation specific. */
export const MINIDUMP_VERSION = 0xa793;
export const SIZEOF_MINIDUMP_HEADER = 32;
export const SIZEOF_MINIDUMP_DIRECTORY = 12;
export const SIZEOF_MINIDUMP_LOCATION_DESCRIPTOR = 8;
export const SIZEOF_MINIDUMP_MEMORY_DESCRIPTOR = 16;
export const SIZEOF_MINIDUMP_MEMORY_DESCRIPTOR64 = 16;

export interface MINIDUMP_HEADER {
  Signature: number;
  Version: number;
  NumberOfStreams: number;
  StreamDirectoryRva: number;
  CheckSum: number;
  TimeDateStamp: number;
  /** MINIDUMP_TYPE flags (MiniDumpWithFullMemory, ...). */
  Flags: bigint;
}

export interface MINIDUMP_LOCATION_DESCRIPTOR {
  DataSize: number;
  Rva: number;
}

export interface MINIDUMP_DIRECTORY {
  StreamType: number;
  Location: MINIDUMP_LOCATION_DESCRIPTOR;
}

export interface MINIDUMP_MEMORY_DESCRIPTOR {
  StartOfMemoryRange: bigint;
  Memory: MINIDUMP_LOCATION_DESCRIPTOR;
}

export interface MINIDUMP_MEMORY_DESCRIPTOR64 {
  StartOfMemoryRange: bigint;
  DataSize: bigint;
}

export function readMINIDUMP_HEADER(r: StructReader): MINIDUMP_HEADER {
  return {
    Signature: r.u32(0, 'Signature'),
    Version: r.u32(4, 'Version'),
    NumberOfStreams: r.u32(8, 'NumberOfStreams'),
    StreamDirectoryRva: r.u32(12, 'StreamDirectoryRva'),
    CheckSum: r.u32(16, 'CheckSum'),
    TimeDateStamp: r.u32(20, 'TimeDateStamp'),
    Flags: r.u64(24, 'Flags'),
  };
}

export function readLocation(r: StructReader, at: number, field: string): MINIDUMP_LOCATION_DESCRIPTOR {
  return { DataSize: r.u32(at, `${field}.DataSize`), Rva: r.u32(at + 4, `${field}.Rva`) };
}

export function readMINIDUMP_DIRECTORY(r: StructReader, at: number): MINIDUMP_DIRECTORY {
  return { StreamType: r.u32(at, 'StreamType'), Location: readLocation(r, at + 4, 'Location') };
}

export function readMINIDUMP_MEMORY_DESCRIPTOR(r: StructReader, at: number, field = 'MINIDUMP_MEMORY_DESCRIPTOR'): MINIDUMP_MEMORY_DESCRIPTOR {
  return { StartOfMemoryRange: r.u64(at, `${field}.StartOfMemoryRange`), Memory: readLocation(r, at + 8, `${field}.Memory`) };
}

export function readMINIDUMP_MEMORY_DESCRIPTOR64(r: StructReader, at: number): MINIDUMP_MEMORY_DESCRIPTOR64 {
  return { StartOfMemoryRange: r.u64(at, 'StartOfMemoryRange'), DataSize: r.u64(at + 8, 'DataSize') };
}

/** MINIDUMP_TYPE bits of MINIDUMP_HEADER.Flags: what the writer was asked to include. */
export const MINIDUMP_TYPE: ReadonlyArray<[bigint, string]> = [
  [0x1n, 'MiniDumpWithDataSegs'],
  [0x2n, 'MiniDumpWithFullMemory'],
  [0x4n, 'MiniDumpWithHandleData'],
  [0x8n, 'MiniDumpFilterMemory'],
  [0x10n, 'MiniDumpScanMemory'],
  [0x20n, 'MiniDumpWithUnloadedModules'],
  [0x40n, 'MiniDumpWithIndirectlyReferencedMemory'],
  [0x80n, 'MiniDumpFilterModulePaths'],
  [0x100n, 'MiniDumpWithProcessThreadData'],
  [0x200n, 'MiniDumpWithPrivateReadWriteMemory'],
  [0x400n, 'MiniDumpWithoutOptionalData'],
  [0x800n, 'MiniDumpWithFullMemoryInfo'],
  [0x1000n, 'MiniDumpWithThreadInfo'],
  [0x2000n, 'MiniDumpWithCodeSegs'],
  [0x4000n, 'MiniDumpWithoutAuxiliaryState'],
  [0x8000n, 'MiniDumpWithFullAuxiliaryState'],
  [0x10000n, 'MiniDumpWithPrivateWriteCopyMemory'],
  [0x20000n, 'MiniDumpIgnoreInaccessibleMemory'],
  [0x40000n, 'MiniDumpWithTokenInformation'],
  [0x80000n, 'MiniDumpWithModuleHeaders'],
  [0x100000n, 'MiniDumpFilterTriage'],
  [0x200000n, 'MiniDumpWithAvxXStateContext'],
  [0x400000n, 'MiniDumpWithIptTrace'],
  [0x800000n, 'MiniDumpScanInaccessiblePartialPages'],
  [0x1000000n, 'MiniDumpFilterWriteCombinedMemory'],
];

/** Names of the MINIDUMP_TYPE bits set in Flags ("MiniDumpNormal" when none). */
export function minidumpTypeNames(flags: bigint): string[] {
  const names = MINIDUMP_TYPE.filter(([bit]) => (flags & bit) !== 0n).map(([, name]) => name);
  return names.length ? names : ['MiniDumpNormal'];
}
