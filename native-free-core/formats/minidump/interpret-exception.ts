import { hex } from '../../model/hex';
import type { Arch, ExceptionInfo } from '../../model/report';
import { EXCEPTION_MAXIMUM_PARAMETERS, type MINIDUMP_EXCEPTION_STREAM } from './raw';

export const STATUS_ACCESS_VIOLATION = 0xc0000005;
export const STATUS_IN_PAGE_ERROR = 0xc0000006;
export const STATUS_STACK_BUFFER_OVERRUN = 0xc0000409;

const ACCESS_TYPES: Record<string, ExceptionInfo['accessType']> = { '0': 'read', '1': 'write', '8': 'execute' };

/**
 * The exception record as the report states it. For x86 targets addresses
 * are cut to 32 bits (Breakpad's Test32BitCrashingAddress: Windows may store
 * a sign-extended 0xffffffff00000045). The name is left to analysis.
 */
export function interpretException(stream: MINIDUMP_EXCEPTION_STREAM, arch: Arch | undefined, warnings: string[]): ExceptionInfo {
  const rec = stream.ExceptionRecord;
  const address = (v: bigint) => hex(arch === 'x86' ? v & 0xffffffffn : v);
  let n = rec.NumberParameters;
  if (n > EXCEPTION_MAXIMUM_PARAMETERS) {
    warnings.push(`ExceptionStream: NumberParameters ${n} is more than ${EXCEPTION_MAXIMUM_PARAMETERS}; reading ${EXCEPTION_MAXIMUM_PARAMETERS}`);
    n = EXCEPTION_MAXIMUM_PARAMETERS;
  }
  const params = rec.ExceptionInformation.slice(0, n);
  const info: ExceptionInfo = {
    code: hex(rec.ExceptionCode >>> 0),
    address: address(rec.ExceptionAddress),
    flags: hex(rec.ExceptionFlags >>> 0),
    parameters: params.map((p) => hex(p)),
    threadId: stream.ThreadId,
  };
  const code = rec.ExceptionCode >>> 0;
  if ((code === STATUS_ACCESS_VIOLATION || code === STATUS_IN_PAGE_ERROR) && params.length >= 2) {
    const kind = ACCESS_TYPES[params[0]!.toString()];
    if (kind) info.accessType = kind;
    info.accessAddress = address(params[1]!);
  }
  if (code === STATUS_STACK_BUFFER_OVERRUN && params.length >= 1) info.subcode = hex(params[0]!);
  return info;
}
