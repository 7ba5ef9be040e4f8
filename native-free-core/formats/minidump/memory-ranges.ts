import { isParseError } from '../../io/parse-error';
import type { MinidumpFile } from './minidump-file';
import type { MemoryRange } from './minidump-memory';

/** A 64-bit size as a number; sizes beyond 2^53 are larger than any file and become Infinity. */
function sizeOf(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

/** The part of a range whose bytes the file really holds; a warning when the range is cut or gone. */
function clampToFile(fileSize: number, address: bigint, size: number, rva: number, label: string, warnings: string[]): MemoryRange | undefined {
  if (rva >= fileSize) {
    warnings.push(`${label} at 0x${address.toString(16)}: data at RVA 0x${rva.toString(16)} lies past the end of the file`);
    return undefined;
  }
  const available = fileSize - rva;
  if (size > available) {
    warnings.push(`${label} at 0x${address.toString(16)}: ${size} bytes claimed, only ${available} left in the file; range truncated`);
    size = available;
  }
  return { address, size, rva, label };
}

/**
 * Every memory range the dump holds: MemoryListStream, Memory64ListStream and
 * the thread stacks. A damaged list adds a warning and contributes nothing.
 */
export function collectMemoryRanges(file: MinidumpFile, warnings: string[]): MemoryRange[] {
  const ranges: MemoryRange[] = [];
  const fileSize = file.source.size;
  const attempt = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!isParseError(e)) throw e;
      warnings.push(`${what}: ${e.message}`);
    }
  };
  // Stacks first: where a MemoryList entry repeats a stack, the range keeps the stack's label.
  attempt('ThreadListStream', () => {
    for (const t of file.threadList() ?? []) {
      if (t.Stack.Memory.DataSize === 0) continue;
      const r = clampToFile(fileSize, t.Stack.StartOfMemoryRange, t.Stack.Memory.DataSize, t.Stack.Memory.Rva, `stack of thread 0x${t.ThreadId.toString(16)}`, warnings);
      if (r) ranges.push(r);
    }
  });
  attempt('MemoryListStream', () => {
    for (const d of file.memoryList() ?? []) {
      const r = clampToFile(fileSize, d.StartOfMemoryRange, d.Memory.DataSize, d.Memory.Rva, 'MemoryList', warnings);
      if (r) ranges.push(r);
    }
  });
  attempt('Memory64ListStream', () => {
    const list = file.memory64List();
    if (!list) return;
    // The ranges' bytes follow each other from BaseRva on.
    let rva = list.BaseRva;
    for (const d of list.MemoryRanges) {
      if (rva >= fileSize) {
        warnings.push(`Memory64List: ranges from 0x${d.StartOfMemoryRange.toString(16)} on lie past the end of the file`);
        break;
      }
      const size = sizeOf(d.DataSize);
      const r = clampToFile(fileSize, d.StartOfMemoryRange, size, rva, 'Memory64List', warnings);
      if (r) ranges.push(r);
      rva += size;
    }
  });
  return ranges;
}
