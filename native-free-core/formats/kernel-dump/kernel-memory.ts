import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import type { AddressSpace } from '../../model/address-space';
import { BitmapPhysicalMemory } from '../../memory/bitmap-physical-memory';
import { BitmapRankIndex } from '../../memory/bitmap-rank-index';
import { PagedAddressSpace, type Translate } from '../../memory/paged-address-space';
import { arm64Translate, x64Translate, x86PaeTranslate, x86Translate } from '../../memory/paging';
import type { PhysicalMemory } from '../../memory/physical-memory';
import { RangeAddressSpace, type FileBackedRange } from '../../memory/range-address-space';
import { RunPhysicalMemory } from '../../memory/run-physical-memory';
import { readBitmapHeader, type BITMAP_DUMP_HEADER } from './bitmap-header';
import { checkPhysicalMemoryRuns, DUMP_HEADER32_SIZE, DUMP_HEADER64_SIZE, type DUMP_HEADER } from './dump-header';
import type { TRIAGE_DATA_BLOCK, TRIAGE_DUMP } from './triage-dump';

export const MACHINE_AMD64 = 0x8664;
export const MACHINE_I386 = 0x14c;
export const MACHINE_ARM64 = 0xaa64;

export function headerSize(h: DUMP_HEADER): number {
  return h.bits === 64 ? DUMP_HEADER64_SIZE : DUMP_HEADER32_SIZE;
}

/** Full dumps: physical memory runs from the header's PHYSICAL_MEMORY_DESCRIPTOR. */
export function runPhysicalMemory(source: ByteSource, h: DUMP_HEADER, warnings: string[]): RunPhysicalMemory {
  const w = checkPhysicalMemoryRuns(source, h);
  if (w) warnings.push(w);
  return new RunPhysicalMemory(
    source,
    h.PhysicalMemoryBlock.Run.map((r) => ({ basePage: r.BasePage, pageCount: r.PageCount })),
    headerSize(h),
  );
}

/** Summary / bitmap / live dumps: the bitmap header after the dump header and a rank index over its bitmap. */
export function bitmapPhysicalMemory(source: ByteSource, h: DUMP_HEADER, warnings: string[]): { memory: BitmapPhysicalMemory; header: BITMAP_DUMP_HEADER } {
  const header = readBitmapHeader(source, headerSize(h), h.bits === 64 ? 'BITMAP_DUMP_HEADER64' : 'BITMAP_DUMP_HEADER32', h.bits);
  const bits = source.read(header.BitmapOffset, Math.ceil(header.Pages / 8), 'BITMAP_DUMP_HEADER.Bitmap');
  const index = new BitmapRankIndex(bits, header.Pages);
  if (BigInt(index.setBits) !== header.TotalPresentPages) {
    warnings.push(`bitmap header says ${header.TotalPresentPages} present pages, the bitmap has ${index.setBits}`);
  }
  const end = header.FirstPage + index.setBits * 0x1000;
  if (end > source.size) warnings.push(`the file ends at 0x${source.size.toString(16)} but its ${index.setBits} pages need 0x${end.toString(16)}; pages past the end read as "not in dump"`);
  return { memory: new BitmapPhysicalMemory(source, index, header.FirstPage), header };
}

/** The paging mode from MachineImageType (and PaeEnabled for 32-bit headers). */
export function pagingFor(h: DUMP_HEADER, physical: PhysicalMemory, warnings: string[]): { translate: Translate; mode: string; pointerSize: 4 | 8 } {
  if (h.MachineImageType === MACHINE_AMD64) return { translate: x64Translate(physical, h.DirectoryTableBase), mode: 'x64 4-level', pointerSize: 8 };
  if (h.MachineImageType === MACHINE_I386) {
    const pae = h.bits === 64 || h.PaeEnabled === 1;
    return pae
      ? { translate: x86PaeTranslate(physical, h.DirectoryTableBase), mode: 'x86 PAE', pointerSize: 4 }
      : { translate: x86Translate(physical, h.DirectoryTableBase), mode: 'x86', pointerSize: 4 };
  }
  if (h.MachineImageType === MACHINE_ARM64) return { translate: arm64Translate(physical, h.DirectoryTableBase), mode: 'arm64 4-level (4 KiB granule)', pointerSize: 8 };
  warnings.push(`virtual memory of MachineImageType 0x${h.MachineImageType.toString(16)} is not translated; only the header is read`);
  return { translate: () => null, mode: 'none', pointerSize: h.bits === 64 ? 8 : 4 };
}

export function pagedAddressSpace(h: DUMP_HEADER, physical: PhysicalMemory, warnings: string[]): { space: PagedAddressSpace; mode: string } {
  const p = pagingFor(h, physical, warnings);
  return { space: new PagedAddressSpace(p.pointerSize, physical, p.translate), mode: p.mode };
}

/** The virtual ranges a triage dump holds: the call stack, the data blocks, the debugger data block and the data page. */
export function triageRanges(source: ByteSource, h: DUMP_HEADER, t: TRIAGE_DUMP, blocks: TRIAGE_DATA_BLOCK[], warnings: string[]): FileBackedRange[] {
  const ranges: FileBackedRange[] = [];
  let outside = 0;
  const add = (r: FileBackedRange) => {
    if (r.size === 0) return;
    if (r.fileOffset + r.size > source.size) {
      outside++;
      return;
    }
    ranges.push(r);
  };
  if (t.CallStackOffset && t.SizeOfCallStack) {
    if (t.CallStackOffset + t.SizeOfCallStack > source.size) {
      throw new ParseError('truncated', source.name, `TRIAGE_DUMP${t.bits}.SizeOfCallStack`, t.offset + 0x2c, `call stack of 0x${t.SizeOfCallStack.toString(16)} bytes at 0x${t.CallStackOffset.toString(16)} does not fit the file`);
    }
    add({ address: t.TopOfStack, size: t.SizeOfCallStack, fileOffset: t.CallStackOffset, label: 'call stack' });
  }
  for (const b of blocks) add({ address: b.Address, size: b.Size, fileOffset: b.Offset, label: 'data block' });
  if (t.DebuggerDataOffset && t.DebuggerDataSize) add({ address: h.KdDebuggerDataBlock, size: t.DebuggerDataSize, fileOffset: t.DebuggerDataOffset, label: 'KDDEBUGGER_DATA' });
  if (t.DataPageOffset && t.DataPageSize) add({ address: t.DataPageAddress, size: t.DataPageSize, fileOffset: t.DataPageOffset, label: 'data page' });
  if (outside) warnings.push(`${outside} triage memory blocks lie outside the file and were left out`);
  return ranges;
}

export function triageAddressSpace(source: ByteSource, t: TRIAGE_DUMP, ranges: FileBackedRange[]): AddressSpace {
  return new RangeAddressSpace(t.bits === 64 ? 8 : 4, source, ranges);
}
