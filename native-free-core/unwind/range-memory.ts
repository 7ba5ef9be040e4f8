import type { AddressSpace } from '../model/address-space';

/** An AddressSpace over a few byte ranges: for tests, synthetic dumps and images placed at a base. */
export class RangeAddressSpace implements AddressSpace {
  private readonly blocks: { address: bigint; bytes: Uint8Array }[] = [];
  constructor(readonly pointerSize: 4 | 8 = 8) {}

  add(address: bigint, bytes: Uint8Array): this {
    this.blocks.push({ address, bytes });
    this.blocks.sort((a, b) => (a.address < b.address ? -1 : 1));
    return this;
  }

  read(address: bigint, length: number): Uint8Array | null {
    for (const b of this.blocks) {
      if (address >= b.address && address + BigInt(length) <= b.address + BigInt(b.bytes.length)) {
        const off = Number(address - b.address);
        return b.bytes.subarray(off, off + length);
      }
    }
    return null;
  }

  ranges(): Iterable<{ address: bigint; size: number }> {
    return this.blocks.map((b) => ({ address: b.address, size: b.bytes.length }));
  }
}
