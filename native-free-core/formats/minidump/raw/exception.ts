import type { StructReader } from '../../../io/struct-reader';
import { type MINIDUMP_LOCATION_DESCRIPTOR, readLocation } from './header';

export const EXCEPTION_MAXIMUM_PARAMETERS = 15;
export const SIZEOF_MINIDUMP_EXCEPTION_STREAM = 168;

export interface MINIDUMP_EXCEPTION {
  ExceptionCode: number;
  ExceptionFlags: number;
  ExceptionRecord: bigint;
  ExceptionAddress: bigint;
  NumberParameters: number;
  /** All 15 slots as stored; only the first NumberParameters are meaningful. */
  ExceptionInformation: bigint[];
}

export interface MINIDUMP_EXCEPTION_STREAM {
  ThreadId: number;
  ExceptionRecord: MINIDUMP_EXCEPTION;
  ThreadContext: MINIDUMP_LOCATION_DESCRIPTOR;
}

export function readMINIDUMP_EXCEPTION_STREAM(r: StructReader): MINIDUMP_EXCEPTION_STREAM {
  const info: bigint[] = [];
  for (let i = 0; i < EXCEPTION_MAXIMUM_PARAMETERS; i++) info.push(r.u64(40 + i * 8, `ExceptionRecord.ExceptionInformation[${i}]`));
  return {
    ThreadId: r.u32(0, 'ThreadId'),
    ExceptionRecord: {
      ExceptionCode: r.u32(8, 'ExceptionRecord.ExceptionCode'),
      ExceptionFlags: r.u32(12, 'ExceptionRecord.ExceptionFlags'),
      ExceptionRecord: r.u64(16, 'ExceptionRecord.ExceptionRecord'),
      ExceptionAddress: r.u64(24, 'ExceptionRecord.ExceptionAddress'),
      NumberParameters: r.u32(32, 'ExceptionRecord.NumberParameters'),
      ExceptionInformation: info,
    },
    ThreadContext: readLocation(r, 160, 'ThreadContext'),
  };
}
