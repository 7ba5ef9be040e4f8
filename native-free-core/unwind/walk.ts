import { instructionPointerName, stackPointerName } from '../formats/cpu-context/decode-context';
import { hex, parseHex } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';
import type { Arch, CpuContext, ThreadInfo } from '../model/report';
import type { SymbolProvider } from '../symbols/types';
import { unwindArm64 } from './arm64';
import type { Disassembler } from '../disasm/disassembler';
import type { WalkedFrame } from './frame';
import { expandInlineFrames } from './inline-frames';
import { trapHandlerFrame } from '../formats/kernel-dump/ktrap-frame';
import { ModuleMap, imageFileName, windbgModuleName } from './module-map';
import type { RawFrame, WalkContext } from './walk-context';
import { terminateWalk } from './walk-context';
import { rvaInCode, unwindX64, X64UnwindSource } from './x64';
import { unwindX86 } from './x86';

export interface WalkOptions {
  /** Most frames to produce (Breakpad's default is 1024). */
  maxFrames?: number;
  /** Allow stack scanning as the last resort (default true). */
  scan?: boolean;
  /** Modules to use instead of report.modules (e.g. a kernel dump's driver list). */
  modules?: ModuleMap;
  /**
   * Returns a disassembler, called only when a frame has no unwind data and
   * its code is in the dump (x64 epilogue emulation); loading one is costly.
   */
  disassembler?: () => Disassembler;
  /**
   * A context further up the same stack (the exception's context record or
   * trap frame, for a walk from the context saved by KeBugCheckEx): when
   * unwinding reaches or passes its stack pointer, the walk goes on from it,
   * as a debugger does at a trap frame.
   */
  through?: CpuContext;
  /** The frame that took the trap `through` comes from (see trapHandlerFrame): joined just before it. */
  trapCaller?: { ip: bigint; sp: bigint };
}

export { instructionPointerName as instructionPointer, stackPointerName as stackPointer };

/** The context of the fault: report.context, else the crashing thread's context, else the first thread's. */
export function crashingContext(parsed: ParsedDump): CpuContext | undefined {
  const r = parsed.report;
  if (r.context) return r.context;
  const t = crashingThread(parsed);
  return t?.context;
}

export function crashingThread(parsed: ParsedDump): ThreadInfo | undefined {
  const r = parsed.report;
  return (
    r.threads.find((t) => t.crashed) ??
    (r.crashingThreadId !== undefined ? r.threads.find((t) => t.id === r.crashingThreadId) : undefined) ??
    r.threads.find((t) => t.context)
  );
}

/** Walks the crashing thread, starting from the fault context. Frames top first. */
export function walkStack(parsed: ParsedDump, symbols: SymbolProvider, options: WalkOptions = {}): WalkedFrame[] {
  const context = crashingContext(parsed);
  if (!context) return [];
  return walkContext(parsed, context, symbols, options);
}

/**
 * The crashing thread as a debugger's `k` shows it after opening the dump:
 * from the thread's saved context (in a kernel dump, the one KeBugCheckEx
 * saved) through the exception's context record or trap frame to the
 * bottom of the stack. Empty when the thread has no saved context.
 */
export function walkCrashingThread(parsed: ParsedDump, symbols: SymbolProvider, options: WalkOptions = {}): WalkedFrame[] {
  const thread = crashingThread(parsed);
  if (!thread?.context) return [];
  const fault = parsed.report.context;
  if (!fault || fault === thread.context) return walkContext(parsed, thread.context, symbols, options);
  const trapCaller = parsed.report.format === 'kernel-dump' && fault.arch === 'x64' ? kernelTrapCaller(parsed, fault) : undefined;
  return walkContext(parsed, thread.context, symbols, { ...options, through: fault, ...(trapCaller ? { trapCaller } : {}) });
}

function kernelTrapCaller(parsed: ParsedDump, fault: CpuContext): { ip: bigint; sp: bigint } | undefined {
  try {
    return trapHandlerFrame(parsed.memory, parseHex(fault.registers['rip'] ?? ''), parseHex(fault.registers['rsp'] ?? ''));
  } catch {
    return undefined; // the fault context lacks rip or rsp
  }
}

/** Walks one thread from its own saved context. */
export function walkThread(parsed: ParsedDump, thread: ThreadInfo, symbols: SymbolProvider, options: WalkOptions = {}): WalkedFrame[] {
  if (!thread.context) return [];
  return walkContext(parsed, thread.context, symbols, options);
}

/** The frames a walk from a saved context rejoins (WalkOptions.through and trapCaller), lowest first. */
function joinFrames(arch: Arch, mask: bigint, options: WalkOptions): RawFrame[] {
  if (!options.through || options.through.arch !== arch) return [];
  const out: RawFrame[] = [];
  if (options.trapCaller) {
    const regs = new Map([[instructionPointerName(arch), options.trapCaller.ip & mask], [stackPointerName(arch), options.trapCaller.sp & mask]]);
    out.push({ regs, trust: 'trap-frame' });
  }
  out.push({ regs: registerValues(options.through, mask), trust: 'context', exactPc: true });
  return out;
}

/** Instructions one walk may emulate (triage_x64's walks decode under 2,000). */
const EMULATION_BUDGET = 50_000;

function registerValues(context: CpuContext, mask: bigint): Map<string, bigint> {
  const regs = new Map<string, bigint>();
  for (const [name, value] of Object.entries(context.registers)) {
    try {
      regs.set(name, parseHex(value) & mask);
    } catch {
      // a register that is not a number is left out
    }
  }
  return regs;
}

/** Walks from any register context over the dump's memory. */
export function walkContext(parsed: ParsedDump, context: CpuContext, symbols: SymbolProvider, options: WalkOptions = {}): WalkedFrame[] {
  const arch = context.arch;
  const wordSize = arch === 'x86' ? 4 : 8;
  const ctx: WalkContext = {
    arch,
    memory: parsed.memory,
    modules: options.modules ?? new ModuleMap(parsed.report.modules),
    symbols,
    mask: wordSize === 4 ? 0xffffffffn : 0xffffffffffffffffn,
    wordSize,
    scanAllowed: options.scan ?? true,
    ...(options.disassembler ? { disassembler: options.disassembler, emulation: { instructionsLeft: EMULATION_BUDGET } } : {}),
  };
  const regs = registerValues(context, ctx.mask);
  if (!regs.has(instructionPointerName(arch)) || !regs.has(stackPointerName(arch))) return [];
  const raw: RawFrame[] = [{ regs, trust: 'context' }];
  const maxFrames = Math.max(1, options.maxFrames ?? 1024);
  // Image headers (dump memory or symbol path) tell code from data for the scanning rule on every architecture.
  const images = new X64UnwindSource(ctx);
  ctx.inCode = (m, rva) => rvaInCode(images.headersOf(m), rva);
  const x64 = arch === 'x64' ? images : undefined;
  const spOf = (r: Map<string, bigint>) => r.get(stackPointerName(arch)) ?? 0n;
  const ipOf = (r: Map<string, bigint>) => r.get(instructionPointerName(arch)) ?? 0n;
  const joins = joinFrames(arch, ctx.mask, options);
  while (raw.length < maxFrames) {
    const last = raw[raw.length - 1]!;
    while (joins[0] && spOf(joins[0].regs) <= spOf(last.regs)) joins.shift();
    const next = arch === 'x86' ? unwindX86(ctx, raw) : arch === 'x64' ? unwindX64(ctx, x64!, raw) : unwindArm64(ctx, raw);
    const ends = !next || terminateWalk(ipOf(next.regs), spOf(next.regs), spOf(last.regs), last.trust === 'context');
    const target = joins[0];
    if (target && (ends || spOf(next!.regs) >= spOf(target.regs))) {
      const landed = !ends && spOf(next!.regs) === spOf(target.regs) && ipOf(next!.regs) === ipOf(target.regs);
      if (landed) joins.shift();
      else {
        // Unwinding got lost in, or stepped over, the frames below the trap: go on from the trap's handler and context.
        raw.push(...joins.splice(0));
        continue;
      }
    }
    if (ends) break;
    raw.push(next!);
  }
  return expandInlineFrames(raw.map((f, i) => symbolize(ctx, f, i, raw[i + 1])), ctx.symbols, raw.map((f) => f.exactPc === true));
}

/**
 * The "Args to Child" columns of WinDbg's kb: three dwords above the saved
 * %ebp on x86, the four home-space slots above the return address on x64.
 */
function stackArguments(ctx: WalkContext, f: RawFrame): string[] | undefined {
  const base = ctx.arch === 'x86' ? f.regs.get('ebp') : ctx.arch === 'x64' ? f.regs.get('rsp') : undefined;
  if (base === undefined) return undefined;
  const count = ctx.arch === 'x86' ? 3 : 4;
  const bytes = ctx.memory.read((base + BigInt(ctx.wordSize) * 2n - (ctx.arch === 'x64' ? 8n : 0n)) & ctx.mask, count * ctx.wordSize);
  if (!bytes) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(hex(ctx.wordSize === 8 ? v.getBigUint64(i * 8, true) : BigInt(v.getUint32(i * 4, true))));
  return out;
}

function symbolize(ctx: WalkContext, f: RawFrame, index: number, caller: RawFrame | undefined): WalkedFrame {
  const arch = ctx.arch;
  const pc = f.regs.get(instructionPointerName(arch)) ?? 0n;
  const registers: Record<string, string> = {};
  for (const [k, v] of f.regs) registers[k] = hex(v);
  const frame: WalkedFrame = { index, address: hex(pc), trust: f.trust, registers };
  const sp = f.regs.get(stackPointerName(arch));
  if (sp !== undefined) frame.sp = hex(sp);
  const args = stackArguments(ctx, f);
  if (args) frame.args = args;
  const ret = caller?.regs.get(instructionPointerName(arch));
  if (ret !== undefined) frame.returnAddress = hex(ret);
  // Callers are looked up at pc-1 so a call at the very end of a function still resolves to it.
  const lookupPc = index === 0 || f.exactPc ? pc : (pc - 1n) & ctx.mask;
  const m = ctx.modules.find(lookupPc);
  if (!m) return frame;
  frame.module = windbgModuleName(m.info.name);
  frame.moduleFile = imageFileName(m.info.name);
  frame.moduleBase = hex(m.base);
  frame.moduleHasSymbols = ctx.symbols.hasSymbols(m.info);
  const sym = ctx.symbols.lookup(m.info, Number(lookupPc - m.base));
  if (sym) {
    frame.function = sym.function;
    const start = m.base + BigInt(sym.functionStart);
    frame.offset = hex(pc - start);
    frame.functionStart = hex(sym.functionStart);
    if (sym.file !== undefined) frame.file = sym.file;
    if (sym.line !== undefined) frame.line = sym.line;
    if (sym.lineStart !== undefined) frame.lineStart = hex(sym.lineStart);
  } else {
    frame.offset = hex(pc - m.base);
  }
  return frame;
}

/** Every thread that has a context, walked from its own saved registers (thread id -> frames). */
export function walkAllThreads(parsed: ParsedDump, symbols: SymbolProvider, options: WalkOptions = {}): Map<number, WalkedFrame[]> {
  const out = new Map<number, WalkedFrame[]>();
  const modules = options.modules ?? new ModuleMap(parsed.report.modules);
  for (const t of parsed.report.threads) {
    if (t.context) out.set(t.id, walkContext(parsed, t.context, symbols, { ...options, modules }));
  }
  return out;
}
