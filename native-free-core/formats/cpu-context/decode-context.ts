import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';
import { hex } from '../../model/hex';
import type { Arch, CpuContext, Registers } from '../../model/report';
import { type CONTEXT_ARM64, ARM64_INTEGER_PART, ARM64_OLD_INTEGER_PART, readCONTEXT_ARM64, readCONTEXT_ARM64_OLD } from './context-arm64';
import { type CONTEXT_AMD64, AMD64_INTEGER_PART, readCONTEXT_AMD64 } from './context-amd64';
import {
  CONTEXT_CPU_AMD64,
  CONTEXT_CPU_ARM64,
  CONTEXT_CPU_ARM64_OLD,
  CONTEXT_ARM64_CONTROL,
  CONTEXT_ARM64_FLOATING_POINT,
  CONTEXT_ARM64_INTEGER,
  CONTEXT_CONTROL,
  CONTEXT_CPU_MASK,
  CONTEXT_DEBUG_REGISTERS,
  CONTEXT_FLOATING_POINT,
  CONTEXT_INTEGER,
  CONTEXT_SEGMENTS,
  CONTEXT_CPU_X86,
  CONTEXT_X86_EXTENDED_REGISTERS,
  SIZEOF_CONTEXT_X86_NO_EXTENDED,
  CONTEXT_AMD64_XSTATE,
  SIZEOF_CONTEXT_AMD64,
} from './context-flags';
import { type CONTEXT_X86, readCONTEXT_X86 } from './context-x86';
import { readCONTEXT_EX, SIZEOF_CONTEXT_EX, SIZEOF_XSAVE_AREA_HEADER, XSAVE_LEGACY_SIZE, XSTATE_CET_U, type XStateFeature } from './context-ex';

/**
 * The CPU a CONTEXT record belongs to, read from the CPU bits of its
 * ContextFlags (at 0 for x86/ARM64, at 0x30 for AMD64). Undefined when the
 * bytes say nothing recognisable.
 */
export function detectContextArch(bytes: Uint8Array): Arch | undefined {
  const u32 = (at: number) => (at + 4 <= bytes.length ? (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0 : 0);
  const at0 = (u32(0) & CONTEXT_CPU_MASK) >>> 0;
  if (at0 === CONTEXT_CPU_X86) return 'x86';
  if (at0 === CONTEXT_CPU_ARM64 || at0 === CONTEXT_CPU_ARM64_OLD) return 'arm64';
  if (bytes.length >= AMD64_INTEGER_PART && ((u32(0x30) & CONTEXT_CPU_MASK) >>> 0) === CONTEXT_CPU_AMD64) return 'x64';
  return undefined;
}

/** Smallest record that decodeContext accepts for each architecture. */
export function minimumContextSize(arch: Arch): number {
  return arch === 'x86' ? SIZEOF_CONTEXT_X86_NO_EXTENDED : arch === 'x64' ? AMD64_INTEGER_PART : ARM64_INTEGER_PART;
}

/**
 * Decodes a Windows CONTEXT record into named registers. Only the register
 * groups that ContextFlags marks valid are returned; when a writer left every
 * group bit clear, control, integer and segment registers are returned and
 * the flags say so (0 group bits). Bytes past the fixed record (XSTATE /
 * CET extensions) are ignored. Throws ParseError when the record is shorter
 * than the registers it must hold.
 */
export interface DecodeContextOptions {
  /**
   * XSTATE features by number (MINIDUMP_MISC_INFO_5.XStateData). With
   * feature 11 (CET_U) an AMD64 record with XSTATE yields the shadow stack
   * pointer as register `ssp`.
   */
  xstateFeatures?: ReadonlyMap<number, XStateFeature>;
}

export function decodeContext(bytes: Uint8Array, arch: Arch, fileName: string, offset: number, options: DecodeContextOptions = {}): CpuContext {
  const structure = arch === 'x86' ? 'CONTEXT_X86' : arch === 'x64' ? 'CONTEXT_AMD64' : 'CONTEXT_ARM64';
  const min = minimumContextSize(arch);
  if (bytes.length < min) {
    throw new ParseError('truncated', fileName, structure, offset, `record of ${bytes.length} bytes is shorter than the ${min} bytes of registers`);
  }
  const r = new StructReader(bytes, fileName, structure, offset);
  if (arch === 'x86') return decodeX86(r);
  if (arch === 'arm64' && ((r.u32(0, 'ContextFlags') & CONTEXT_CPU_MASK) >>> 0) === CONTEXT_CPU_ARM64_OLD) {
    if (bytes.length < ARM64_OLD_INTEGER_PART) {
      throw new ParseError('truncated', fileName, 'CONTEXT_ARM64_OLD', offset, `record of ${bytes.length} bytes is shorter than the ${ARM64_OLD_INTEGER_PART} bytes of registers`);
    }
    // The old layout has no CONTROL bit: Breakpad's INTEGER covers sp, pc and cpsr as well.
    return decodeArm64(readCONTEXT_ARM64_OLD(r), CONTEXT_ARM64_CONTROL);
  }
  if (arch === 'x64') {
    const ctx = decodeAmd64(r);
    const cet = options.xstateFeatures?.get(XSTATE_CET_U);
    const ssp = cet && BigInt(ctx.flags!) & BigInt(CONTEXT_AMD64_XSTATE) ? shadowStackPointer(r, cet) : undefined;
    if (ssp !== undefined) ctx.registers.ssp = hex(ssp);
    return ctx;
  }
  return decodeArm64(readCONTEXT_ARM64(r));
}

function groupsOf(flags: number, allGroups: number): number {
  return (flags & 0xff) === 0 ? allGroups : flags;
}

/** Fields of a CONTEXT that hold one register value. */
type RegisterField<C> = { [K in keyof C]: C[K] extends number | bigint ? K : never }[keyof C] & string;

/**
 * The register groups of a CONTEXT in display order: the ContextFlags bit
 * that marks a group valid and its fields. A register is named after its
 * field, lower case and without `Seg` (SegCs is cs).
 */
type RegisterGroups<C> = ReadonlyArray<readonly [group: number, fields: ReadonlyArray<RegisterField<C>>]>;

const X86_GROUPS: RegisterGroups<CONTEXT_X86> = [
  [CONTEXT_INTEGER, ['Eax', 'Ebx', 'Ecx', 'Edx', 'Esi', 'Edi']],
  [CONTEXT_CONTROL, ['Ebp', 'Esp', 'Eip', 'EFlags', 'SegCs', 'SegSs']],
  [CONTEXT_SEGMENTS, ['SegDs', 'SegEs', 'SegFs', 'SegGs']],
  [CONTEXT_DEBUG_REGISTERS, ['Dr0', 'Dr1', 'Dr2', 'Dr3', 'Dr6', 'Dr7']],
];

const AMD64_GROUPS: RegisterGroups<CONTEXT_AMD64> = [
  [CONTEXT_INTEGER, ['Rax', 'Rbx', 'Rcx', 'Rdx', 'Rsi', 'Rdi', 'Rbp', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15']],
  [CONTEXT_CONTROL, ['Rsp', 'Rip', 'EFlags', 'SegCs', 'SegSs']],
  [CONTEXT_SEGMENTS, ['SegDs', 'SegEs', 'SegFs', 'SegGs']],
  [CONTEXT_DEBUG_REGISTERS, ['Dr0', 'Dr1', 'Dr2', 'Dr3', 'Dr6', 'Dr7']],
  [CONTEXT_FLOATING_POINT, ['MxCsr']],
];

function decodeGroups<C>(c: C, groups: number, table: RegisterGroups<C>, value: (field: RegisterField<C>) => bigint | number): Registers {
  const regs: Registers = {};
  for (const [group, fields] of table) {
    if (groups & group) for (const field of fields) regs[field.replace(/^Seg/, '').toLowerCase()] = hex(value(field));
  }
  return regs;
}

function decodeX86(r: StructReader): CpuContext {
  const c = readCONTEXT_X86(r);
  const g = groupsOf(c.ContextFlags, CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS);
  // x86 stores segment selectors in 32-bit slots; only the low 16 bits are the selector.
  const regs = decodeGroups(c, g, X86_GROUPS, (field) => (field.startsWith('Seg') ? c[field] & 0xffff : c[field] >>> 0));
  if (g & CONTEXT_FLOATING_POINT) {
    regs.fpcw = hex(c.FloatSave.ControlWord & 0xffff);
    regs.fpsw = hex(c.FloatSave.StatusWord & 0xffff);
  }
  if (g & CONTEXT_X86_EXTENDED_REGISTERS && c.MxCsr !== undefined) regs.mxcsr = hex(c.MxCsr >>> 0);
  return { arch: 'x86', registers: regs, flags: hex(c.ContextFlags >>> 0) };
}

function decodeAmd64(r: StructReader): CpuContext {
  const c = readCONTEXT_AMD64(r);
  const g = groupsOf(c.ContextFlags, CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS);
  const regs = decodeGroups(c, g, AMD64_GROUPS, (field) => c[field]);
  return { arch: 'x64', registers: regs, flags: hex(c.ContextFlags >>> 0) };
}

/**
 * Ia32Pl3SspMsr from the CET_U XSAVE component that follows an AMD64
 * CONTEXT: CONTEXT_EX.XState locates the XSAVE header, whose Mask says
 * whether the component was saved. Undefined when anything is out of place.
 */
function shadowStackPointer(r: StructReader, cet: XStateFeature): bigint | undefined {
  if (r.length < SIZEOF_CONTEXT_AMD64 + SIZEOF_CONTEXT_EX || cet.Size < 16 || cet.Offset < XSAVE_LEGACY_SIZE + SIZEOF_XSAVE_AREA_HEADER) return undefined;
  const ex = readCONTEXT_EX(r, SIZEOF_CONTEXT_AMD64);
  const xsave = SIZEOF_CONTEXT_AMD64 + ex.XState.Offset;
  const at = xsave + (cet.Offset - XSAVE_LEGACY_SIZE);
  if (xsave < 0 || at + 16 > xsave + ex.XState.Length || at + 16 > r.length) return undefined;
  const mask = r.u64(xsave, 'XSAVE_AREA_HEADER.Mask');
  if (!(mask & (1n << BigInt(XSTATE_CET_U)))) return undefined;
  return r.u64(at + 8, 'XSTATE_CET_U.Ia32Pl3SspMsr');
}

function decodeArm64(c: CONTEXT_ARM64, impliedGroups = 0): CpuContext {
  const g = groupsOf(c.ContextFlags, CONTEXT_ARM64_CONTROL | CONTEXT_ARM64_INTEGER) | impliedGroups;
  const regs: Registers = {};
  if (g & CONTEXT_ARM64_INTEGER) for (let i = 0; i < 29; i++) regs[`x${i}`] = hex(c.X[i]!);
  if (g & CONTEXT_ARM64_CONTROL) {
    regs.fp = hex(c.X[29]!);
    regs.lr = hex(c.X[30]!);
    regs.sp = hex(c.Sp);
    regs.pc = hex(c.Pc);
    regs.cpsr = hex(c.Cpsr >>> 0);
  }
  if (g & CONTEXT_ARM64_FLOATING_POINT && c.Fpcr !== undefined && c.Fpsr !== undefined) {
    regs.fpcr = hex(c.Fpcr >>> 0);
    regs.fpsr = hex(c.Fpsr >>> 0);
  }
  return { arch: 'arm64', registers: regs, flags: hex(c.ContextFlags >>> 0) };
}

/** Name of the instruction pointer / stack pointer register for an architecture. */
export function instructionPointerName(arch: Arch): string {
  return arch === 'x86' ? 'eip' : arch === 'x64' ? 'rip' : 'pc';
}
export function stackPointerName(arch: Arch): string {
  return arch === 'x86' ? 'esp' : arch === 'x64' ? 'rsp' : 'sp';
}
