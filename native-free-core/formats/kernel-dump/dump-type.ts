import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import type { DumpType } from '../../model/report';
import { DUMP_HEADER32_OFFSETS, DUMP_HEADER64_OFFSETS, type DUMP_HEADER } from './dump-header';

/** DumpType values of DUMP_HEADER64/32 that this reader opens. */
export const DUMP_TYPES: Record<number, DumpType> = {
  1: 'full',
  2: 'summary',
  4: 'triage',
  5: 'bitmap',
  6: 'live-kernel',
};

export function dumpTypeOf(source: ByteSource, h: DUMP_HEADER): DumpType {
  const t = DUMP_TYPES[h.DumpType];
  if (t) return t;
  const at = h.bits === 64 ? DUMP_HEADER64_OFFSETS.DumpType : DUMP_HEADER32_OFFSETS.DumpType;
  throw new ParseError('unsupported', source.name, `DUMP_HEADER${h.bits}.DumpType`, at, `unsupported dump type ${h.DumpType}`);
}
