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
