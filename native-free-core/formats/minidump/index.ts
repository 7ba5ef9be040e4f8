import type { ByteSource } from '../../io/byte-source';
import { isParseError } from '../../io/parse-error';
import type { ParsedDump } from '../../model/parsed-dump';
import { buildMinidumpReport } from './build-report';
import { collectMemoryRanges } from './memory-ranges';
import { MinidumpFile } from './minidump-file';
import { MinidumpAddressSpace } from './minidump-memory';
import { PROCESSOR_ARCHITECTURE_INTEL } from './raw';

export { MinidumpFile } from './minidump-file';
export { MinidumpAddressSpace } from './minidump-memory';
export { describeMinidump, minidumpInfo } from './describe';
export { streamEntries } from './report-extras';
export { crashpadAnnotations } from './crashpad-annotations';
export * as minidumpRaw from './raw';

/** Opens the address space of a minidump on its own (memory views without the report). */
export function minidumpAddressSpace(file: MinidumpFile, warnings: string[] = []): MinidumpAddressSpace {
  const ranges = collectMemoryRanges(file, warnings);
  let pointerSize: 4 | 8 = 8;
  try {
    if (file.systemInfo()?.ProcessorArchitecture === PROCESSOR_ARCHITECTURE_INTEL) pointerSize = 4;
  } catch (e) {
    // A broken SystemInfo is reported by the report builder; memory still opens with 8-byte pointers.
    if (!isParseError(e)) throw e;
  }
  return new MinidumpAddressSpace(file.source, ranges, pointerSize);
}

/**
 * Parses a user-mode minidump (MDMP) into the normalized report and its
 * memory. Throws ParseError when the header or stream directory is unusable;
 * a damaged stream only adds a warning to the report.
 */
export function parseMinidump(source: ByteSource): ParsedDump {
  const file = MinidumpFile.open(source);
  const warnings: string[] = [];
  const memory = minidumpAddressSpace(file, warnings);
  return { report: buildMinidumpReport(file, memory, warnings), memory };
}
