import type { StructReader } from '../../io/struct-reader';

/** winnt.h ARM64_NT_CONTEXT (0x390 bytes). X[29] is Fp and X[30] is Lr. */
export interface CONTEXT_ARM64 {
  ContextFlags: number;
  Cpsr: number;
  /** X0..X28, Fp, Lr. */
  X: bigint[];
  Sp: bigint;
  Pc: bigint;
  /** Present when the record reaches past the NEON registers. */
  Fpcr?: number;
  Fpsr?: number;
}

/** Bytes a reader needs for X0..Lr, Sp and Pc. */
export const ARM64_INTEGER_PART = 0x110;

/** X0..X28, Fp and Lr: at 0x08 in both the Microsoft and the old Breakpad layout. */
function readX0ToLr(r: StructReader): bigint[] {
  const X: bigint[] = [];
  for (let i = 0; i < 31; i++) X.push(r.u64(0x08 + i * 8, `X${i}`));
  return X;
}

export function readCONTEXT_ARM64(r: StructReader): CONTEXT_ARM64 {
  const ctx: CONTEXT_ARM64 = {
    ContextFlags: r.u32(0x00, 'ContextFlags'),
    Cpsr: r.u32(0x04, 'Cpsr'),
    X: readX0ToLr(r),
    Sp: r.u64(0x100, 'Sp'),
    Pc: r.u64(0x108, 'Pc'),
  };
  if (r.length >= 0x318) {
    ctx.Fpcr = r.u32(0x310, 'Fpcr');
    ctx.Fpsr = r.u32(0x314, 'Fpsr');
  }
  return ctx;
}

/**
 * Breakpad's MDRawContextARM64_Old: u64 ContextFlags, X0..X30, Sp, Pc, then
 * Cpsr, Fpsr and Fpcr (Linux and macOS Breakpad dumps written before 2019).
 */
export function readCONTEXT_ARM64_OLD(r: StructReader): CONTEXT_ARM64 {
  const ctx: CONTEXT_ARM64 = {
    ContextFlags: r.u32(0x00, 'ContextFlags'),
    X: readX0ToLr(r),
    Sp: r.u64(0x100, 'Sp'),
    Pc: r.u64(0x108, 'Pc'),
    Cpsr: r.u32(0x110, 'Cpsr'),
  };
  if (r.length >= 0x11c) {
    ctx.Fpsr = r.u32(0x114, 'Fpsr');
    ctx.Fpcr = r.u32(0x118, 'Fpcr');
  }
  return ctx;
}

/** Bytes the old layout needs for the integer registers, Sp, Pc and Cpsr. */
export const ARM64_OLD_INTEGER_PART = 0x114;
