import type { StructReader } from '../../../io/struct-reader';

export const SIZEOF_MINIDUMP_HANDLE_DATA_STREAM = 16;
export const SIZEOF_MINIDUMP_HANDLE_DESCRIPTOR = 32;
export const SIZEOF_MINIDUMP_HANDLE_DESCRIPTOR_2 = 40;

/** MINIDUMP_HANDLE_DESCRIPTOR (and the first fields of _2). */
export interface MINIDUMP_HANDLE_DESCRIPTOR {
  Handle: bigint;
  TypeNameRva: number;
  ObjectNameRva: number;
  Attributes: number;
  GrantedAccess: number;
  HandleCount: number;
  PointerCount: number;
  /** MINIDUMP_HANDLE_DESCRIPTOR_2 only. */
  ObjectInfoRva?: number;
}

export function readMINIDUMP_HANDLE_DESCRIPTOR(r: StructReader, at: number, entrySize: number): MINIDUMP_HANDLE_DESCRIPTOR {
  const d: MINIDUMP_HANDLE_DESCRIPTOR = {
    Handle: r.u64(at, 'Handle'),
    TypeNameRva: r.u32(at + 8, 'TypeNameRva'),
    ObjectNameRva: r.u32(at + 12, 'ObjectNameRva'),
    Attributes: r.u32(at + 16, 'Attributes'),
    GrantedAccess: r.u32(at + 20, 'GrantedAccess'),
    HandleCount: r.u32(at + 24, 'HandleCount'),
    PointerCount: r.u32(at + 28, 'PointerCount'),
  };
  if (entrySize >= SIZEOF_MINIDUMP_HANDLE_DESCRIPTOR_2) d.ObjectInfoRva = r.u32(at + 32, 'ObjectInfoRva');
  return d;
}
