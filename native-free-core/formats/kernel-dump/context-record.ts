import type { StructReader } from '../../io/struct-reader';
import { hex } from '../../model/hex';
import type { Arch, Registers } from '../../model/report';

export const CONTEXT_AMD64_FLAG = 0x00100000;
export const CONTEXT_i386_FLAG = 0x00010000;
export const CONTEXT_ARM64_FLAG = 0x00400000;

/** Bytes of CONTEXT (AMD64) up to and including Rip; the FXSAVE area after it is not needed for registers. */
export const CONTEXT_AMD64_REGISTERS_SIZE = 0x100;
export const CONTEXT_AMD64_SIZE = 0x4d0;
/** CONTEXT (x86) without ExtendedRegisters. */
export const CONTEXT_X86_REGISTERS_SIZE = 0xcc;
export const CONTEXT_X86_SIZE = 0x2cc;

const AMD64_GPR: [string, number][] = [
  ['rax', 0x78], ['rcx', 0x80], ['rdx', 0x88], ['rbx', 0x90], ['rsp', 0x98], ['rbp', 0xa0], ['rsi', 0xa8], ['rdi', 0xb0],
  ['r8', 0xb8], ['r9', 0xc0], ['r10', 0xc8], ['r11', 0xd0], ['r12', 0xd8], ['r13', 0xe0], ['r14', 0xe8], ['r15', 0xf0], ['rip', 0xf8],
  ['dr0', 0x48], ['dr1', 0x50], ['dr2', 0x58], ['dr3', 0x60], ['dr6', 0x68], ['dr7', 0x70],
];
const AMD64_SEG: [string, number][] = [['cs', 0x38], ['ds', 0x3a], ['es', 0x3c], ['fs', 0x3e], ['gs', 0x40], ['ss', 0x42]];

/** CONTEXT for AMD64 (winnt.h offsets): general, segment, debug registers, eflags and mxcsr. */
export function readContextAmd64(r: StructReader): { ContextFlags: number; registers: Registers } {
  const registers: Registers = {};
  for (const [name, at] of AMD64_GPR) registers[name] = hex(r.u64(at, name[0]!.toUpperCase() + name.slice(1)));
  for (const [name, at] of AMD64_SEG) registers[name] = hex(r.u16(at, 'Seg' + name[0]!.toUpperCase() + name.slice(1)));
  registers['eflags'] = hex(r.u32(0x44, 'EFlags'));
  registers['mxcsr'] = hex(r.u32(0x34, 'MxCsr'));
  return { ContextFlags: r.u32(0x30, 'ContextFlags'), registers };
}

const X86_REGS: [string, number][] = [
  ['edi', 0x9c], ['esi', 0xa0], ['ebx', 0xa4], ['edx', 0xa8], ['ecx', 0xac], ['eax', 0xb0], ['ebp', 0xb4], ['eip', 0xb8],
  ['cs', 0xbc], ['eflags', 0xc0], ['esp', 0xc4], ['ss', 0xc8], ['gs', 0x8c], ['fs', 0x90], ['es', 0x94], ['ds', 0x98],
  ['dr0', 0x04], ['dr1', 0x08], ['dr2', 0x0c], ['dr3', 0x10], ['dr6', 0x14], ['dr7', 0x18],
];

/** CONTEXT for x86 (winnt.h offsets). */
export function readContextX86(r: StructReader): { ContextFlags: number; registers: Registers } {
  const registers: Registers = {};
  for (const [name, at] of X86_REGS) registers[name] = hex(r.u32(at, name));
  return { ContextFlags: r.u32(0, 'ContextFlags'), registers };
}

/** ARM64_NT_CONTEXT (0x390 bytes); registers up to Pc. X29 is fp, X30 is lr. */
export const CONTEXT_ARM64_REGISTERS_SIZE = 0x110;
export const CONTEXT_ARM64_SIZE = 0x390;

export function readContextArm64(r: StructReader): { ContextFlags: number; registers: Registers } {
  const registers: Registers = {};
  for (let i = 0; i < 29; i++) registers[`x${i}`] = hex(r.u64(0x08 + i * 8, `X${i}`));
  registers['fp'] = hex(r.u64(0xf0, 'Fp'));
  registers['lr'] = hex(r.u64(0xf8, 'Lr'));
  registers['sp'] = hex(r.u64(0x100, 'Sp'));
  registers['pc'] = hex(r.u64(0x108, 'Pc'));
  registers['cpsr'] = hex(r.u32(0x04, 'Cpsr'));
  return { ContextFlags: r.u32(0, 'ContextFlags'), registers };
}

/** How to read a CONTEXT for one CPU: the bytes its registers take, the CPU bit ContextFlags carries, and the reader. */
export interface ContextLayout {
  registersSize: number;
  cpuFlag: number;
  read(r: StructReader): { ContextFlags: number; registers: Registers };
}

export const CONTEXT_LAYOUTS: Readonly<Record<Arch, ContextLayout>> = {
  x64: { registersSize: CONTEXT_AMD64_REGISTERS_SIZE, cpuFlag: CONTEXT_AMD64_FLAG, read: readContextAmd64 },
  x86: { registersSize: CONTEXT_X86_REGISTERS_SIZE, cpuFlag: CONTEXT_i386_FLAG, read: readContextX86 },
  arm64: { registersSize: CONTEXT_ARM64_REGISTERS_SIZE, cpuFlag: CONTEXT_ARM64_FLAG, read: readContextArm64 },
};
