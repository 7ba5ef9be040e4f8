import type { AddressSpace } from '../../model/address-space';
import { hex } from '../../model/hex';
import type { Arch, CpuContext } from '../../model/report';
import { CONTEXT_CPU_AMD64, CONTEXT_CPU_ARM64, CONTEXT_CPU_X86, SIZEOF_CONTEXT_AMD64, SIZEOF_CONTEXT_ARM64, SIZEOF_CONTEXT_X86 } from './context-flags';
import { decodeContext, minimumContextSize } from './decode-context';

const CPU_FLAG: Readonly<Record<Arch, number>> = { x86: CONTEXT_CPU_X86, x64: CONTEXT_CPU_AMD64, arm64: CONTEXT_CPU_ARM64 };
const FULL_SIZE: Readonly<Record<Arch, number>> = { x86: SIZEOF_CONTEXT_X86, x64: SIZEOF_CONTEXT_AMD64, arm64: SIZEOF_CONTEXT_ARM64 };
/** CONTEXT_EXCEPTION_ACTIVE, CONTEXT_SERVICE_ACTIVE, CONTEXT_UNWOUND_TO_CALL, … live in the top byte; the CPU bit in bits 16-23. */
const CPU_BITS = 0x00ff0000;
/** "PAGE": what a dump writer leaves in a context slot it never filled. */
const PAGE_FILL = 0x45474150;

/** Bytes of the fixed CONTEXT record (without an XSTATE extension) for one CPU. */
export function contextRecordSize(arch: Arch): number {
  return FULL_SIZE[arch];
}

/** Where the ContextFlags of a CONTEXT sit: after the AMD64 home slots, at the start for x86 and ARM64. */
function contextFlagsOf(bytes: Uint8Array, arch: Arch): number {
  const at = arch === 'x64' ? 0x30 : 0;
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
}

/**
 * A CONTEXT that Windows itself wrote (the kernel's saved contexts, the
 * CONTEXT a bug check argument points at), decoded through decodeContext.
 * Null when the bytes do not hold its registers, or when ContextFlags does not
 * name this CPU (the slot was never written, or the pointer is not a CONTEXT).
 *
 * Which registers are shown: the groups ContextFlags marks valid, nothing
 * else, exactly as for a minidump. Kernel contexts do carry partial flags:
 * KeBugCheckEx's processor context comes from RtlCaptureContext, which sets
 * CONTROL | INTEGER | SEGMENTS | FLOATING_POINT (0x10000f) and leaves the
 * Dr0-Dr7 slots as they were, so those slots are not shown; the CONTEXT that
 * KiDispatchException builds for 0x3B/0x7E/0x1E (KeContextFromKframes) adds
 * DEBUG_REGISTERS (0x10001f) and then they are. rust-minidump checks only the
 * CPU bits and treats every register as valid; WinDbg's `r` always prints a
 * full register line, showing what the record holds even where that is
 * zeros (as after `.trap`). Neither says which values were really saved, so
 * we follow ContextFlags: cs and ss belong to CONTROL, so `r`'s segment line
 * keeps them whenever the control registers are there, and ds/es/fs/gs
 * appear only with SEGMENTS (which every kernel writer sets). A record with
 * no group bits at all is read as control, integer and segments, with its
 * flags saying so.
 */
export function decodeWrittenContext(bytes: Uint8Array, arch: Arch, fileName: string, offset: number): CpuContext | null {
  if (bytes.length < minimumContextSize(arch)) return null;
  const flags = contextFlagsOf(bytes, arch);
  if (flags === PAGE_FILL || ((flags & CPU_BITS) >>> 0) !== CPU_FLAG[arch]) return null;
  return decodeContext(bytes.subarray(0, FULL_SIZE[arch]), arch, fileName, offset);
}

/** The CONTEXT at a virtual address of a dump: as much of the fixed record as the dump holds, decoded as decodeWrittenContext says. */
export function readContextAt(memory: AddressSpace, arch: Arch | undefined, va: bigint): CpuContext | null {
  if (!arch) return null;
  const full = FULL_SIZE[arch];
  const bytes = memory.readPartial ? memory.readPartial(va, full) : (memory.read(va, full) ?? memory.read(va, minimumContextSize(arch)));
  return bytes ? decodeWrittenContext(bytes, arch, `dump memory at ${hex(va)}`, 0) : null;
}
