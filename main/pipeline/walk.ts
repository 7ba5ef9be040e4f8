import { lookupBugcheck, lookupNtStatus } from '../../native-free-core/analysis/catalog';
import { openDump } from '../../native-free-core/formats/open';
import type { ByteSource } from '../../native-free-core/io/byte-source';
import type { ParsedDump } from '../../native-free-core/model/parsed-dump';
import { addExportsFromDump } from '../../native-free-core/symbols/image-exports';
import { identifyModulesFromMemory } from '../../native-free-core/symbols/module-identity';
import type { SymbolProvider } from '../../native-free-core/symbols/types';
import { toReportFrames, type WalkedFrame } from '../../native-free-core/unwind/frame';
import { crashingThread, walkCrashingThread, walkStack } from '../../native-free-core/unwind/walk';
import { sharedDisassembler } from '../disasm/shared';
import { withFileSource } from '../fs/file-byte-source';
import { decodeKdbgWithNtPdb } from '../symbols/kdbg-from-pdb';
import { resolveSymbols } from '../symbols/symbol-path';
import { symbolPathFromEnvironment } from './symbol-path-setting';

export interface WalkOptions {
  /** symbol folders; defaults to _NT_SYMBOL_PATH's local folders */
  symbolPath?: string[];
  /** also walk the crashing thread from its saved context (threadFrames), as `crashbench stackwalk --thread` prints */
  thread?: boolean;
}

export interface WalkedDump extends ParsedDump {
  /** the walker's frames with their recovered registers (for Breakpad-style output) */
  walkedFrames: WalkedFrame[];
  /** with options.thread: the crashing thread from its saved context through the trap frame (see walkCrashingThread) */
  threadFrames?: WalkedFrame[];
  /** "symbols not found for X (looked in …)" and the like */
  symbolMessages: string[];
  symbols: SymbolProvider;
}

/**
 * The first half of the pipeline, without the disassembler: parse by
 * content, find local symbols, walk the crashing thread's stack, and name
 * the bugcheck and exception codes. `crashbench info` and `stackwalk` stop
 * here; analysis (main/pipeline/process.ts) continues from it.
 */
export function openAndWalk(source: ByteSource, options: WalkOptions = {}): WalkedDump {
  const parsed = openDump(source);
  const report = parsed.report;
  const symbolPath = options.symbolPath ?? symbolPathFromEnvironment();
  identifyModulesFromMemory(parsed);
  const resolved = resolveSymbols(report.modules, symbolPath);
  // Symbols are known only now: an encoded KdDebuggerDataBlock can be decoded with nt's.
  decodeKdbgWithNtPdb(parsed, symbolPath, resolved);
  // Modules without symbol files still get their export names from the image in dump memory.
  addExportsFromDump(parsed, resolved.provider);
  let walkedFrames: WalkedFrame[] = [];
  // Transcripts carry the debugger's own stack; dumps are walked from the fault context.
  if (report.format !== 'windbg-text') {
    try {
      walkedFrames = walkStack(parsed, resolved.provider, { disassembler: sharedDisassembler });
      if (walkedFrames.length > 0) {
        report.stack = toReportFrames(walkedFrames);
        report.provenance['stack'] = { source: 'derived', detail: 'stack walk from the fault context over dump memory' };
      }
    } catch (e) {
      report.warnings.push(`stack walk stopped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (report.bugcheck && !report.bugcheck.name) report.bugcheck.name = lookupBugcheck(report.bugcheck.code)?.name;
  if (report.exception && !report.exception.name) report.exception.name = lookupNtStatus(report.exception.code)?.name;
  if (resolved.messages.length) report.extra = { ...report.extra, symbolMessages: resolved.messages };
  const threadFrames = walkThreadIfDifferent(parsed, resolved.provider, options.thread === true);
  return { ...parsed, walkedFrames, ...(threadFrames && options.thread ? { threadFrames } : {}), symbolMessages: resolved.messages, symbols: resolved.provider };
}

/**
 * The crashing thread from its own saved context, when that is not the fault
 * context (kernel dumps: KeBugCheckEx's; minidumps: the thread's at dump
 * time): kept in the thread's `frames`, what WinDbg's `k` shows before `.cxr`.
 */
function walkThreadIfDifferent(parsed: ParsedDump, symbols: SymbolProvider, always: boolean): WalkedFrame[] | undefined {
  const thread = crashingThread(parsed);
  const differs = thread?.context && parsed.report.context && JSON.stringify(thread.context.registers) !== JSON.stringify(parsed.report.context.registers);
  if (!differs && !always) return undefined;
  try {
    const frames = walkCrashingThread(parsed, symbols, { disassembler: sharedDisassembler });
    if (differs && thread && frames.length > 0) thread.frames = toReportFrames(frames);
    return frames;
  } catch (e) {
    parsed.report.warnings.push(`stack walk of the crashing thread stopped: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export function openAndWalkFile(filePath: string, options: WalkOptions = {}): WalkedDump {
  return withFileSource(filePath, (source) => openAndWalk(source, options));
}

/**
 * The symbol messages worth printing: "symbols not found" only for modules the
 * stack goes through (Breakpad warns about those only), and every other note
 * (a symbol file ignored because its id does not match, …).
 */
export function messagesForStack(dump: WalkedDump): string[] {
  const onStack = new Set(dump.report.stack.map((f) => f.module?.toLowerCase()).filter(Boolean));
  return dump.symbolMessages.filter((m) => {
    const name = /^symbols not found for (\S+)/.exec(m)?.[1]?.toLowerCase();
    return name === undefined || onStack.has(name) || onStack.has(name.replace(/\.(dll|exe|sys)$/, ''));
  });
}
