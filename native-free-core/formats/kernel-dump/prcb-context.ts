import type { ByteSource } from '../../io/byte-source';
import { hex } from '../../model/hex';
import type { CpuContext } from '../../model/report';
import type { AddressSpace } from '../../model/address-space';
import { contextRecordSize, readContextAt } from '../cpu-context/context-record';
import { minimumContextSize, stackPointerName } from '../cpu-context/decode-context';
import type { TRIAGE_DATA_BLOCK, TRIAGE_DUMP } from './triage-dump';

/** Size of the KPRCB copy we scan for its Context pointer (KPRCB is under 64 KiB in every build). */
const MAX_PRCB_SCAN = 0x10000;

/**
 * The context KeBugCheckEx saved for the bug-checking processor: KPRCB.Context
 * points at it, and a triage writer stores it as one data block. Its offset
 * inside KPRCB changes between builds, so we look in the KPRCB copy for a
 * pointer to a data block that holds a CONTEXT whose stack pointer lies in
 * the triage call stack.
 */
export function findBugcheckProcessorContext(
  source: ByteSource,
  t: TRIAGE_DUMP,
  blocks: TRIAGE_DATA_BLOCK[],
  memory: AddressSpace,
  arch: 'x64' | 'x86' | 'arm64',
): { context: CpuContext; prcbFieldOffset: number } | null {
  if (!t.PrcbOffset || !t.SizeOfCallStack) return null;
  const ptrSize = t.bits === 64 ? 8 : 4;
  // A whole AMD64 CONTEXT; x86 and ARM64 blocks need only hold the registers.
  const minSize = arch === 'x64' ? contextRecordSize(arch) : minimumContextSize(arch);
  const candidates = new Set<bigint>();
  // Low 32 bits of each candidate, so the scan can skip most slots without building a bigint.
  const lowWords = new Set<number>();
  for (const b of blocks) {
    if (b.Size < minSize) continue;
    candidates.add(b.Address);
    lowWords.add(Number(b.Address & 0xffffffffn));
  }
  if (candidates.size === 0) return null;
  const end = Math.min(source.size, t.PrcbOffset + MAX_PRCB_SCAN, t.ProcessOffset > t.PrcbOffset ? t.ProcessOffset : Infinity);
  if (end <= t.PrcbOffset) return null;
  const prcb = source.read(t.PrcbOffset, end - t.PrcbOffset, 'KPRCB copy');
  const view = new DataView(prcb.buffer, prcb.byteOffset, prcb.length);
  const stackLo = t.TopOfStack;
  const stackHi = t.TopOfStack + BigInt(t.SizeOfCallStack);
  const spName = stackPointerName(arch);
  for (let at = 0; at + ptrSize <= prcb.length; at += ptrSize) {
    if (!lowWords.has(view.getUint32(at, true))) continue;
    const p = ptrSize === 8 ? view.getBigUint64(at, true) : BigInt(view.getUint32(at, true));
    if (!candidates.has(p)) continue;
    const ctx = readContextAt(memory, arch, p);
    if (!ctx) continue;
    const sp = BigInt(ctx.registers[spName] ?? '0x0');
    if (sp < stackLo || sp >= stackHi) continue;
    return {
      context: { ...ctx, provenance: { source: 'memory', detail: `CONTEXT at ${hex(p)} (triage data block; pointer at KPRCB+0x${at.toString(16)})` } },
      prcbFieldOffset: at,
    };
  }
  return null;
}
