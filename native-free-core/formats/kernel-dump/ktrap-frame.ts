import type { StructReader } from '../../io/struct-reader';
import { readU64, type AddressSpace } from '../../model/address-space';
import { hex } from '../../model/hex';
import type { Registers } from '../../model/report';

/** KTRAP_FRAME (x64, 0x190 bytes). Non-volatile registers are only valid when the trap handler saved them. */
export const KTRAP_FRAME64_SIZE = 0x190;
export const KTRAP_FRAME64 = {
  Rax: 0x30, Rcx: 0x38, Rdx: 0x40, R8: 0x48, R9: 0x50, R10: 0x58, R11: 0x60,
  SegDs: 0x130, SegEs: 0x132, SegFs: 0x134, SegGs: 0x136,
  Rbx: 0x140, Rdi: 0x148, Rsi: 0x150, Rbp: 0x158,
  Rip: 0x168, SegCs: 0x170, EFlags: 0x178, Rsp: 0x180, SegSs: 0x188,
} as const;

export function readKtrapFrame64(r: StructReader): Registers {
  const T = KTRAP_FRAME64;
  const q = (k: keyof typeof T) => hex(r.u64(T[k], k));
  return {
    rax: q('Rax'), rcx: q('Rcx'), rdx: q('Rdx'), r8: q('R8'), r9: q('R9'), r10: q('R10'), r11: q('R11'),
    rbx: q('Rbx'), rdi: q('Rdi'), rsi: q('Rsi'), rbp: q('Rbp'), rip: q('Rip'), rsp: q('Rsp'),
    cs: hex(r.u16(T.SegCs, 'SegCs')), ss: hex(r.u16(T.SegSs, 'SegSs')), eflags: hex(r.u32(T.EFlags, 'EFlags')),
  };
}

/** KTRAP_FRAME (x86, 0x8c bytes). A kernel-mode trap does not push Esp: it is the frame's address + 0x74 (HardwareEsp). */
export const KTRAP_FRAME32_SIZE = 0x8c;
export const KTRAP_FRAME32 = {
  SegGs: 0x30, SegEs: 0x34, SegDs: 0x38, Edx: 0x3c, Ecx: 0x40, Eax: 0x44, SegFs: 0x50,
  Edi: 0x54, Esi: 0x58, Ebx: 0x5c, Ebp: 0x60, Eip: 0x68, SegCs: 0x6c, EFlags: 0x70, HardwareEsp: 0x74, HardwareSegSs: 0x78,
} as const;

export function readKtrapFrame32(r: StructReader, frameAddress: bigint): Registers {
  const T = KTRAP_FRAME32;
  const d = (k: keyof typeof T) => hex(r.u32(T[k], k));
  const cs = r.u32(T.SegCs, 'SegCs');
  const kernel = (cs & 1) === 0;
  return {
    eax: d('Eax'), ecx: d('Ecx'), edx: d('Edx'), ebx: d('Ebx'), esi: d('Esi'), edi: d('Edi'), ebp: d('Ebp'), eip: d('Eip'),
    esp: kernel ? hex((frameAddress + BigInt(T.HardwareEsp)) & 0xffffffffn) : d('HardwareEsp'),
    cs: hex(cs & 0xffff), eflags: d('EFlags'), ds: hex(r.u32(T.SegDs, 'SegDs') & 0xffff), es: hex(r.u32(T.SegEs, 'SegEs') & 0xffff),
    fs: hex(r.u32(T.SegFs, 'SegFs') & 0xffff), gs: hex(r.u32(T.SegGs, 'SegGs') & 0xffff),
  };
}

/**
 * The frame that took an x64 kernel trap: when the fault context's RIP and
 * RSP stand in a machine frame just below RSP (where the CPU pushed it), that
 * machine frame ends a KTRAP_FRAME, and the word under the KTRAP_FRAME is the
 * return address of the trap handler's call into the exception dispatcher
 * (WinDbg's "nt!KiPageFault+0x… (TrapFrame @ …)" line). Returns that frame's
 * pc and stack pointer (the KTRAP_FRAME's address).
 */
export function trapHandlerFrame(memory: AddressSpace, rip: bigint, rsp: bigint): { ip: bigint; sp: bigint; trapFrame: bigint } | undefined {
  // The CPU aligns rsp down to 16 bytes before pushing SS, RSP, RFLAGS, CS, RIP; an error code may follow.
  const aligned = rsp & ~15n;
  for (const machineFrame of new Set([aligned - 0x28n, rsp - 0x28n, aligned - 0x30n])) {
    if (readU64(memory, machineFrame) !== rip || readU64(memory, machineFrame + 24n) !== rsp) continue;
    const trapFrame = machineFrame - BigInt(KTRAP_FRAME64.Rip);
    const ip = readU64(memory, trapFrame - 8n);
    if (ip === null || ip < 0x1000n) return undefined;
    return { ip, sp: trapFrame, trapFrame };
  }
  return undefined;
}
