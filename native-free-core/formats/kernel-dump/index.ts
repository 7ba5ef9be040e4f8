import type { ByteSource } from '../../io/byte-source';
import type { ParsedDump } from '../../model/parsed-dump';
import { buildKernelReport } from './build-report';
import { readDumpHeader } from './dump-header';
import { dumpTypeOf } from './dump-type';
import type { KdbgKeys } from './kdbg-decode';
import { openKernelMemory } from './open-memory';

export { describeKernelDump } from './describe';
export type { DUMP_HEADER } from './dump-header';
export type { TRIAGE_DUMP } from './triage-dump';
export type { KdbgKeys } from './kdbg-decode';

export interface KernelDumpOptions {
  /** Keys for an encoded KdDebuggerDataBlock (from nt's symbols); without them the reader looks for KdCopyDataBlock in the dump. */
  kdbgKeys?: KdbgKeys;
}

/**
 * Reads a Windows kernel crash dump (PAGEDU64 / PAGEDUMP): full, summary,
 * bitmap, triage and live kernel dumps. Memory is read lazily through the
 * returned AddressSpace; only headers, the bitmap (for bitmap dumps) and the
 * triage tables are read up front.
 */
export function parseKernelDump(source: ByteSource, options: KernelDumpOptions = {}): ParsedDump {
  const header = readDumpHeader(source);
  const dumpType = dumpTypeOf(source, header);
  const warnings: string[] = [];
  const opened = openKernelMemory(source, header, dumpType, warnings);
  const report = buildKernelReport(source, header, dumpType, opened, warnings, options.kdbgKeys);
  return { report, memory: opened.space };
}
