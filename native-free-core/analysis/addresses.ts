import type { Arch } from '../model/report';

/** Addresses below this are treated as a NULL-pointer dereference (the first 64 KiB are never mapped). */
export const NEAR_NULL_LIMIT = 0x10000n;

const X64_USER_LIMIT = 0x0000_8000_0000_0000n;
const X86_KERNEL_START = 0x8000_0000n;

export function isCanonical(va: bigint, arch: Arch | undefined): boolean {
  if (arch === 'x86') return va <= 0xffffffffn;
  const top = va >> 47n;
  return top === 0n || top === 0x1ffffn;
}

export function isUserAddress(va: bigint, arch: Arch | undefined): boolean {
  return arch === 'x86' ? va < X86_KERNEL_START : va < X64_USER_LIMIT;
}

export function isKernelAddress(va: bigint, arch: Arch | undefined): boolean {
  return arch === 'x86' ? va >= X86_KERNEL_START && va <= 0xffffffffn : isCanonical(va, arch) && va >= X64_USER_LIMIT;
}

export function isNearNull(va: bigint): boolean {
  return va < NEAR_NULL_LIMIT;
}

export function popcount(value: bigint): number {
  let v = value < 0n ? BigInt.asUintN(64, value) : value;
  let n = 0;
  while (v) {
    v &= v - 1n;
    n++;
  }
  return n;
}

export function hammingDistance(a: bigint, b: bigint): number {
  return popcount(BigInt.asUintN(64, a ^ b));
}

/** Byte lanes (0 = bits 0–7 … 7 = bits 56–63) in which two values differ. */
export function differingByteLanes(a: bigint, b: bigint): number[] {
  const x = BigInt.asUintN(64, a ^ b);
  const lanes: number[] = [];
  for (let i = 0; i < 8; i++) if ((x >> BigInt(i * 8)) & 0xffn) lanes.push(i);
  return lanes;
}

/** Byte lanes holding a non-zero byte. */
export function nonZeroByteLanes(value: bigint): number[] {
  return differingByteLanes(value, 0n);
}

export function laneBits(lane: number): string {
  return `bits ${lane * 8}–${lane * 8 + 7}`;
}
