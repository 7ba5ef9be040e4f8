import type { StructReader } from '../../io/struct-reader';

/** winnt.h CONTEXT for AMD64 (0x4d0 bytes, 16-byte aligned). An XSTATE CONTEXT_EX may follow it. */
export interface CONTEXT_AMD64 {
  ContextFlags: number;
  MxCsr: number;
  SegCs: number;
  SegDs: number;
  SegEs: number;
  SegFs: number;
  SegGs: number;
  SegSs: number;
  EFlags: number;
  Dr0: bigint;
  Dr1: bigint;
  Dr2: bigint;
  Dr3: bigint;
  Dr6: bigint;
  Dr7: bigint;
  Rax: bigint;
  Rcx: bigint;
  Rdx: bigint;
  Rbx: bigint;
  Rsp: bigint;
  Rbp: bigint;
  Rsi: bigint;
  Rdi: bigint;
  R8: bigint;
  R9: bigint;
  R10: bigint;
  R11: bigint;
  R12: bigint;
  R13: bigint;
  R14: bigint;
  R15: bigint;
  Rip: bigint;
}

/** Bytes a reader needs to see every general register (everything before FltSave). */
export const AMD64_INTEGER_PART = 0x100;

export function readCONTEXT_AMD64(r: StructReader): CONTEXT_AMD64 {
  const q = (at: number, field: string) => r.u64(at, field);
  return {
    ContextFlags: r.u32(0x30, 'ContextFlags'),
    MxCsr: r.u32(0x34, 'MxCsr'),
    SegCs: r.u16(0x38, 'SegCs'),
    SegDs: r.u16(0x3a, 'SegDs'),
    SegEs: r.u16(0x3c, 'SegEs'),
    SegFs: r.u16(0x3e, 'SegFs'),
    SegGs: r.u16(0x40, 'SegGs'),
    SegSs: r.u16(0x42, 'SegSs'),
    EFlags: r.u32(0x44, 'EFlags'),
    Dr0: q(0x48, 'Dr0'),
    Dr1: q(0x50, 'Dr1'),
    Dr2: q(0x58, 'Dr2'),
    Dr3: q(0x60, 'Dr3'),
    Dr6: q(0x68, 'Dr6'),
    Dr7: q(0x70, 'Dr7'),
    Rax: q(0x78, 'Rax'),
    Rcx: q(0x80, 'Rcx'),
    Rdx: q(0x88, 'Rdx'),
    Rbx: q(0x90, 'Rbx'),
    Rsp: q(0x98, 'Rsp'),
    Rbp: q(0xa0, 'Rbp'),
    Rsi: q(0xa8, 'Rsi'),
    Rdi: q(0xb0, 'Rdi'),
    R8: q(0xb8, 'R8'),
    R9: q(0xc0, 'R9'),
    R10: q(0xc8, 'R10'),
    R11: q(0xd0, 'R11'),
    R12: q(0xd8, 'R12'),
    R13: q(0xe0, 'R13'),
    R14: q(0xe8, 'R14'),
    R15: q(0xf0, 'R15'),
    Rip: q(0xf8, 'Rip'),
  };
}
