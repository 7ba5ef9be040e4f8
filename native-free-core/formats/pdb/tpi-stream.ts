import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';

export const LF_MODIFIER = 0x1001;
export const LF_POINTER = 0x1002;
export const LF_PROCEDURE = 0x1008;
export const LF_MFUNCTION = 0x1009;
export const LF_ARGLIST = 0x1201;
export const LF_FIELDLIST = 0x1203;
export const LF_BITFIELD = 0x1205;
export const LF_BCLASS = 0x1400;
export const LF_VBCLASS = 0x1401;
export const LF_IVBCLASS = 0x1402;
export const LF_INDEX = 0x1404;
export const LF_VFUNCTAB = 0x1409;
export const LF_ENUMERATE = 0x1502;
export const LF_ARRAY = 0x1503;
export const LF_CLASS = 0x1504;
export const LF_STRUCTURE = 0x1505;
export const LF_UNION = 0x1506;
export const LF_ENUM = 0x1507;
export const LF_MEMBER = 0x150d;
export const LF_STMEMBER = 0x150e;
export const LF_METHOD = 0x150f;
export const LF_NESTTYPE = 0x1510;
export const LF_ONEMETHOD = 0x1511;

/** TPI stream header (56 bytes). */
export interface TPI_HEADER {
  Version: number;
  HeaderSize: number;
  TypeIndexBegin: number;
  TypeIndexEnd: number;
  TypeRecordBytes: number;
}

export interface TypeRecord {
  index: number;
  kind: number;
  /** Bytes after the kind field. */
  data: Uint8Array;
  /** Offset of the record inside the TPI stream, for messages. */
  streamOffset: number;
}

const MAX_TYPES = 1 << 24;

/** The TPI stream's records, indexed by type index (from TypeIndexBegin, usually 0x1000). */
export class TypeTable {
  readonly header: TPI_HEADER;
  private readonly offsets: Uint32Array;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array, readonly fileName: string) {
    this.bytes = bytes;
    const r = new StructReader(bytes, fileName, 'TPI_HEADER', 0);
    this.header = {
      Version: r.u32(0, 'Version'),
      HeaderSize: r.u32(4, 'HeaderSize'),
      TypeIndexBegin: r.u32(8, 'TypeIndexBegin'),
      TypeIndexEnd: r.u32(12, 'TypeIndexEnd'),
      TypeRecordBytes: r.u32(16, 'TypeRecordBytes'),
    };
    const { HeaderSize, TypeIndexBegin, TypeIndexEnd, TypeRecordBytes } = this.header;
    if (TypeIndexEnd < TypeIndexBegin || TypeIndexEnd - TypeIndexBegin > MAX_TYPES) r.fail('invalid', 12, 'TypeIndexEnd', `type range 0x${TypeIndexBegin.toString(16)}-0x${TypeIndexEnd.toString(16)} is implausible`);
    if (HeaderSize < 16 || HeaderSize + TypeRecordBytes > bytes.length) r.fail('truncated', 16, 'TypeRecordBytes', `records of ${TypeRecordBytes} bytes do not fit the ${bytes.length}-byte stream`);
    const count = Math.min(TypeIndexEnd - TypeIndexBegin, Math.floor(TypeRecordBytes / 4));
    this.offsets = new Uint32Array(count);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let p = HeaderSize;
    const end = HeaderSize + TypeRecordBytes;
    let n = 0;
    while (n < count && p + 4 <= end) {
      const len = v.getUint16(p, true);
      if (len < 2 || p + 2 + len > end) throw new ParseError('invalid', fileName, 'TPI type record', p, `record length ${len} runs past the records`);
      this.offsets[n++] = p;
      p += 2 + len;
    }
    this.offsets = this.offsets.subarray(0, n);
  }

  get count(): number {
    return this.offsets.length;
  }

  get(index: number): TypeRecord | undefined {
    const i = index - this.header.TypeIndexBegin;
    if (i < 0 || i >= this.offsets.length) return undefined;
    const p = this.offsets[i]!;
    const len = this.bytes[p]! | (this.bytes[p + 1]! << 8);
    return { index, kind: this.bytes[p + 2]! | (this.bytes[p + 3]! << 8), data: this.bytes.subarray(p + 4, p + 2 + len), streamOffset: p };
  }

  *records(): Iterable<TypeRecord> {
    for (let i = 0; i < this.offsets.length; i++) yield this.get(this.header.TypeIndexBegin + i)!;
  }
}
