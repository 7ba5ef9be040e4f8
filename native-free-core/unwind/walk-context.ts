import type { Disassembler } from '../disasm/disassembler';
import type { EmulationBudget } from './epilogue';
import type { AddressSpace } from '../model/address-space';
import type { Arch, FrameTrust } from '../model/report';
import type { SymbolProvider, WindowsFrameInfo } from '../symbols/types';
import { callPrecedes } from './call-site';
import type { MappedModule, ModuleMap } from './module-map';

/** One frame while walking: register values as bigint, only those known for the frame. */
export interface RawFrame {
  regs: Map<string, bigint>;
  trust: FrameTrust;
  /** STACK WIN data used to find this frame's caller (Breakpad keeps it for the callee-parameter size). */
  windowsFrameInfo?: WindowsFrameInfo;
  /** The pc is where execution was interrupted (a machine frame), not a return address: look it up as is. */
  exactPc?: boolean;
}

export interface WalkContext {
  arch: Arch;
  memory: AddressSpace;
  modules: ModuleMap;
  symbols: SymbolProvider;
  /** 0xffffffff or 0xffff_ffff_ffff_ffff */
  mask: bigint;
  wordSize: 4 | 8;
  scanAllowed: boolean;
  /**
   * Whether a module-relative address lies in executable code, when the
   * module's section table is known (image in dump memory or on the symbol
   * path); undefined when it cannot be told.
   */
  inCode?: (module: MappedModule, rva: number) => boolean | undefined;
  /** Loads a disassembler on first use (see WalkOptions.disassembler). */
  disassembler?: () => Disassembler;
  /** What is left of the walk's instruction budget for epilogue emulation. */
  emulation?: EmulationBudget;
}

export function readWord(ctx: WalkContext, address: bigint): bigint | null {
  const a = address & ctx.mask;
  const b = ctx.memory.read(a, ctx.wordSize);
  if (!b || b.length < ctx.wordSize) return null;
  const v = new DataView(b.buffer, b.byteOffset, ctx.wordSize);
  return ctx.wordSize === 8 ? v.getBigUint64(0, true) : BigInt(v.getUint32(0, true));
}

/**
 * Breakpad's InstructionAddressSeemsValid: the address must be inside a
 * module, and when that module has symbols, inside a known function.
 */
export function instructionSeemsValid(ctx: WalkContext, address: bigint): boolean {
  const m = ctx.modules.find(address);
  if (!m) return false;
  const rva = Number(address - m.base);
  if (ctx.inCode?.(m, rva) === false) return false;
  if (!ctx.symbols.hasSymbols(m.info)) return true;
  return ctx.symbols.lookup(m.info, rva) !== undefined;
}

/** Breakpad's kRASearchWords: how far a scan looks, four times as far for the context frame. */
export const RA_SEARCH_WORDS = 40;

/**
 * Stack scanning (Breakpad's ScanForReturnAddress): the first word from
 * `start` on that, minus one, points into a module's code.
 */
export function scanForReturnAddress(
  ctx: WalkContext,
  start: bigint,
  words: number,
  slotAllowed?: (location: bigint) => boolean,
  plausible?: (ip: bigint, location: bigint) => boolean,
): { location: bigint; ip: bigint } | null {
  const step = BigInt(ctx.wordSize);
  for (let i = 0, loc = start & ctx.mask; i <= words; i++, loc = (loc + step) & ctx.mask) {
    if (slotAllowed && !slotAllowed(loc)) continue;
    const ip = readWord(ctx, loc);
    if (ip === null) break;
    if (
      ip !== 0n &&
      instructionSeemsValid(ctx, (ip - 1n) & ctx.mask) &&
      callPrecedes((a, n) => ctx.memory.read(a, n), ip, ctx.wordSize === 8) !== false &&
      (!plausible || plausible(ip, loc))
    ) {
      return { location: loc, ip };
    }
  }
  return null;
}

export function scanWords(isContextFrame: boolean): number {
  return isContextFrame ? RA_SEARCH_WORDS * 4 : RA_SEARCH_WORDS;
}

/** Breakpad's TerminateWalk: an instruction address below 4 KiB, or a stack pointer that does not grow. */
export function terminateWalk(callerIp: bigint, callerSp: bigint, calleeSp: bigint, firstUnwind: boolean): boolean {
  if (callerIp < 0x1000n) return true;
  return firstUnwind ? callerSp < calleeSp : callerSp <= calleeSp;
}
