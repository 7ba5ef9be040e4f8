import { isParseError } from '../../io/parse-error';
import type { MinidumpFile } from './minidump-file';
import type { MemoryRange } from './minidump-memory';

function clampToFile(file: MinidumpFile, address: bigint, size: bigint, rva: number, label: string, warnings: string[]): MemoryRange | undefined {
  const fileSize = file.source.size;
  if (rva >= fileSize) {
    warnings.push(`${label} at 0x${address.toString(16)}: data at RVA 0x${rva.toString(16)} lies past the end of the file`);
    return undefined;
  }
  const available = BigInt(fileSize - rva);
  let take = size;
  if (size > available) {
    warnings.push(`${label} at 0x${address.toString(16)}: ${size} bytes claimed, only ${available} left in the file; range truncated`);
    take = available;
  }
  return { address, size: Number(take), rva, label };
}

/**
 * Every memory range the dump holds: MemoryListStream, Memory64ListStream and
 * the thread stacks. A damaged list adds a warning and contributes nothing.
 */
export function collectMemoryRanges(file: MinidumpFile, warnings: string[]): MemoryRange[] {
  const ranges: MemoryRange[] = [];
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
      const r = clampToFile(file, t.Stack.StartOfMemoryRange, BigInt(t.Stack.Memory.DataSize), t.Stack.Memory.Rva, `stack of thread 0x${t.ThreadId.toString(16)}`, warnings);
      if (r) ranges.push(r);
    }
  });
  attempt('MemoryListStream', () => {
    for (const d of file.memoryList() ?? []) {
      const r = clampToFile(file, d.StartOfMemoryRange, BigInt(d.Memory.DataSize), d.Memory.Rva, 'MemoryList', warnings);
      if (r) ranges.push(r);
    }
  });
  attempt('Memory64ListStream', () => {
    const list = file.memory64List();
    if (!list) return;
    let rva = BigInt(list.BaseRva);
    for (const d of list.MemoryRanges) {
      if (rva >= BigInt(file.source.size)) {
        warnings.push(`Memory64List: ranges from 0x${d.StartOfMemoryRange.toString(16)} on lie past the end of the file`);
        break;
      }
      const r = clampToFile(file, d.StartOfMemoryRange, d.DataSize, Number(rva), 'Memory64List', warnings);
      if (r) ranges.push(r);
      rva += d.DataSize;
    }
  });
  return ranges;
}
