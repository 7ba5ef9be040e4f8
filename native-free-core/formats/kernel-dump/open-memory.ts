import type { ByteSource } from '../../io/byte-source';
import type { AddressSpace } from '../../model/address-space';
import type { DumpType } from '../../model/report';
import type { PhysicalMemory } from '../../memory/physical-memory';
import type { FileBackedRange } from '../../memory/range-address-space';
import type { BITMAP_DUMP_HEADER } from './bitmap-header';
import type { DUMP_HEADER } from './dump-header';
import { bitmapPhysicalMemory, headerSize, pagedAddressSpace, runPhysicalMemory, triageAddressSpace, triageRanges } from './kernel-memory';
import {
  readTriageDataBlocks,
  readTriageDriverList,
  readTriageDump,
  readTriageUnloadedDrivers,
  type DUMP_DRIVER_ENTRY,
  type DUMP_UNLOADED_DRIVER,
  type TRIAGE_DATA_BLOCK,
  type TRIAGE_DUMP,
} from './triage-dump';

/** What opening a dump's memory yields, per dump type. */
export interface OpenedKernelMemory {
  space: AddressSpace;
  physical?: PhysicalMemory;
  pagingMode?: string;
  bitmap?: BITMAP_DUMP_HEADER;
  triage?: {
    header: TRIAGE_DUMP;
    drivers: DUMP_DRIVER_ENTRY[];
    unloadedDrivers: DUMP_UNLOADED_DRIVER[];
    blocks: TRIAGE_DATA_BLOCK[];
    ranges: FileBackedRange[];
  };
}

export function openKernelMemory(source: ByteSource, h: DUMP_HEADER, dumpType: DumpType, warnings: string[]): OpenedKernelMemory {
  switch (dumpType) {
    case 'full': {
      const physical = runPhysicalMemory(source, h, warnings);
      const { space, mode } = pagedAddressSpace(h, physical, warnings);
      return { space, physical, pagingMode: mode };
    }
    case 'summary':
    case 'bitmap':
    case 'live-kernel': {
      const { memory, header } = bitmapPhysicalMemory(source, h, warnings);
      const { space, mode } = pagedAddressSpace(h, memory, warnings);
      return { space, physical: memory, pagingMode: mode, bitmap: header };
    }
    case 'triage': {
      const t = readTriageDump(source, headerSize(h), h.bits);
      const blocks = readTriageDataBlocks(source, t);
      const drivers = readTriageDriverList(source, t, warnings);
      const unloadedDrivers = readTriageUnloadedDrivers(source, t, warnings);
      const ranges = triageRanges(source, h, t, blocks, warnings);
      return { space: triageAddressSpace(source, t, ranges), triage: { header: t, drivers, unloadedDrivers, blocks, ranges } };
    }
    default:
      throw new Error(`unreachable dump type ${dumpType}`);
  }
}
