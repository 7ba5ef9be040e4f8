import type { Hex } from '../../model/hex';
import type { ModuleInfo } from '../../model/report';
import type { AnalyzeParse } from './analyze';
import type { CommandBlock } from './commands';
import type { ParsedInstruction } from './disassembly';
import type { MemoryChunk } from './memory';
import type { ExceptionRecordText } from './misc';
import type { StackRow } from './stack';
import type { Line } from './text-lines';
import type { ExpressionResult, LastEvent, PoolOutput, RawBlock, RegisterBlock, TargetInfo, TranscriptCommand, TypeOutput, UnreadableMemory } from './types';

// What reading a transcript gathers, before it becomes a report (see assemble.ts).

export interface CollectedStack {
  source: string;
  rows: StackRow[];
  lines: [number, number];
  /** a k command issued after .cxr/.trap/.ecxr: it describes the fault. */
  afterContextSwitch: boolean;
  fromAnalyze: boolean;
  /** the pc of the context in effect (after .cxr/.trap, or !analyze's CONTEXT/TRAP_FRAME): frame 0's address. */
  contextPc?: Hex;
  /** a thread's listing inside `~*k` output. */
  thread?: { ordinal: number; processId: number; threadId: number; marker?: 'current' | 'exception' };
}

export interface CollectedInstruction extends ParsedInstruction {
  source: string;
}

export interface CollectedChunk extends MemoryChunk {
  source: string;
}

export interface CollectedAnalysis extends AnalyzeParse {
  /** the fault instruction named by FAULTING_IP. */
  faultingIp?: { symbol?: string; address?: Hex; line: number };
  lastControlTransfer?: { from: Hex; to: Hex; line: number };
}

/** Everything the transcript holds, before it is turned into a report. */
export interface Collected {
  commands: TranscriptCommand[];
  analyses: CollectedAnalysis[];
  stacks: CollectedStack[];
  registerBlocks: RegisterBlock[];
  /** registers by line, per block (same order as registerBlocks). */
  registerLines: Record<string, number>[];
  instructions: CollectedInstruction[];
  dataChunks: CollectedChunk[];
  unreadable: UnreadableMemory[];
  pools: PoolOutput[];
  types: TypeOutput[];
  modules: ModuleInfo[];
  bugcheckCommands: { code?: Hex; args: Hex[]; lines: [number, number]; source: string }[];
  exceptionRecords: (ExceptionRecordText & { source: string })[];
  events: LastEvent[];
  kernelEvents: LastEvent[];
  lastEvent?: LastEvent;
  targets: TargetInfo[];
  expressions: ExpressionResult[];
  rawBlocks: RawBlock[];
  warnings: string[];
  /** working state while reading: the pc of the last .cxr/.trap/.ecxr register dump. */
  contextPc?: Hex | undefined;
}

export function pcOf(registers: Record<string, Hex>): Hex | undefined {
  return registers['rip'] ?? registers['eip'];
}

export function warn(c: Collected, message: string): void {
  c.warnings.push(message);
}

export function keepRaw(c: Collected, block: CommandBlock): void {
  c.rawBlocks.push({ command: block.command, lines: [block.firstLine, block.lastLine], text: block.output.map((l) => l.text).join('\n') });
}

export function warnUnparsed(c: Collected, block: CommandBlock, unparsed: Line[]): void {
  const meaningful = unparsed.filter((l) => l.text.trim() !== '' && l.text.trim() !== '...');
  // The debugger's own warnings ("WARNING: Stack unwind information not available", "*** ERROR: ...") are passed on as they are.
  const said = meaningful.filter((l) => DEBUGGER_WARNING.test(l.text));
  for (const l of said.slice(0, 5)) warn(c, `line ${l.no}: the debugger warned: ${l.text.trim().slice(0, 160)}`);
  if (said.length > 5) warn(c, `line ${said[5]!.no}: ${said.length - 5} more debugger warnings`);
  const rest = meaningful.filter((l) => !DEBUGGER_WARNING.test(l.text));
  if (rest.length === 0) return;
  const first = rest[0]!;
  const what = block.command ? `"${block.command}"` : 'the text before the first prompt';
  const n = rest.length;
  warn(c, `line ${first.no}: ${n} line${n === 1 ? '' : 's'} of ${what} not understood (first: "${first.text.trim().slice(0, 80)}")`);
}

const DEBUGGER_WARNING = /^\s*(?:WARNING:|\*\*\*\s*(?:WARNING|ERROR)\b|ERROR:)/i;

