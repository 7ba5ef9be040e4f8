import { concatBytes } from '../io/concat-bytes';
import type { AddressSpace } from '../model/address-space';
import type { PhysicalMemory } from './physical-memory';

/** Virtual -> physical translation for one paging mode; null means "not in dump" (not present, transition, paged out, or the table page is missing). */
export type Translate = (va: bigint) => bigint | null;

const PAGE = 0x1000n;

/** An AddressSpace that translates each page through a paging mode and reads the dump's physical memory. */
export class PagedAddressSpace implements AddressSpace {
  constructor(
    readonly pointerSize: 4 | 8,
    private readonly physical: PhysicalMemory,
    readonly translate: Translate,
    /** Virtual ranges the caller knows about (e.g. the stack of the crashing thread). */
    private readonly knownRanges: { address: bigint; size: number; label?: string }[] = [],
  ) {}

  read(address: bigint, length: number): Uint8Array | null {
    const out = this.readPartial(address, length);
    return out.length === length ? out : null;
  }

  readPartial(address: bigint, length: number): Uint8Array {
    if (length <= 0 || !Number.isSafeInteger(length)) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let done = 0;
    let va = address;
    while (done < length) {
      const pa = this.translate(va);
      if (pa === null) break;
      const n = Math.min(Number(PAGE - (va & 0xfffn)), length - done);
      const bytes = this.physical.read(pa, n);
      if (!bytes) break;
      chunks.push(bytes);
      done += n;
      va += BigInt(n);
    }
    return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
  }

  ranges(): Iterable<{ address: bigint; size: number; label?: string }> {
    return this.knownRanges;
  }
}
