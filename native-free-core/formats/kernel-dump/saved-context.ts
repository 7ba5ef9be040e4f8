import type { ByteSource } from '../../io/byte-source';
import { StructReader } from '../../io/struct-reader';
import type { CpuContext } from '../../model/report';
import { contextRecordSize, decodeWrittenContext } from '../cpu-context/context-record';
import { minimumContextSize } from '../cpu-context/decode-context';
import type { DUMP_HEADER } from './dump-header';
import { EXCEPTION_RECORD32_SIZE, EXCEPTION_RECORD64_SIZE, readExceptionRecord, type EXCEPTION_RECORD } from './exception-record';
import { archOf } from './system-info';

/** CONTEXT stored in the file (dump header or triage ContextOffset), decoded for the header's CPU. */
export function readSavedContext(source: ByteSource, h: DUMP_HEADER, offset: number, detail: string): CpuContext | null {
  const arch = archOf(h.MachineImageType);
  if (!arch || offset <= 0 || offset + minimumContextSize(arch) > source.size) return null;
  const bytes = source.read(offset, Math.min(contextRecordSize(arch), source.size - offset), 'CONTEXT');
  const ctx = decodeWrittenContext(bytes, arch, source.name, offset);
  return ctx && { ...ctx, provenance: { source: 'header', detail } };
}

export function readSavedException(source: ByteSource, h: DUMP_HEADER, offset: number): EXCEPTION_RECORD | null {
  const size = h.bits === 64 ? EXCEPTION_RECORD64_SIZE : EXCEPTION_RECORD32_SIZE;
  if (offset <= 0 || offset + size > source.size) return null;
  const rec = readExceptionRecord(StructReader.at(source, offset, size, `EXCEPTION_RECORD${h.bits}`), h.bits);
  return rec.ExceptionCode === 0x45474150 ? null : rec;
}

