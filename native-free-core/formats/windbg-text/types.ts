/**
 * The transcript-specific part of a WinDbg/KD text import: what lands in
 * `CrashReport.extra` (shape `WinDbgTextExtra`). The analysis engine (pool and
 * byte-lane findings) and the UI read these; the shape is stable, extend it
 * with optional fields only.
 *
 * Line numbers are 1-based lines of the transcript as given (after CRLF -> LF),
 * `[first, last]` inclusive.
 *
 * How the normalized report is filled from a transcript (report.format
 * 'windbg-text', dumpType 'transcript'):
 * - bugcheck: the !analyze title "NAME (code)" and Arg1-4; else BUGCHECK_CODE /
 *   BUGCHECK_P1-4; else `.bugcheck`; else "*** Fatal System Error". Never for
 *   "Exception Analysis" (user mode).
 * - exception: `.exr` / EXCEPTION_RECORD; else Arg1 (code) and Arg2 (address)
 *   of 0x1E/0x3B/0x7E/0x8E (+0x10000000); else EXCEPTION_CODE with FAULTING_IP;
 *   else a user-mode event line "(pid.tid): ... - code c0000094".
 * - context: !analyze CONTEXT, then TRAP_FRAME, then `.cxr`/`.trap`/`.ecxr`,
 *   then `r`. Registers lower case, hex ("iopl" included; flags text in
 *   registerBlocks[].flagsText).
 * - stack: STACK_TEXT of the first !analyze; else the first k* after a
 *   .cxr/.trap; else the first k* command; else `~*k`'s exception thread
 *   ('#'), then current thread ('.'); else a stack found in pasted text.
 *   Frame addresses: WinDbg prints each row's return address, not its own
 *   address, so frame i's `address` is row i-1's RetAddr (inline rows are
 *   skipped back over). Frame 0's is the fault: LAST_CONTROL_TRANSFER "to"
 *   (when its "from" is row 0's RetAddr), the pc of the .cxr/.trap the
 *   listing follows, FAULTING_IP or a register-dump/listing label naming the
 *   same module!function+offset. A call site printed as an address is its own
 *   address. Where the text shows none of these (a bare `k`, `kc`, elided
 *   columns) the address is "0x0" and the frame's provenance.detail ends with
 *   "(address not shown in the text)". `sp` is Child-SP (x64) or the
 *   ChildEBP / FramePtr column (x86). trust is 'transcript'.
 * - knownMemory (all also in the ParsedDump's AddressSpace and report.memory
 *   with source 'transcript'): d* output (db/dw/dd/dc/dq/dp/dps/dqs/dds;
 *   "??" goes to unreadableMemory); instruction bytes of u/ub/uf, FAULTING_IP
 *   and register-dump listings ("code bytes"); dt values at literal addresses
 *   on 64-bit targets (64-bit values, LIST_ENTRY links, (null)).
 * - bucket: FAILURE_BUCKET_ID, else BUCKET_ID, else DEFAULT_BUCKET_ID.
 * - provenance keys: bugcheck.code, bugcheck.args[i] (or bugcheck.args),
 *   exception, context, context.registers.<name>, stack, system.arch,
 *   system.osBuild, process, modules, bucket; every frame, instruction and
 *   knownMemory entry carries its own.
 */
import type { Hex } from '../../model/hex';
import type { StackFrame } from '../../model/report';

export type LineRange = [number, number];

export type CommandKind =
  | 'preamble' // text before the first prompt (banners, or a pasted !analyze without its prompt)
  | 'analyze'
  | 'stack'
  | 'registers' // r, .cxr, .trap, .ecxr
  | 'exception-record' // .exr
  | 'disassembly' // u, ub, uf
  | 'memory' // db, dw, dd, dq, dp, dc, dps, dqs, dds
  | 'pool'
  | 'type' // dt
  | 'modules' // lm, lmv, lm vm ...
  | 'bugcheck' // .bugcheck
  | 'vertarget'
  | 'lastevent'
  | 'expression' // ? expr
  | 'raw'; // anything else: kept as text

export interface TranscriptCommand {
  /** e.g. "2: kd>", "0:000>", "kd>"; empty for the preamble. */
  prompt: string;
  /** the command as typed, without the inline comment the docs add. */
  command: string;
  /** free text after the command (e.g. "[Lists the stack trace.]"), when present. */
  comment?: string;
  /** line of the prompt (or first line of the preamble). */
  firstLine: number;
  lastLine: number;
  kind: CommandKind;
}

/** A block kept as text because nothing understood it. */
export interface RawBlock {
  command: string;
  lines: LineRange;
  text: string;
}

export interface PoolBlock {
  /** start of the pool header. */
  address: Hex;
  /** as printed by !pool (hex, bytes). */
  size: Hex;
  previousSize: Hex;
  /** pool tag as printed, trailing blanks trimmed ("Io", "FMsl"). */
  tag: string;
  allocated: boolean;
  /** the '*' row: the block that holds the queried address. */
  marked: boolean;
  /** text after the tag, e.g. "(Protected)", "Process: ffff...". */
  note?: string;
  line: number;
}

export interface PoolTagDescription {
  tag: string;
  /** "STREAM_LIST_CTRL structure" */
  description: string;
  /** "fltmgr.sys" */
  binary?: string;
  line: number;
}

export interface PoolOutput {
  /** the argument of the !pool command as typed (e.g. "@rcx"). */
  query: string;
  /** "Pool page X": the address !pool resolved. */
  address?: Hex;
  /** "Nonpaged pool", "Paged pool", ... */
  region?: string;
  blocks: PoolBlock[];
  /** the marked block, copied for convenience. */
  markedBlock?: PoolBlock;
  tagDescription?: PoolTagDescription;
  lines: LineRange;
}

export interface TypeField {
  /** "0x000" as printed; for static members ("=addr name") the address. */
  offset: string;
  name: string;
  /** type as printed: "Uint4B", "Ptr64 _EPROCESS", "_LIST_ENTRY", "Pos 0, 8 Bits". */
  type?: string;
  /** the right-hand side as printed, when dt was given an address ("0xfffff889`0d106d58", "_LARGE_INTEGER 0x3f`00067e77"). */
  value?: string;
  /** the leading number of `value` normalized (`0x...`), when it has one: pointers, integers (decimal is converted), (null) -> 0x0. */
  numeric?: Hex;
  /** a bit field ("Pos 8, 8 Bits"). */
  bitfield?: { position: number; bits: number };
  /** the field's absolute address when the dt had a literal base address and the field is at top level or inside embedded structs. */
  address?: Hex;
  children?: TypeField[];
  line: number;
}

export interface TypeOutput {
  /** "_NAME_CACHE_NODE" (module stripped). */
  typeName: string;
  /** "fltmgr" when the command or the header line names it. */
  module?: string;
  /** the address expression as typed ("fffff8a00d106d40", "@rcx-8"). */
  addressExpression?: string;
  /** the address: the expression's value when it is literal (or literal+literal), or evaluated with the fault context's registers. */
  address?: Hex;
  /** `address` was computed from registers (@rcx-8) of the report's context, which the text does not prove was current. */
  addressFromRegisters?: boolean;
  /** dt /b (or -b): nested structures expanded. */
  expanded: boolean;
  fields: TypeField[];
  lines: LineRange;
}

export interface ExpressionResult {
  expression: string;
  /** "152" */
  decimal?: string;
  value?: Hex;
  line: number;
}

export interface LastEvent {
  text: string;
  processId?: number;
  threadId?: number;
  code?: Hex;
  description?: string;
  firstChance?: boolean;
  line: number;
}

export interface TargetInfo {
  text: string;
  osBuild?: number;
  processors?: number;
  arch?: 'x64' | 'x86' | 'arm64';
  buildString?: string;
  product?: string;
  kernelBase?: Hex;
  psLoadedModuleList?: Hex;
  debugSessionTime?: string;
  uptimeSeconds?: number;
  lines: LineRange;
}

export interface RegisterBlock {
  /** "!analyze CONTEXT", "!analyze TRAP_FRAME", ".cxr", ".trap", "r", ".ecxr", "text". */
  source: string;
  /** the context/trap address the text names, when it does. */
  address?: Hex;
  registers: Record<string, Hex>;
  /** "nv up ei pl nz na po nc" */
  flagsText?: string;
  /** the "module!function+0x..:" label printed under the registers. */
  symbol?: string;
  lines: LineRange;
}

export interface StackListing {
  /** "!analyze STACK_TEXT", "kb", "k", ... */
  source: string;
  frames: StackFrame[];
  lines: LineRange;
  /** true when the report's stack is this one. */
  selected: boolean;
  /** the thread of a `~*k` listing. */
  threadId?: number;
}

export interface AnalyzeOutput {
  /** "Bugcheck Analysis" / "Exception Analysis", when the banner is there. */
  banner?: string;
  bugcheckName?: string;
  bugcheckCode?: Hex;
  /** line of the "NAME (code)" title. */
  bugcheckLine?: number;
  args: { index: number; value: Hex; meaning: string; line: number }[];
  values: Record<string, string>;
  valueLines: Record<string, LineRange>;
  lines: LineRange;
}

export interface UnreadableMemory {
  address: Hex;
  size: number;
  line: number;
}

export interface WinDbgTextExtra {
  /**
   * KEY: value lines of the (first) !analyze output, multi-line values joined
   * with "\n" (the first line is the text after the colon, possibly empty).
   * A key repeated inside one output is stored again as "KEY#<line>".
   * Windows 10 KEY_VALUES_STRING pairs are stored under their Key
   * ("Analysis.CPU.mSec"). KEY lines of other commands' output that the docs
   * join to !analyze (e.g. after !ruleinfo) are merged in when not present.
   */
  analyze: Record<string, string>;
  /** line range per key of `analyze`. */
  analyzeLines: Record<string, LineRange>;
  /** every !analyze output in the transcript (some transcripts hold two). */
  analyses: AnalyzeOutput[];
  pools: PoolOutput[];
  types: TypeOutput[];
  commands: TranscriptCommand[];
  rawBlocks: RawBlock[];
  expressions: ExpressionResult[];
  lastEvent?: LastEvent;
  vertarget?: TargetInfo;
  /** every register dump in the text; report.context is the one describing the fault. */
  registerBlocks: RegisterBlock[];
  /** every stack listing; report.stack is the selected one. */
  stacks: StackListing[];
  /** memory the text shows as "??" (not in the dump). */
  unreadableMemory: UnreadableMemory[];
}
