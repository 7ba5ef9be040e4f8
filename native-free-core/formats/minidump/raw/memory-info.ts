import type { StructReader } from '../../../io/struct-reader';

export const SIZEOF_MINIDUMP_MEMORY_INFO_LIST = 16;
export const SIZEOF_MINIDUMP_MEMORY_INFO = 48;

export interface MINIDUMP_MEMORY_INFO {
  BaseAddress: bigint;
  AllocationBase: bigint;
  AllocationProtect: number;
  RegionSize: bigint;
  /** MEM_COMMIT 0x1000, MEM_RESERVE 0x2000, MEM_FREE 0x10000. */
  State: number;
  /** PAGE_* protection. */
  Protect: number;
  /** MEM_PRIVATE 0x20000, MEM_MAPPED 0x40000, MEM_IMAGE 0x1000000. */
  Type: number;
}

export function readMINIDUMP_MEMORY_INFO(r: StructReader, at: number): MINIDUMP_MEMORY_INFO {
  return {
    BaseAddress: r.u64(at, 'BaseAddress'),
    AllocationBase: r.u64(at + 8, 'AllocationBase'),
    AllocationProtect: r.u32(at + 16, 'AllocationProtect'),
    RegionSize: r.u64(at + 24, 'RegionSize'),
    State: r.u32(at + 32, 'State'),
    Protect: r.u32(at + 36, 'Protect'),
    Type: r.u32(at + 40, 'Type'),
  };
}
