import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';

/**
 * TRIAGE_DUMP64 (at 0x2000 after DUMP_HEADER64) and TRIAGE_DUMP32 (at 0x1000
 * after DUMP_HEADER32). Every *Offset is a file offset.
 */
export interface TRIAGE_DUMP {
  bits: 64 | 32;
  /** File offset of the structure. */
  offset: number;
  ServicePackBuild: number;
  SizeOfDump: number;
  ValidOffset: number;
  ContextOffset: number;
  ExceptionOffset: number;
  MmOffset: number;
  UnloadedDriversOffset: number;
  PrcbOffset: number;
  ProcessOffset: number;
  ThreadOffset: number;
  CallStackOffset: number;
  SizeOfCallStack: number;
  DriverListOffset: number;
  DriverCount: number;
  StringPoolOffset: number;
  StringPoolSize: number;
  BrokenDriverOffset: number;
  TriageOptions: number;
  TopOfStack: bigint;
  /** TRIAGE_DUMP64 only (ArchitectureSpecific.Ia64). */
  BStoreOffset?: number;
  SizeOfBStore?: number;
  LimitOfBStore?: bigint;
  DataPageAddress: bigint;
  DataPageOffset: number;
  DataPageSize: number;
  DebuggerDataOffset: number;
  DebuggerDataSize: number;
  DataBlocksOffset: number;
  DataBlocksCount: number;
}

export const TRIAGE_DUMP64_SIZE = 0x80;
export const TRIAGE_DUMP32_SIZE = 0x68;

const COMMON_U32_FIELDS = [
  'ServicePackBuild',
  'SizeOfDump',
  'ValidOffset',
  'ContextOffset',
  'ExceptionOffset',
  'MmOffset',
  'UnloadedDriversOffset',
  'PrcbOffset',
  'ProcessOffset',
  'ThreadOffset',
  'CallStackOffset',
  'SizeOfCallStack',
  'DriverListOffset',
  'DriverCount',
  'StringPoolOffset',
  'StringPoolSize',
  'BrokenDriverOffset',
  'TriageOptions',
] as const;

export function readTriageDump(source: ByteSource, offset: number, bits: 64 | 32): TRIAGE_DUMP {
  const name = `TRIAGE_DUMP${bits}`;
  const r = StructReader.at(source, offset, bits === 64 ? TRIAGE_DUMP64_SIZE : TRIAGE_DUMP32_SIZE, name);
  const common: Record<string, number> = {};
  COMMON_U32_FIELDS.forEach((f, i) => (common[f] = r.u32(i * 4, f)));
  const c = common as Record<(typeof COMMON_U32_FIELDS)[number], number>;
  if (bits === 64) {
    return {
      bits,
      offset,
      ...c,
      TopOfStack: r.u64(0x48, 'TopOfStack'),
      BStoreOffset: r.u32(0x50, 'BStoreOffset'),
      SizeOfBStore: r.u32(0x54, 'SizeOfBStore'),
      LimitOfBStore: r.u64(0x58, 'LimitOfBStore'),
      DataPageAddress: r.u64(0x60, 'DataPageAddress'),
      DataPageOffset: r.u32(0x68, 'DataPageOffset'),
      DataPageSize: r.u32(0x6c, 'DataPageSize'),
      DebuggerDataOffset: r.u32(0x70, 'DebuggerDataOffset'),
      DebuggerDataSize: r.u32(0x74, 'DebuggerDataSize'),
      DataBlocksOffset: r.u32(0x78, 'DataBlocksOffset'),
      DataBlocksCount: r.u32(0x7c, 'DataBlocksCount'),
    };
  }
  return {
    bits,
    offset,
    ...c,
    TopOfStack: BigInt(r.u32(0x48, 'TopOfStack')),
    DataPageAddress: BigInt(r.u32(0x4c, 'DataPageAddress')),
    DataPageOffset: r.u32(0x50, 'DataPageOffset'),
    DataPageSize: r.u32(0x54, 'DataPageSize'),
    DebuggerDataOffset: r.u32(0x58, 'DebuggerDataOffset'),
    DebuggerDataSize: r.u32(0x5c, 'DebuggerDataSize'),
    DataBlocksOffset: r.u32(0x60, 'DataBlocksOffset'),
    DataBlocksCount: r.u32(0x64, 'DataBlocksCount'),
  };
}

/** TRIAGE_DATA_BLOCK64 {Address u64, Offset u32, Size u32} / TRIAGE_DATA_BLOCK32 {Address, Offset, Size: u32}. */
export interface TRIAGE_DATA_BLOCK {
  Address: bigint;
  Offset: number;
  Size: number;
}

export function readTriageDataBlocks(source: ByteSource, t: TRIAGE_DUMP): TRIAGE_DATA_BLOCK[] {
  if (t.DataBlocksCount === 0 || t.DataBlocksOffset === 0) return [];
  const entry = t.bits === 64 ? 16 : 12;
  const structure = `TRIAGE_DATA_BLOCK${t.bits}`;
  const total = t.DataBlocksCount * entry;
  if (t.DataBlocksOffset + total > source.size) {
    throw new ParseError('truncated', source.name, `TRIAGE_DUMP${t.bits}.DataBlocksCount`, t.offset + (t.bits === 64 ? 0x7c : 0x64), `${t.DataBlocksCount} data blocks at 0x${t.DataBlocksOffset.toString(16)} do not fit the file`);
  }
  // The whole table was bounds-checked above, so entries are read straight from a DataView.
  const b = source.read(t.DataBlocksOffset, total, structure);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const out: TRIAGE_DATA_BLOCK[] = new Array(t.DataBlocksCount);
  for (let i = 0; i < t.DataBlocksCount; i++) {
    const o = i * entry;
    out[i] =
      t.bits === 64
        ? { Address: v.getBigUint64(o, true), Offset: v.getUint32(o + 8, true), Size: v.getUint32(o + 12, true) }
        : { Address: BigInt(v.getUint32(o, true)), Offset: v.getUint32(o + 4, true), Size: v.getUint32(o + 8, true) };
  }
  return out;
}

/**
 * DUMP_DRIVER_ENTRY64 {DriverNameOffset u32, pad, KLDR_DATA_TABLE_ENTRY64 LdrEntry} (0x90 bytes)
 * DUMP_DRIVER_ENTRY32 {DriverNameOffset u32, KLDR_DATA_TABLE_ENTRY32 LdrEntry} (0x4c bytes).
 * Only the LdrEntry fields a triage writer fills are read.
 */
export interface DUMP_DRIVER_ENTRY {
  DriverNameOffset: number;
  /** Name from the string pool (DUMP_STRING), or null when the offset is bad. */
  DriverName: string | null;
  DllBase: bigint;
  EntryPoint: bigint;
  SizeOfImage: number;
  Flags: number;
  CheckSum: number;
  TimeDateStamp: number;
}

export const DUMP_DRIVER_ENTRY64_SIZE = 0x90;
export const DUMP_DRIVER_ENTRY32_SIZE = 0x4c;
const LDR64 = { DllBase: 0x30, EntryPoint: 0x38, SizeOfImage: 0x40, Flags: 0x68, CheckSum: 0x78, TimeDateStamp: 0x80 };
const LDR32 = { DllBase: 0x18, EntryPoint: 0x1c, SizeOfImage: 0x20, Flags: 0x34, CheckSum: 0x40, TimeDateStamp: 0x44 };

export function readTriageDriverList(source: ByteSource, t: TRIAGE_DUMP, warnings: string[]): DUMP_DRIVER_ENTRY[] {
  if (t.DriverCount === 0 || t.DriverListOffset === 0) return [];
  const size = t.bits === 64 ? DUMP_DRIVER_ENTRY64_SIZE : DUMP_DRIVER_ENTRY32_SIZE;
  const ldrAt = t.bits === 64 ? 8 : 4;
  const L = t.bits === 64 ? LDR64 : LDR32;
  const total = t.DriverCount * size;
  if (t.DriverListOffset + total > source.size) {
    throw new ParseError('truncated', source.name, `TRIAGE_DUMP${t.bits}.DriverCount`, t.offset + 0x34, `${t.DriverCount} driver entries at 0x${t.DriverListOffset.toString(16)} do not fit the file`);
  }
  const b = source.read(t.DriverListOffset, total, `DUMP_DRIVER_ENTRY${t.bits}`);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const ptr = (at: number) => (t.bits === 64 ? v.getBigUint64(at, true) : BigInt(v.getUint32(at, true)));
  const out: DUMP_DRIVER_ENTRY[] = [];
  let badNames = 0;
  for (let i = 0; i < t.DriverCount; i++) {
    const o = i * size;
    const l = o + ldrAt;
    const DriverNameOffset = v.getUint32(o, true);
    const DriverName = readDumpString(source, DriverNameOffset);
    if (DriverName === null) badNames++;
    out.push({
      DriverNameOffset,
      DriverName,
      DllBase: ptr(l + L.DllBase),
      EntryPoint: ptr(l + L.EntryPoint),
      SizeOfImage: v.getUint32(l + L.SizeOfImage, true),
      Flags: v.getUint32(l + L.Flags, true),
      CheckSum: v.getUint32(l + L.CheckSum, true),
      TimeDateStamp: v.getUint32(l + L.TimeDateStamp, true),
    });
  }
  if (badNames) warnings.push(`${badNames} triage driver entries have a DriverNameOffset outside the file or a bad DUMP_STRING`);
  return out;
}

/** Longest driver name we accept from the string pool, in UTF-16 units. */
const MAX_DUMP_STRING = 1024;

/** DUMP_STRING {Length u32 (characters), Buffer WCHAR[Length + 1]}; null when it does not fit the file. */
export function readDumpString(source: ByteSource, offset: number): string | null {
  if (offset <= 0 || offset + 4 > source.size) return null;
  const len = StructReader.at(source, offset, 4, 'DUMP_STRING').u32(0, 'Length');
  if (len > MAX_DUMP_STRING || offset + 4 + len * 2 > source.size) return null;
  return StructReader.at(source, offset + 4, len * 2, 'DUMP_STRING').utf16(0, len * 2, 'Buffer');
}

/**
 * DUMP_UNLOADED_DRIVERS64 {UNICODE_STRING64 Name, WCHAR DriverName[12], ULONG64 StartAddress, EndAddress} (0x38 bytes)
 * after a ULONG64 count; DUMP_UNLOADED_DRIVERS32 {UNICODE_STRING32 Name, WCHAR DriverName[12], ULONG StartAddress, EndAddress}
 * (0x28 bytes) after a ULONG count. Windows keeps the last 50; the name is cut to 12 characters.
 */
export interface DUMP_UNLOADED_DRIVER {
  Name: string;
  StartAddress: bigint;
  EndAddress: bigint;
}

const MAX_UNLOADED_DRIVERS = 1024;

export function readTriageUnloadedDrivers(source: ByteSource, t: TRIAGE_DUMP, warnings: string[]): DUMP_UNLOADED_DRIVER[] {
  if (!t.UnloadedDriversOffset) return [];
  const countSize = t.bits === 64 ? 8 : 4;
  const entry = t.bits === 64 ? 0x38 : 0x28;
  if (t.UnloadedDriversOffset + countSize > source.size) {
    warnings.push(`TRIAGE_DUMP${t.bits}.UnloadedDriversOffset 0x${t.UnloadedDriversOffset.toString(16)} lies outside the file`);
    return [];
  }
  const c = StructReader.at(source, t.UnloadedDriversOffset, countSize, `DUMP_UNLOADED_DRIVERS${t.bits}`);
  const count = t.bits === 64 ? c.u64(0, 'Count') : BigInt(c.u32(0, 'Count'));
  const fits = Math.floor((source.size - t.UnloadedDriversOffset - countSize) / entry);
  if (count > BigInt(Math.min(fits, MAX_UNLOADED_DRIVERS))) {
    warnings.push(`the triage unloaded driver count ${count} at 0x${t.UnloadedDriversOffset.toString(16)} is not believable; the list was left out`);
    return [];
  }
  const n = Number(count);
  const b = source.read(t.UnloadedDriversOffset + countSize, n * entry, `DUMP_UNLOADED_DRIVERS${t.bits}`);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const nameAt = t.bits === 64 ? 0x10 : 0x8;
  const out: DUMP_UNLOADED_DRIVER[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * entry;
    const chars = Math.min(12, v.getUint16(o, true) >> 1);
    let Name = '';
    for (let k = 0; k < chars; k++) {
      const ch = v.getUint16(o + nameAt + k * 2, true);
      if (ch === 0) break;
      Name += String.fromCharCode(ch);
    }
    out.push(
      t.bits === 64
        ? { Name, StartAddress: v.getBigUint64(o + 0x28, true), EndAddress: v.getBigUint64(o + 0x30, true) }
        : { Name, StartAddress: BigInt(v.getUint32(o + 0x20, true)), EndAddress: BigInt(v.getUint32(o + 0x24, true)) },
    );
  }
  return out;
}
