import type { StructReader } from '../../io/struct-reader';

/** EXCEPTION_RECORD64 (0x98 bytes) and EXCEPTION_RECORD32 (0x50 bytes), widened to bigint. */
export interface EXCEPTION_RECORD {
  ExceptionCode: number;
  ExceptionFlags: number;
  ExceptionRecord: bigint;
  ExceptionAddress: bigint;
  NumberParameters: number;
  ExceptionInformation: bigint[];
}

export const EXCEPTION_RECORD64_SIZE = 0x98;
export const EXCEPTION_RECORD32_SIZE = 0x50;
export const EXCEPTION_MAXIMUM_PARAMETERS = 15;

export function readExceptionRecord(r: StructReader, bits: 64 | 32): EXCEPTION_RECORD {
  const n = r.u32(bits === 64 ? 0x18 : 0x10, 'NumberParameters');
  const count = Math.min(n, EXCEPTION_MAXIMUM_PARAMETERS);
  const info: bigint[] = [];
  for (let i = 0; i < count; i++) {
    info.push(bits === 64 ? r.u64(0x20 + i * 8, `ExceptionInformation[${i}]`) : BigInt(r.u32(0x14 + i * 4, `ExceptionInformation[${i}]`)));
  }
  return {
    ExceptionCode: r.u32(0, 'ExceptionCode'),
    ExceptionFlags: r.u32(4, 'ExceptionFlags'),
    ExceptionRecord: bits === 64 ? r.u64(8, 'ExceptionRecord') : BigInt(r.u32(8, 'ExceptionRecord')),
    ExceptionAddress: bits === 64 ? r.u64(0x10, 'ExceptionAddress') : BigInt(r.u32(0xc, 'ExceptionAddress')),
    NumberParameters: n,
    ExceptionInformation: info,
  };
}
