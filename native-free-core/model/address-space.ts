/**
 * Virtual memory of a crash: "what does the dump hold at this address".
 * Parsers return one; analysis and the UI read through it.
 */
export interface AddressSpace {
  /** Pointer size of the target, in bytes. */
  readonly pointerSize: 4 | 8;
  /** Reads `length` bytes at `address`, or null when any byte is not in the dump. */
  read(address: bigint, length: number): Uint8Array | null;
  /** Reads as many bytes as the dump holds from `address` on, up to `length` (empty when none). */
  readPartial?(address: bigint, length: number): Uint8Array;
  /** Virtual ranges known to be present, when the format can list them cheaply. */
  ranges(): Iterable<{ address: bigint; size: number; label?: string }>;
}

export const EMPTY_ADDRESS_SPACE: AddressSpace = {
  pointerSize: 8,
  read: () => null,
  ranges: () => [],
};

export function readU64(space: AddressSpace, address: bigint): bigint | null {
  const b = space.read(address, 8);
  if (!b) return null;
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
}

export function readU32(space: AddressSpace, address: bigint): number | null {
  const b = space.read(address, 4);
  if (!b) return null;
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
}

export function readPointer(space: AddressSpace, address: bigint): bigint | null {
  return space.pointerSize === 8 ? readU64(space, address) : (() => { const v = readU32(space, address); return v === null ? null : BigInt(v); })();
}
