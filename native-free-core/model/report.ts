import type { Hex } from './hex';

/**
 * The normalized CrashReport that every format (kernel dump, minidump,
 * WinDbg text) produces. It is plain JSON: 64-bit values are `0x` hex
 * strings, so the report is stored, sent over IPC and printed as it is.
 * Absent facts are left out, never invented.
 */
export type Arch = 'x64' | 'x86' | 'arm64';
export type ReportFormat = 'kernel-dump' | 'minidump' | 'windbg-text';
export type DumpType = 'full' | 'summary' | 'bitmap' | 'triage' | 'live-kernel' | 'minidump' | 'transcript';

/** Where a fact came from: a stream or header field, transcript lines, dump memory, or derived by analysis. */
export interface Provenance {
  source: 'header' | 'stream' | 'transcript' | 'memory' | 'derived';
  /** e.g. "DUMP_HEADER64.BugCheckCode", "ExceptionStream", "!analyze -v STACK_TEXT". */
  detail?: string;
  /** 1-based transcript line numbers, first and last. */
  lines?: [number, number];
}

export interface SystemInfo {
  arch?: Arch;
  osBuild?: number;
  /** e.g. "10.0.19041" or "5.1.2600". */
  osVersion?: string;
  /** Service pack or CSD string. */
  csdVersion?: string;
  osProduct?: string;
  processors?: number;
  /** e.g. "GenuineIntel family 6 model 13 stepping 8". */
  cpu?: string;
  /** Kernel build lab string, when known. */
  buildString?: string;
}

export interface BugcheckInfo {
  /** e.g. "0x3b", "0x1000007e". */
  code: Hex;
  /** Filled from the catalog by analysis when known. */
  name?: string;
  args: Hex[];
}

export interface ExceptionInfo {
  code: Hex;
  name?: string;
  address: Hex;
  flags?: Hex;
  parameters?: Hex[];
  threadId?: number;
  /** access violation kind decoded from the parameters. */
  accessType?: 'read' | 'write' | 'execute';
  /** the inaccessible address of an access violation (corrected, e.g. sign extension removed). */
  accessAddress?: Hex;
  /** fail-fast subcode (c0000409) when present. */
  subcode?: Hex;
}

/** Registers by lower-case name (rip, rsp, eflags, cs, …) as hex strings. */
export type Registers = Record<string, Hex>;

export interface CpuContext {
  arch: Arch;
  registers: Registers;
  /** Which register groups are valid (CONTEXT_CONTROL, _INTEGER, …), when the format says. */
  flags?: Hex;
  provenance?: Provenance;
}

export type FrameTrust = 'context' | 'cfi' | 'epilogue' | 'trap-frame' | 'frame-pointer' | 'scan' | 'transcript' | 'prewalked';

export interface StackFrame {
  index: number;
  /** The instruction address (for callers, the return address). */
  address: Hex;
  module?: string;
  function?: string;
  /** offset from the function start, or from the module base when no symbol. */
  offset?: Hex;
  file?: string;
  line?: number;
  /** Child-SP / stack pointer of this frame. */
  sp?: Hex;
  /** Return address column of WinDbg output. */
  returnAddress?: Hex;
  /** first stack arguments (kb/kv). */
  args?: Hex[];
  trust: FrameTrust;
  inline?: boolean;
  provenance?: Provenance;
}

export interface ThreadInfo {
  id: number;
  name?: string;
  context?: CpuContext;
  stackBase?: Hex;
  stackSize?: number;
  teb?: Hex;
  frames?: StackFrame[];
  crashed?: boolean;
}

export interface ModuleInfo {
  name: string;
  base: Hex;
  size: Hex;
  path?: string;
  /** "1.2.3.4" from VS_FIXEDFILEINFO or lmv. */
  version?: string;
  timestamp?: number;
  checksum?: Hex;
  /** Debug file name (e.g. ntkrnlmp.pdb). */
  debugFile?: string;
  /** Symbol-store id: GUID without dashes, upper case, followed by the age in hex. */
  debugId?: string;
  /** Code id of the image in symbol-server form: TimeDateStamp (8 hex digits, upper case) + SizeOfImage (lower-case hex). */
  codeId?: string;
  unloaded?: boolean;
  provenance?: Provenance;
}

/** A range of the address space the dump (or transcript) holds. */
export interface MemoryRegion {
  address: Hex;
  size: number;
  /** where the bytes came from. */
  source: 'dump' | 'transcript' | 'triage-block' | 'stack' | 'module-image';
  label?: string;
}

/** Bytes the transcript shows (dq/dd/db/dps, u bytes): small, kept inside the report. */
export interface KnownMemory {
  address: Hex;
  /** hex string of the bytes, little-endian memory order */
  bytes: string;
  provenance: Provenance;
}

/** One decoded instruction, from a dump (disassembled) or a transcript (`u` output). */
export interface InstructionLine {
  address: Hex;
  bytes?: string;
  text: string;
  symbol?: string;
  /** the debugger's effective-address note printed after the operands, e.g. "ds:002b:0000009d`00000020=????????????????". */
  annotation?: string;
  provenance?: Provenance;
}

export type Severity = 'info' | 'low' | 'medium' | 'high';

export type EvidenceRef =
  | { kind: 'register'; name: string; value?: Hex }
  | { kind: 'address'; address: Hex; label?: string }
  | { kind: 'frame'; index: number }
  | { kind: 'module'; name: string }
  | { kind: 'instruction'; address: Hex; text?: string }
  | { kind: 'memory'; address: Hex; size: number; label?: string }
  | { kind: 'transcript-line'; line: number }
  | { kind: 'field'; structure: string; field: string; value?: Hex };

export interface Finding {
  /** stable id inside the report, e.g. "register-memory-mismatch:rsi". */
  id: string;
  kind: string;
  severity: Severity;
  text: string;
  details?: string;
  evidence: EvidenceRef[];
  data?: Record<string, unknown>;
}

export interface CrashReport {
  format: ReportFormat;
  dumpType: DumpType;
  system: SystemInfo;
  bugcheck?: BugcheckInfo;
  exception?: ExceptionInfo;
  process?: string;
  processId?: number;
  /** ISO 8601 crash time. */
  crashTime?: string;
  /** Seconds the system or process had been up. */
  uptimeSeconds?: number;
  /** The context of the fault (trap frame / exception context when found, as !analyze uses). */
  context?: CpuContext;
  threads: ThreadInfo[];
  crashingThreadId?: number;
  /** The crashing thread's frames, top first. */
  stack: StackFrame[];
  modules: ModuleInfo[];
  memory: MemoryRegion[];
  knownMemory?: KnownMemory[];
  disassembly?: InstructionLine[];
  findings: Finding[];
  bucket?: string;
  /** Format-specific extras (triage fields, transcript key/values, raw blocks). */
  extra?: Record<string, unknown>;
  /** Things the parser could not understand; the report is still usable. */
  warnings: string[];
  /** Provenance by report field path, e.g. "bugcheck.code" or "stack". */
  provenance: Record<string, Provenance>;
}

export function emptyReport(format: ReportFormat, dumpType: DumpType): CrashReport {
  return { format, dumpType, system: {}, threads: [], stack: [], modules: [], memory: [], findings: [], warnings: [], provenance: {} };
}
