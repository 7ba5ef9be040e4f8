import type { ByteSource } from '../../io/byte-source';
import { StructReader } from '../../io/struct-reader';
import { hex } from '../../model/hex';
import type { CpuContext } from '../../model/report';
import { CONTEXT_LAYOUTS } from './context-record';
import type { DUMP_HEADER } from './dump-header';
import { EXCEPTION_RECORD32_SIZE, EXCEPTION_RECORD64_SIZE, readExceptionRecord, type EXCEPTION_RECORD } from './exception-record';
import { archOf } from './system-info';

/** CONTEXT stored in the file (dump header or triage ContextOffset), decoded for the header's CPU. */
export function readSavedContext(source: ByteSource, h: DUMP_HEADER, offset: number, detail: string): CpuContext | null {
  const arch = archOf(h.MachineImageType);
  const layout = arch && CONTEXT_LAYOUTS[arch];
  if (!layout || offset <= 0 || offset + layout.registersSize > source.size) return null;
  const c = layout.read(StructReader.at(source, offset, layout.registersSize, 'CONTEXT'));
  if (c.ContextFlags === 0x45474150) return null; // "PAGE" fill: never written
  return { arch: arch!, registers: c.registers, flags: hex(c.ContextFlags), provenance: { source: 'header', detail } };
}

export function readSavedException(source: ByteSource, h: DUMP_HEADER, offset: number): EXCEPTION_RECORD | null {
  const size = h.bits === 64 ? EXCEPTION_RECORD64_SIZE : EXCEPTION_RECORD32_SIZE;
  if (offset <= 0 || offset + size > source.size) return null;
  const rec = readExceptionRecord(StructReader.at(source, offset, size, `EXCEPTION_RECORD${h.bits}`), h.bits);
  return rec.ExceptionCode === 0x45474150 ? null : rec;
}

