import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';

/** 'PAGE' as a little-endian u32: header fields never filled by the writer keep this pattern. */
export const PAGE_PATTERN = 0x45474150;
export const SIGNATURE_PAGE = 0x45474150; // "PAGE"
export const VALID_DUMP_DU64 = 0x34365544; // "DU64"
export const VALID_DUMP_DUMP = 0x504d5544; // "DUMP"

export const DUMP_HEADER64_SIZE = 0x2000;
export const DUMP_HEADER32_SIZE = 0x1000;

/** PHYSICAL_MEMORY_RUN64 / PHYSICAL_MEMORY_RUN32. */
export interface PHYSICAL_MEMORY_RUN {
  BasePage: bigint;
  PageCount: bigint;
}

/** PHYSICAL_MEMORY_DESCRIPTOR64 / 32, as stored in the header's PhysicalMemoryBlockBuffer (700 bytes). */
export interface PHYSICAL_MEMORY_DESCRIPTOR {
  NumberOfRuns: number;
  NumberOfPages: bigint;
  Run: PHYSICAL_MEMORY_RUN[];
  /** True when the block still holds the 'PAGE' fill (triage dumps): no runs. */
  unused: boolean;
}

/**
 * DUMP_HEADER64 ("PAGE" "DU64", 0x2000 bytes) and DUMP_HEADER32 ("PAGE"
 * "DUMP", 0x1000 bytes) with Microsoft's field names. Pointer-sized fields
 * are widened to bigint; `bits` says which header it was.
 */
export interface DUMP_HEADER {
  bits: 64 | 32;
  Signature: number;
  ValidDump: number;
  MajorVersion: number;
  MinorVersion: number;
  DirectoryTableBase: bigint;
  PfnDataBase: bigint;
  PsLoadedModuleList: bigint;
  PsActiveProcessHead: bigint;
  MachineImageType: number;
  NumberProcessors: number;
  BugCheckCode: number;
  BugCheckParameter: [bigint, bigint, bigint, bigint];
  VersionUser: string;
  /** DUMP_HEADER32 only. */
  PaeEnabled?: number;
  KdSecondaryVersion?: number;
  KdDebuggerDataBlock: bigint;
  PhysicalMemoryBlock: PHYSICAL_MEMORY_DESCRIPTOR;
  /** File offset and size of ContextRecord (64: 0x348, 3000 bytes; 32: 0x320, 1200 bytes). */
  ContextRecordOffset: number;
  ContextRecordSize: number;
  /** File offset of Exception (EXCEPTION_RECORD64 at 0xF00 / EXCEPTION_RECORD32 at 0x7D0). */
  ExceptionOffset: number;
  DumpType: number;
  RequiredDumpSpace: bigint;
  SystemTime: bigint;
  Comment: string;
  SystemUpTime: bigint;
  MiniDumpFields: number;
  SecondaryDataState: number;
  ProductType: number;
  SuiteMask: number;
  WriterStatus: number;
  /** DUMP_HEADER64 only. */
  Attributes?: number;
  BootId?: number;
}

/** Field offsets inside DUMP_HEADER64 (Microsoft's layout, checked against kdmp-parser and rizin). */
export const DUMP_HEADER64_OFFSETS = {
  MajorVersion: 0x08,
  MinorVersion: 0x0c,
  DirectoryTableBase: 0x10,
  PfnDataBase: 0x18,
  PsLoadedModuleList: 0x20,
  PsActiveProcessHead: 0x28,
  MachineImageType: 0x30,
  NumberProcessors: 0x34,
  BugCheckCode: 0x38,
  BugCheckParameter1: 0x40,
  VersionUser: 0x60,
  KdDebuggerDataBlock: 0x80,
  PhysicalMemoryBlock: 0x88,
  ContextRecord: 0x348,
  Exception: 0xf00,
  DumpType: 0xf98,
  RequiredDumpSpace: 0xfa0,
  SystemTime: 0xfa8,
  Comment: 0xfb0,
  SystemUpTime: 0x1030,
  MiniDumpFields: 0x1038,
  SecondaryDataState: 0x103c,
  ProductType: 0x1040,
  SuiteMask: 0x1044,
  WriterStatus: 0x1048,
  KdSecondaryVersion: 0x104d,
  Attributes: 0x1050,
  BootId: 0x1054,
} as const;

/** Field offsets inside DUMP_HEADER32 (volatility's and rizin's layouts). */
export const DUMP_HEADER32_OFFSETS = {
  MajorVersion: 0x08,
  MinorVersion: 0x0c,
  DirectoryTableBase: 0x10,
  PfnDataBase: 0x14,
  PsLoadedModuleList: 0x18,
  PsActiveProcessHead: 0x1c,
  MachineImageType: 0x20,
  NumberProcessors: 0x24,
  BugCheckCode: 0x28,
  BugCheckParameter1: 0x2c,
  VersionUser: 0x3c,
  PaeEnabled: 0x5c,
  KdSecondaryVersion: 0x5d,
  KdDebuggerDataBlock: 0x60,
  PhysicalMemoryBlock: 0x64,
  ContextRecord: 0x320,
  Exception: 0x7d0,
  Comment: 0x820,
  DumpType: 0xf88,
  MiniDumpFields: 0xf8c,
  SecondaryDataState: 0xf90,
  ProductType: 0xf94,
  SuiteMask: 0xf98,
  WriterStatus: 0xf9c,
  RequiredDumpSpace: 0xfa0,
  SystemUpTime: 0xfb8,
  SystemTime: 0xfc0,
} as const;

const PHYSICAL_MEMORY_BLOCK_SIZE = 700;

export function readDumpHeader(source: ByteSource): DUMP_HEADER {
  const sig = StructReader.at(source, 0, Math.min(8, source.size), 'DUMP_HEADER');
  const Signature = sig.u32(0, 'Signature');
  const ValidDump = sig.u32(4, 'ValidDump');
  if (Signature !== SIGNATURE_PAGE) sig.fail('invalid', 0, 'Signature', `expected "PAGE", found 0x${Signature.toString(16)}`);
  if (ValidDump === VALID_DUMP_DU64) return readHeader64(source);
  if (ValidDump === VALID_DUMP_DUMP) return readHeader32(source);
  throw new ParseError('invalid', source.name, 'DUMP_HEADER.ValidDump', 4, `expected "DU64" or "DUMP", found 0x${ValidDump.toString(16)}`);
}

function readHeader64(source: ByteSource): DUMP_HEADER {
  const O = DUMP_HEADER64_OFFSETS;
  const r = StructReader.at(source, 0, Math.min(DUMP_HEADER64_SIZE, source.size), 'DUMP_HEADER64');
  // Everything up to BootId must be there; the reserved tail may be cut only if DumpType says so later.
  if (r.length < O.BootId + 4) r.fail('truncated', r.length, 'DumpType', `header needs 0x${(O.BootId + 4).toString(16)} bytes, file has 0x${r.length.toString(16)}`);
  return {
    bits: 64,
    Signature: r.u32(0, 'Signature'),
    ValidDump: r.u32(4, 'ValidDump'),
    MajorVersion: r.u32(O.MajorVersion, 'MajorVersion'),
    MinorVersion: r.u32(O.MinorVersion, 'MinorVersion'),
    DirectoryTableBase: r.u64(O.DirectoryTableBase, 'DirectoryTableBase'),
    PfnDataBase: r.u64(O.PfnDataBase, 'PfnDataBase'),
    PsLoadedModuleList: r.u64(O.PsLoadedModuleList, 'PsLoadedModuleList'),
    PsActiveProcessHead: r.u64(O.PsActiveProcessHead, 'PsActiveProcessHead'),
    MachineImageType: r.u32(O.MachineImageType, 'MachineImageType'),
    NumberProcessors: r.u32(O.NumberProcessors, 'NumberProcessors'),
    BugCheckCode: r.u32(O.BugCheckCode, 'BugCheckCode'),
    BugCheckParameter: [0, 1, 2, 3].map((i) => r.u64(O.BugCheckParameter1 + i * 8, `BugCheckParameter${i + 1}`)) as DUMP_HEADER['BugCheckParameter'],
    VersionUser: r.ascii(O.VersionUser, 32, 'VersionUser'),
    KdDebuggerDataBlock: r.u64(O.KdDebuggerDataBlock, 'KdDebuggerDataBlock'),
    PhysicalMemoryBlock: readPhysicalMemoryDescriptor(r, O.PhysicalMemoryBlock, 64),
    ContextRecordOffset: O.ContextRecord,
    ContextRecordSize: 3000,
    ExceptionOffset: O.Exception,
    DumpType: r.u32(O.DumpType, 'DumpType'),
    RequiredDumpSpace: r.u64(O.RequiredDumpSpace, 'RequiredDumpSpace'),
    SystemTime: r.u64(O.SystemTime, 'SystemTime'),
    Comment: r.ascii(O.Comment, 128, 'Comment'),
    SystemUpTime: r.u64(O.SystemUpTime, 'SystemUpTime'),
    MiniDumpFields: r.u32(O.MiniDumpFields, 'MiniDumpFields'),
    SecondaryDataState: r.u32(O.SecondaryDataState, 'SecondaryDataState'),
    ProductType: r.u32(O.ProductType, 'ProductType'),
    SuiteMask: r.u32(O.SuiteMask, 'SuiteMask'),
    WriterStatus: r.u32(O.WriterStatus, 'WriterStatus'),
    KdSecondaryVersion: r.u8(O.KdSecondaryVersion, 'KdSecondaryVersion'),
    Attributes: r.u32(O.Attributes, 'Attributes'),
    BootId: r.u32(O.BootId, 'BootId'),
  };
}

function readHeader32(source: ByteSource): DUMP_HEADER {
  const O = DUMP_HEADER32_OFFSETS;
  const r = StructReader.at(source, 0, Math.min(DUMP_HEADER32_SIZE, source.size), 'DUMP_HEADER32');
  if (r.length < O.SystemTime + 8) r.fail('truncated', r.length, 'SystemTime', `header needs 0x${(O.SystemTime + 8).toString(16)} bytes, file has 0x${r.length.toString(16)}`);
  return {
    bits: 32,
    Signature: r.u32(0, 'Signature'),
    ValidDump: r.u32(4, 'ValidDump'),
    MajorVersion: r.u32(O.MajorVersion, 'MajorVersion'),
    MinorVersion: r.u32(O.MinorVersion, 'MinorVersion'),
    DirectoryTableBase: BigInt(r.u32(O.DirectoryTableBase, 'DirectoryTableBase')),
    PfnDataBase: BigInt(r.u32(O.PfnDataBase, 'PfnDataBase')),
    PsLoadedModuleList: BigInt(r.u32(O.PsLoadedModuleList, 'PsLoadedModuleList')),
    PsActiveProcessHead: BigInt(r.u32(O.PsActiveProcessHead, 'PsActiveProcessHead')),
    MachineImageType: r.u32(O.MachineImageType, 'MachineImageType'),
    NumberProcessors: r.u32(O.NumberProcessors, 'NumberProcessors'),
    BugCheckCode: r.u32(O.BugCheckCode, 'BugCheckCode'),
    BugCheckParameter: [0, 1, 2, 3].map((i) => BigInt(r.u32(O.BugCheckParameter1 + i * 4, `BugCheckParameter${i + 1}`))) as DUMP_HEADER['BugCheckParameter'],
    VersionUser: r.ascii(O.VersionUser, 32, 'VersionUser'),
    PaeEnabled: r.u8(O.PaeEnabled, 'PaeEnabled'),
    KdSecondaryVersion: r.u8(O.KdSecondaryVersion, 'KdSecondaryVersion'),
    KdDebuggerDataBlock: BigInt(r.u32(O.KdDebuggerDataBlock, 'KdDebuggerDataBlock')),
    PhysicalMemoryBlock: readPhysicalMemoryDescriptor(r, O.PhysicalMemoryBlock, 32),
    ContextRecordOffset: O.ContextRecord,
    ContextRecordSize: 1200,
    ExceptionOffset: O.Exception,
    DumpType: r.u32(O.DumpType, 'DumpType'),
    RequiredDumpSpace: r.u64(O.RequiredDumpSpace, 'RequiredDumpSpace'),
    SystemTime: r.u64(O.SystemTime, 'SystemTime'),
    Comment: r.ascii(O.Comment, 128, 'Comment'),
    SystemUpTime: r.u64(O.SystemUpTime, 'SystemUpTime'),
    MiniDumpFields: r.u32(O.MiniDumpFields, 'MiniDumpFields'),
    SecondaryDataState: r.u32(O.SecondaryDataState, 'SecondaryDataState'),
    ProductType: r.u32(O.ProductType, 'ProductType'),
    SuiteMask: r.u32(O.SuiteMask, 'SuiteMask'),
    WriterStatus: r.u32(O.WriterStatus, 'WriterStatus'),
  };
}

/**
 * PHYSICAL_MEMORY_DESCRIPTOR64: NumberOfRuns u32, pad, NumberOfPages u64, Run[] {BasePage u64, PageCount u64}.
 * PHYSICAL_MEMORY_DESCRIPTOR32: NumberOfRuns u32, NumberOfPages u32, Run[] {BasePage u32, PageCount u32}.
 * The run count is checked against the 700-byte buffer, so a hostile count cannot make us loop.
 */
function readPhysicalMemoryDescriptor(r: StructReader, at: number, bits: 64 | 32): PHYSICAL_MEMORY_DESCRIPTOR {
  const NumberOfRuns = r.u32(at, 'PhysicalMemoryBlock.NumberOfRuns');
  const NumberOfPages = bits === 64 ? r.u64(at + 8, 'PhysicalMemoryBlock.NumberOfPages') : BigInt(r.u32(at + 4, 'PhysicalMemoryBlock.NumberOfPages'));
  if (NumberOfRuns === PAGE_PATTERN) return { NumberOfRuns, NumberOfPages, Run: [], unused: true };
  const runSize = bits === 64 ? 16 : 8;
  const runsAt = at + (bits === 64 ? 16 : 8);
  const maxRuns = Math.floor((PHYSICAL_MEMORY_BLOCK_SIZE - (runsAt - at)) / runSize);
  const Run: PHYSICAL_MEMORY_RUN[] = [];
  if (NumberOfRuns <= maxRuns) {
    for (let i = 0; i < NumberOfRuns; i++) {
      const o = runsAt + i * runSize;
      Run.push(
        bits === 64
          ? { BasePage: r.u64(o, `PhysicalMemoryBlock.Run[${i}].BasePage`), PageCount: r.u64(o + 8, `PhysicalMemoryBlock.Run[${i}].PageCount`) }
          : { BasePage: BigInt(r.u32(o, `PhysicalMemoryBlock.Run[${i}].BasePage`)), PageCount: BigInt(r.u32(o + 4, `PhysicalMemoryBlock.Run[${i}].PageCount`)) },
      );
    }
  }
  return { NumberOfRuns, NumberOfPages, Run, unused: false };
}

/**
 * Checks a full dump's run list: the count must fit the buffer (else ParseError).
 * Returns a warning when the pages do not all fit the file (a cut MEMORY.DMP is still readable in part).
 */
export function checkPhysicalMemoryRuns(source: ByteSource, h: DUMP_HEADER): string | null {
  const pmd = h.PhysicalMemoryBlock;
  const at = h.bits === 64 ? DUMP_HEADER64_OFFSETS.PhysicalMemoryBlock : DUMP_HEADER32_OFFSETS.PhysicalMemoryBlock;
  const structure = `DUMP_HEADER${h.bits}.PhysicalMemoryBlock`;
  if (pmd.unused) throw new ParseError('invalid', source.name, structure, at, 'full dump without physical memory runs (the block holds the "PAGE" fill)');
  if (pmd.Run.length !== pmd.NumberOfRuns) {
    throw new ParseError('invalid', source.name, `${structure}.NumberOfRuns`, at, `${pmd.NumberOfRuns} runs do not fit the 700-byte descriptor`);
  }
  const headerSize = h.bits === 64 ? DUMP_HEADER64_SIZE : DUMP_HEADER32_SIZE;
  const maxPages = BigInt(Math.floor(Math.max(0, source.size - headerSize) / 0x1000));
  let total = 0n;
  for (const run of pmd.Run) total += run.PageCount;
  if (total > maxPages) return `${structure}: the runs hold ${total} pages but the file has room for ${maxPages}; pages past the end read as "not in dump"`;
  return null;
}
