import type { PhysicalMemory } from './physical-memory';
import type { Translate } from './paged-address-space';

const PRESENT = 1n;
const LARGE = 0x80n;
const ADDR_MASK_52 = 0x000f_ffff_ffff_f000n;

/** Page-table pages kept in memory (1 MiB at most), so a walk costs no file reads once its tables were seen. */
const TABLE_CACHE_PAGES = 256;

/**
 * Reads page-table entries through a small cache of whole table pages.
 * Bounded, so memory never grows with the dump; a dump's tables are read
 * once per walk at worst.
 */
class TableReader {
  private readonly pages = new Map<bigint, DataView | null>();
  constructor(private readonly mem: PhysicalMemory) {}

  private page(pa: bigint): DataView | null {
    const key = pa >> 12n;
    let v = this.pages.get(key);
    if (v === undefined) {
      const b = this.mem.read(key << 12n, 0x1000);
      v = b ? new DataView(b.slice().buffer) : null;
      if (this.pages.size >= TABLE_CACHE_PAGES) this.pages.delete(this.pages.keys().next().value!);
      this.pages.set(key, v);
    }
    return v;
  }
  u64(pa: bigint): bigint | null {
    const v = this.page(pa);
    return v ? v.getBigUint64(Number(pa & 0xff8n), true) : null;
  }
  u32(pa: bigint): bigint | null {
    const v = this.page(pa);
    return v ? BigInt(v.getUint32(Number(pa & 0xffcn), true)) : null;
  }
}

/**
 * The last two levels of 8-byte-entry paging, shared by x64 and PAE: the
 * page directory that a present PDPT entry names (2 MiB large pages), then
 * the page table.
 */
function walkPdAndPt(t: TableReader, pdpte: bigint, va: bigint): bigint | null {
  const pde = t.u64((pdpte & ADDR_MASK_52) + ((va >> 21n) & 0x1ffn) * 8n);
  if (pde === null || !(pde & PRESENT)) return null;
  if (pde & LARGE) return (pde & 0x000f_ffff_ffe0_0000n) | (va & 0x1f_ffffn);
  const pte = t.u64((pde & ADDR_MASK_52) + ((va >> 12n) & 0x1ffn) * 8n);
  if (pte === null || !(pte & PRESENT)) return null;
  return (pte & ADDR_MASK_52) | (va & 0xfffn);
}

/** True when bits 63..47 of `va` are all equal (a canonical x64 address). */
export function isCanonical64(va: bigint): boolean {
  const top = va >> 47n;
  return top === 0n || top === 0x1ffffn;
}

/**
 * x64 4-level paging (PML4 -> PDPT -> PD -> PT) from DirectoryTableBase,
 * with 1 GiB and 2 MiB large pages. Entries without the present bit
 * (including transition and prototype PTEs) answer null: not in the dump.
 */
export function x64Translate(mem: PhysicalMemory, directoryTableBase: bigint): Translate {
  const t = new TableReader(mem);
  const pml4 = directoryTableBase & ADDR_MASK_52;
  return (va) => {
    if (!isCanonical64(va)) return null;
    const pml4e = t.u64(pml4 + ((va >> 39n) & 0x1ffn) * 8n);
    if (pml4e === null || !(pml4e & PRESENT)) return null;
    const pdpte = t.u64((pml4e & ADDR_MASK_52) + ((va >> 30n) & 0x1ffn) * 8n);
    if (pdpte === null || !(pdpte & PRESENT)) return null;
    if (pdpte & LARGE) return (pdpte & 0x000f_ffff_c000_0000n) | (va & 0x3fff_ffffn);
    return walkPdAndPt(t, pdpte, va);
  };
}

/** x86 PAE paging (PDPT -> PD -> PT, 8-byte entries, 2 MiB large pages) from a 32-byte aligned CR3. */
export function x86PaeTranslate(mem: PhysicalMemory, directoryTableBase: bigint): Translate {
  const t = new TableReader(mem);
  const pdpt = directoryTableBase & 0xffff_ffe0n;
  return (va) => {
    if (va > 0xffff_ffffn || va < 0n) return null;
    const pdpte = t.u64(pdpt + ((va >> 30n) & 3n) * 8n);
    if (pdpte === null || !(pdpte & PRESENT)) return null;
    return walkPdAndPt(t, pdpte, va);
  };
}

/** x86 two-level paging without PAE (4-byte entries, 4 MiB large pages). */
export function x86Translate(mem: PhysicalMemory, directoryTableBase: bigint): Translate {
  const t = new TableReader(mem);
  const pd = directoryTableBase & 0xffff_f000n;
  return (va) => {
    if (va > 0xffff_ffffn || va < 0n) return null;
    const pde = t.u32(pd + (va >> 22n) * 4n);
    if (pde === null || !(pde & PRESENT)) return null;
    if (pde & LARGE) return (pde & 0xffc0_0000n) | (va & 0x3f_ffffn);
    const pte = t.u32((pde & 0xffff_f000n) + ((va >> 12n) & 0x3ffn) * 4n);
    if (pte === null || !(pte & PRESENT)) return null;
    return (pte & 0xffff_f000n) | (va & 0xfffn);
  };
}

/**
 * ARM64 4 KiB-granule, 4-level translation (48-bit VA) from the table base
 * in DirectoryTableBase: table descriptors at levels 0-2, 1 GiB / 2 MiB block
 * descriptors at levels 1-2, page descriptors at level 3. Invalid
 * descriptors answer null.
 */
export function arm64Translate(mem: PhysicalMemory, directoryTableBase: bigint): Translate {
  const t = new TableReader(mem);
  const OA = 0x0000_ffff_ffff_f000n;
  const root = directoryTableBase & OA;
  return (va) => {
    if (!isCanonical64(va)) return null;
    let table = root;
    for (let level = 0; level < 4; level++) {
      const shift = BigInt(39 - level * 9);
      const d = t.u64(table + ((va >> shift) & 0x1ffn) * 8n);
      if (d === null || !(d & 1n)) return null;
      const isTable = (d & 2n) !== 0n;
      if (level === 3) return isTable ? (d & OA) | (va & 0xfffn) : null;
      if (!isTable) {
        if (level === 0) return null;
        const size = 1n << shift;
        return (d & OA & ~(size - 1n)) | (va & (size - 1n));
      }
      table = d & OA;
    }
    return null;
  };
}
