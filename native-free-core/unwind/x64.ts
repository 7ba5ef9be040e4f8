import { BufferByteSource } from '../io/byte-source';
import { PeImage } from '../formats/pe/pe-image';
import { IMAGE_SCN_CNT_CODE, IMAGE_SCN_MEM_EXECUTE } from '../formats/pe/headers';
import { findRuntimeFunction, type RUNTIME_FUNCTION } from '../formats/pe/pdata';
import {
  UWOP_ALLOC_LARGE,
  UWOP_ALLOC_SMALL,
  UWOP_PUSH_MACHFRAME,
  UWOP_PUSH_NONVOL,
  UWOP_SAVE_NONVOL,
  UWOP_SAVE_NONVOL_FAR,
  UWOP_SET_FPREG,
} from '../formats/pe/unwind-info';
import { findCallerRegisters } from './cfi-rules';
import type { MappedModule } from './module-map';
import type { RawFrame, WalkContext } from './walk-context';
import { instructionSeemsValid, readWord, scanForReturnAddress, scanWords } from './walk-context';
import { emulateEpilogue } from './epilogue';
import type { Disassembler } from '../disasm/disassembler';

const M64 = 0xffffffffffffffffn;
/** x64 register numbers used by UNWIND_CODE.OpInfo and UNWIND_INFO.FrameRegister. */
export const X64_REGISTERS = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;
const NONVOLATILE = ['rbx', 'rbp', 'rsi', 'rdi', 'r12', 'r13', 'r14', 'r15'] as const;
const MAX_CHAIN = 32;
/** Nonvolatile general registers an epilogue can pop. */
const MAX_POPS = 8;
/** Second, wider scan window for x64 (a departure from Breakpad, which stops after 40 words). */
export const DEEP_SCAN_WORDS = 512;

/**
 * Finds each module's unwind data: the image mapped in dump memory when the
 * dump holds its headers and .pdata, else an image file that the symbol
 * provider found on the symbol path. Results are cached per module.
 */
export class X64UnwindSource {
  private readonly images = new Map<bigint, PeImage | null>();
  private readonly headers = new Map<bigint, PeImage | null>();
  constructor(private readonly ctx: WalkContext) {}

  /** The image's headers (from memory or file) even without .pdata, for the code-section test. */
  headersOf(m: MappedModule): PeImage | undefined {
    let img = this.headers.get(m.base);
    if (img === undefined) {
      img = this.image(m) ?? openImage(this.ctx, m, false);
      this.headers.set(m.base, img);
    }
    return img ?? undefined;
  }

  image(m: MappedModule): PeImage | undefined {
    let img = this.images.get(m.base);
    if (img === undefined) {
      img = this.load(m);
      this.images.set(m.base, img);
    }
    return img ?? undefined;
  }

  private load(m: MappedModule): PeImage | null {
    return openImage(this.ctx, m, true);
  }
}

function openImage(ctx: WalkContext, m: MappedModule, needPdata: boolean): PeImage | null {
  const size = Number(m.end - m.base);
  let inMemory: PeImage | null = null;
  try {
    inMemory = PeImage.fromMemory(ctx.memory, m.base, m.info.name, size);
    if (!needPdata) return inMemory;
    const table = inMemory.runtimeFunctions();
    if (table.count === 0) inMemory = null;
    else if (table.complete) return inMemory;
  } catch {
    // headers not in the dump: try a file from the symbol path
  }
  // A dump that holds only part of .pdata (a triage dump) loses to a whole image file from the symbol path.
  const bytes = ctx.symbols.image?.(m.info);
  if (!bytes) return inMemory;
  try {
    const fromFile = PeImage.fromFile(new BufferByteSource(m.info.name, bytes));
    return !needPdata || fromFile.runtimeFunctions().count > 0 ? fromFile : inMemory;
  } catch {
    return inMemory;
  }
}

/** True when rva is inside an executable section, undefined when the section table is unknown. */
export function rvaInCode(img: PeImage | undefined, rva: number): boolean | undefined {
  if (!img) return undefined;
  const secs = img.headers.sections;
  if (secs.length === 0) return undefined;
  if (rva < img.headers.SizeOfHeaders) return false;
  for (const s of secs) {
    if (rva >= s.VirtualAddress && rva < s.VirtualAddress + Math.max(s.VirtualSize, s.SizeOfRawData)) {
      return (s.Characteristics & (IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_CNT_CODE)) !== 0;
    }
  }
  return false;
}

function keepNonvolatile(regs: Map<string, bigint>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of NONVOLATILE) {
    const v = regs.get(r);
    if (v !== undefined) out.set(r, v);
  }
  return out;
}

/** x64: .pdata unwind codes (from memory or an image file), then Breakpad STACK CFI, then stack scanning. */
export function unwindX64(ctx: WalkContext, source: X64UnwindSource, frames: RawFrame[]): RawFrame | null {
  const last = frames[frames.length - 1]!;
  const rip = last.regs.get('rip');
  const rsp = last.regs.get('rsp');
  if (rip === undefined || rsp === undefined) return null;
  const isContext = last.trust === 'context' || last.exactPc === true;
  const lookup = isContext ? rip : (rip - 1n) & M64;
  const m = ctx.modules.find(lookup);
  if (m) {
    const rva = Number(lookup - m.base);
    const img = source.image(m);
    if (img) {
      const r = unwindWithPdata(ctx, img, rva, last, isContext);
      if (r) return r;
    }
    const rules = ctx.symbols.cfiRules(m.info, rva);
    if (rules) {
      const found = findCallerRegisters(rules, last.regs, (a) => readWord(ctx, a), M64);
      if (found) {
        const regs = keepNonvolatile(last.regs);
        for (const [k, v] of found.registers) regs.set(k, v);
        regs.set('rip', found.ra);
        regs.set('rsp', found.cfa);
        return { regs, trust: 'cfi' };
      }
    }
  }
  if (m && ctx.disassembler) {
    const r = unwindWithEpilogue(ctx, ctx.disassembler(), last);
    if (r) return r;
  }
  if (!ctx.scanAllowed) return null;
  // The x64 ABI keeps rsp 16-byte aligned at every call, so a return address sits at 8 mod 16.
  const aligned = (loc: bigint) => (loc & 15n) === 8n;
  // Kernel exception paths have frames of 0x700 bytes and more: look further before giving up.
  const plausible = ctx.disassembler ? callerContinues(ctx, ctx.disassembler()) : undefined;
  const s = scanForReturnAddress(ctx, rsp, scanWords(isContext), aligned, plausible) ?? scanForReturnAddress(ctx, rsp, DEEP_SCAN_WORDS, aligned, plausible);
  if (!s) return null;
  const regs = keepNonvolatile(last.regs);
  regs.set('rip', s.ip);
  regs.set('rsp', (s.location + 8n) & M64);
  return { regs, trust: 'scan' };
}

/** Undoes an epilog the context frame stopped in: [add rsp,imm | lea rsp,[reg+disp]] pop* ret. */
function tryEpilog(ctx: WalkContext, rip: bigint, regs: Map<string, bigint>): boolean {
  const code = ctx.memory.read(rip, 32);
  if (!code) return false;
  let i = 0;
  let rsp = regs.get('rsp')!;
  const pops: { reg: string; at: bigint }[] = [];
  if (code[0] === 0x48 && code[1] === 0x83 && code[2] === 0xc4) {
    rsp += BigInt(code[3]!);
    i = 4;
  } else if (code[0] === 0x48 && code[1] === 0x81 && code[2] === 0xc4) {
    rsp += BigInt((code[3]! | (code[4]! << 8) | (code[5]! << 16) | (code[6]! << 24)) >>> 0);
    i = 7;
  }
  for (;;) {
    const rex = code[i] === 0x41 ? 8 : 0;
    const op = code[i + (rex ? 1 : 0)];
    if (op === undefined || op < 0x58 || op > 0x5f) break;
    pops.push({ reg: X64_REGISTERS[(op - 0x58) + rex]!, at: rsp });
    rsp += 8n;
    i += rex ? 2 : 1;
  }
  if (code[i] !== 0xc3 && code[i] !== 0xc2) return false;
  if (i === 0) return false; // a bare ret is handled by the normal path
  for (const p of pops) {
    const v = readWord(ctx, p.at);
    if (v === null) return false;
    regs.set(p.reg, v);
  }
  regs.set('rsp', rsp);
  return true;
}

function unwindWithPdata(ctx: WalkContext, img: PeImage, rva: number, last: RawFrame, isContext: boolean): RawFrame | null {
  const regs = new Map(last.regs);
  const table = img.runtimeFunctions();
  let fn: RUNTIME_FUNCTION | undefined = findRuntimeFunction(table, rva);
  // Without an entry the function is a leaf, but only if the table is whole.
  if (!fn && !table.complete) return null;
  let machineFrame = false;
  if (fn && isContext && tryEpilog(ctx, last.regs.get('rip')!, regs)) fn = undefined;
  for (let depth = 0; fn && depth < MAX_CHAIN; depth++) {
    const info = img.unwindInfo(fn.UnwindInfoAddress);
    if (!info) return null;
    const offset = rva - fn.BeginAddress;
    const inProlog = depth === 0 && offset >= 0 && offset < info.SizeOfProlog;
    const prologOffset = inProlog ? offset : Number.POSITIVE_INFINITY;
    let frameBase = regs.get('rsp')!;
    if (info.FrameRegister !== 0) {
      const established = !inProlog || info.codes.some((c) => c.UnwindOp === UWOP_SET_FPREG && c.CodeOffset <= prologOffset);
      const fr = regs.get(X64_REGISTERS[info.FrameRegister]!);
      if (established && fr !== undefined) frameBase = (fr - BigInt(info.FrameOffset * 16)) & M64;
    }
    for (const c of info.codes) {
      if (prologOffset < c.CodeOffset) continue;
      const rspNow = regs.get('rsp')!;
      switch (c.UnwindOp) {
        case UWOP_PUSH_NONVOL: {
          const v = readWord(ctx, rspNow);
          if (v === null) return null;
          regs.set(X64_REGISTERS[c.OpInfo]!, v);
          regs.set('rsp', (rspNow + 8n) & M64);
          break;
        }
        case UWOP_ALLOC_LARGE: case UWOP_ALLOC_SMALL:
          regs.set('rsp', (rspNow + BigInt(c.operand ?? 0)) & M64);
          break;
        case UWOP_SET_FPREG:
          regs.set('rsp', frameBase);
          break;
        case UWOP_SAVE_NONVOL: case UWOP_SAVE_NONVOL_FAR: {
          const v = readWord(ctx, (frameBase + BigInt(c.operand ?? 0)) & M64);
          if (v === null) return null;
          regs.set(X64_REGISTERS[c.OpInfo]!, v);
          break;
        }
        case UWOP_PUSH_MACHFRAME: {
          const base = (rspNow + (c.OpInfo ? 8n : 0n)) & M64;
          const ip = readWord(ctx, base);
          const sp = readWord(ctx, base + 24n);
          if (ip === null || sp === null) return null;
          regs.set('rip', ip);
          regs.set('rsp', sp);
          machineFrame = true;
          break;
        }
        default:
          break; // XMM saves and epilog descriptors do not move rsp
      }
    }
    fn = info.chained;
  }
  if (!machineFrame) {
    const rsp = regs.get('rsp')!;
    const ip = readWord(ctx, rsp);
    if (ip === null) return null;
    regs.set('rip', ip);
    regs.set('rsp', (rsp + 8n) & M64);
  }
  const out = keepNonvolatile(regs);
  out.set('rip', regs.get('rip')!);
  out.set('rsp', regs.get('rsp')!);
  return machineFrame ? { regs: out, trust: 'cfi', exactPc: true } : { regs: out, trust: 'cfi' };
}

/**
 * Without unwind data, runs the function's code from pc to its return
 * (see epilogue.ts). The caller found must be a return address into a
 * module's code, or 0 at the bottom of a thread's stack.
 */
function unwindWithEpilogue(ctx: WalkContext, disassembler: Disassembler, last: RawFrame): RawFrame | null {
  const rip = last.regs.get('rip')!;
  const rsp = last.regs.get('rsp')!;
  const found = emulateEpilogue(ctx.memory, disassembler, rip, ctx.emulation);
  if (!found) return null;
  if (found.kind === 'partial') return unwindPartialEpilogue(ctx, last, (rsp + found.returnOffset) & M64);
  const slot = (rsp + found.returnOffset) & M64;
  const ip = readWord(ctx, slot);
  if (ip === null) return null;
  const regs = keepNonvolatile(last.regs);
  for (const [reg, offset] of found.saved) {
    const v = readWord(ctx, (rsp + offset) & M64);
    if (v === null) return null;
    regs.set(reg, v);
  }
  if (found.kind === 'interrupt') {
    const sp = readWord(ctx, (slot + 24n) & M64);
    if (sp === null || !instructionSeemsValid(ctx, ip)) return null;
    regs.set('rip', ip);
    regs.set('rsp', sp);
    return { regs, trust: 'epilogue', exactPc: true };
  }
  if (ip !== 0n && !instructionSeemsValid(ctx, (ip - 1n) & M64)) return null;
  regs.set('rip', ip);
  regs.set('rsp', (slot + 8n + found.releasedBytes) & M64);
  return { regs, trust: 'epilogue' };
}

/**
 * A stale return address left by an earlier call usually sits at the wrong
 * depth for its function: running that function's epilogue from there
 * lands on a word that is no return address. Rejects only what it can
 * disprove (code not in the dump, or no epilogue reached, keeps the candidate).
 */
function callerContinues(ctx: WalkContext, disassembler: Disassembler): (ip: bigint, location: bigint) => boolean {
  return (ip, location) => {
    const found = emulateEpilogue(ctx.memory, disassembler, ip, ctx.emulation);
    if (!found || found.kind !== 'return') return true;
    const next = readWord(ctx, (location + 8n + found.returnOffset) & M64);
    return next === null || next === 0n || instructionSeemsValid(ctx, (next - 1n) & M64);
  };
}

/** The code ends inside the epilogue: the return address is among the next pops' slots. */
function unwindPartialEpilogue(ctx: WalkContext, last: RawFrame, lowest: bigint): RawFrame | null {
  const s = scanForReturnAddress(ctx, lowest, MAX_POPS, (loc) => (loc & 15n) === 8n);
  if (!s) return null;
  const regs = keepNonvolatile(last.regs);
  regs.set('rip', s.ip);
  regs.set('rsp', (s.location + 8n) & M64);
  return { regs, trust: 'scan' };
}
