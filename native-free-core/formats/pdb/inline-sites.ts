/**
 * S_INLINESITE / S_INLINESITE2 records of a module stream and their binary
 * annotations (cvinfo.h's BinaryAnnotationOpcode): which code of the
 * enclosing procedure an inlined call covers, and its source lines.
 */
export const S_END = 0x0006;
export const S_THUNK32 = 0x1102;
export const S_BLOCK32 = 0x1103;
export const S_WITH32 = 0x1104;
export const S_SEPCODE = 0x1132;
export const S_INLINESITE = 0x114d;
export const S_INLINESITE_END = 0x114e;
export const S_PROC_ID_END = 0x114f;
export const S_LPROC32_DPC = 0x1155;
export const S_LPROC32_DPC_ID = 0x1156;
export const S_INLINESITE2 = 0x115d;

const PROC_KINDS = new Set([0x110f, 0x1110, 0x1146, 0x1147, S_LPROC32_DPC, S_LPROC32_DPC_ID]);
const SCOPE_KINDS = new Set([S_THUNK32, S_BLOCK32, S_WITH32, S_SEPCODE]);
const END_KINDS = new Set([S_END, S_INLINESITE_END, S_PROC_ID_END]);
const MAX_NESTING = 1024;

export const BA_OP_Invalid = 0;
export const BA_OP_CodeOffset = 1;
export const BA_OP_ChangeCodeOffsetBase = 2;
export const BA_OP_ChangeCodeOffset = 3;
export const BA_OP_ChangeCodeLength = 4;
export const BA_OP_ChangeFile = 5;
export const BA_OP_ChangeLineOffset = 6;
export const BA_OP_ChangeLineEndDelta = 7;
export const BA_OP_ChangeRangeKind = 8;
export const BA_OP_ChangeColumnStart = 9;
export const BA_OP_ChangeColumnEndDelta = 10;
export const BA_OP_ChangeCodeOffsetAndLineOffset = 11;
export const BA_OP_ChangeCodeLengthAndCodeOffset = 12;
export const BA_OP_ChangeColumnEnd = 13;

/** One inline site record, with the procedure it sits in. */
export interface InlineSiteRecord {
  /** Offset of the record in the module stream. */
  recordOffset: number;
  kind: number;
  /** ItemId of the inlinee: an LF_FUNC_ID / LF_MFUNC_ID record of the IPI stream. */
  inlinee: number;
  /** 0 for a call inlined straight into the procedure, 1 inside that one, … */
  depth: number;
  /** recordOffset of the enclosing inline site, when depth > 0. */
  parentSite?: number;
  /** Segment and offset of the enclosing procedure's start. */
  procSegment: number;
  procOffset: number;
  annotations: Uint8Array;
}

/** A code range of an inline site and the inlinee's source line there. */
export interface InlineLineEntry {
  /** Code offset from the enclosing procedure's start. */
  offset: number;
  length: number;
  /** Line relative to the inlinee's first line (DEBUG_S_INLINEELINES SourceLineNum). */
  lineDelta: number;
  /** Checksum-table offset of the file, when an annotation changed it from the inlinee's own. */
  fileChecksum?: number;
}

/**
 * Finds the inline site records in a module stream's symbols, following
 * the nesting of procedures, blocks and inline sites by their end records
 * (not by the pParent/pEnd pointers, which a hostile file may point anywhere).
 */
export function readInlineSiteRecords(b: Uint8Array, start: number, end: number): InlineSiteRecord[] {
  const out: InlineSiteRecord[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const stop = Math.min(end, b.length);
  type Scope = { proc?: { segment: number; offset: number }; site?: InlineSiteRecord };
  const stack: Scope[] = [];
  for (let p = start; p + 4 <= stop; ) {
    const len = v.getUint16(p, true);
    const kind = v.getUint16(p + 2, true);
    const recEnd = p + 2 + len;
    if (len < 2 || recEnd > stop) break;
    const d = p + 4;
    const top = stack[stack.length - 1];
    if (PROC_KINDS.has(kind)) {
      if (stack.length < MAX_NESTING) stack.push(d + 35 <= recEnd ? { proc: { offset: v.getUint32(d + 28, true), segment: v.getUint16(d + 32, true) } } : {});
    } else if (kind === S_INLINESITE || kind === S_INLINESITE2) {
      const fixed = kind === S_INLINESITE2 ? 16 : 12;
      const proc = top?.proc;
      let site: InlineSiteRecord | undefined;
      if (proc && d + fixed <= recEnd) {
        site = { recordOffset: p, kind, inlinee: v.getUint32(d + 8, true), depth: top.site ? top.site.depth + 1 : 0, procSegment: proc.segment, procOffset: proc.offset, annotations: b.subarray(d + fixed, recEnd) };
        if (top.site) site.parentSite = top.site.recordOffset;
        out.push(site);
      }
      if (stack.length < MAX_NESTING) stack.push(site ? { proc: proc!, site } : {});
    } else if (SCOPE_KINDS.has(kind)) {
      if (stack.length < MAX_NESTING) stack.push({ ...top });
    } else if (END_KINDS.has(kind)) {
      stack.pop();
    }
    p = recEnd;
  }
  return out;
}

/** Position after the last uncompress() (one decoder runs at a time: no allocation per operand). */
let next = 0;

/** CVUncompressData at pos: 1, 2 or 4 bytes; -1 when malformed or cut short. */
function uncompress(b: Uint8Array, pos: number): number {
  const b0 = b[pos];
  if (b0 === undefined) return -1;
  if ((b0 & 0x80) === 0) {
    next = pos + 1;
    return b0;
  }
  if ((b0 & 0xc0) === 0x80 && pos + 2 <= b.length) {
    next = pos + 2;
    return ((b0 & 0x3f) << 8) | b[pos + 1]!;
  }
  if ((b0 & 0xe0) === 0xc0 && pos + 4 <= b.length) {
    next = pos + 4;
    return (((b0 & 0x1f) << 24) | (b[pos + 1]! << 16) | (b[pos + 2]! << 8) | b[pos + 3]!) >>> 0;
  }
  return -1;
}

/** Signed operands keep the sign in bit 0. */
function signed(u: number): number {
  return u & 1 ? -(u >>> 1) : u >>> 1;
}

/**
 * Runs an inline site's binary annotations and returns its code ranges
 * with their lines. ChangeCodeOffset, ChangeCodeOffsetAndLineOffset and
 * ChangeCodeLengthAndCodeOffset start a range; ChangeCodeLength closes the
 * last one; a range left open is closed by the next one or, at the end,
 * dropped. Decoding stops at BA_OP_Invalid (the padding) or a malformed operand.
 */
export function inlineSiteLines(annotations: Uint8Array): InlineLineEntry[] {
  const out: InlineLineEntry[] = [];
  let pos = 0, codeOffset = 0, codeBase = 0, lineDelta = 0, file = -1;
  let open: InlineLineEntry | undefined;
  while (pos < annotations.length) {
    const op = uncompress(annotations, pos);
    if (op <= BA_OP_Invalid) break;
    const a = uncompress(annotations, next);
    if (a < 0) break;
    pos = next;
    let length = -1; // >= 0: a range starts here, of that length (0: open until the next one)
    switch (op) {
      case BA_OP_CodeOffset: codeOffset = a; break;
      case BA_OP_ChangeCodeOffsetBase: codeBase = a; break;
      case BA_OP_ChangeCodeOffset: codeOffset = (codeOffset + a) >>> 0; length = 0; break;
      case BA_OP_ChangeCodeLength:
        if (open) open.length = a;
        open = undefined;
        codeOffset = (codeOffset + a) >>> 0;
        break;
      case BA_OP_ChangeFile: file = a; break;
      case BA_OP_ChangeLineOffset: lineDelta += signed(a); break;
      case BA_OP_ChangeCodeOffsetAndLineOffset:
        codeOffset = (codeOffset + (a & 0xf)) >>> 0;
        lineDelta += signed(a >>> 4);
        length = 0;
        break;
      case BA_OP_ChangeCodeLengthAndCodeOffset: {
        const delta = uncompress(annotations, pos);
        if (delta < 0) return finish(out, open);
        pos = next;
        codeOffset = (codeOffset + delta) >>> 0;
        length = a;
        break;
      }
      default: break; // line end, range kind and column operands: one operand, not used
    }
    if (length < 0) continue;
    const offset = (codeBase + codeOffset) >>> 0;
    if (open) open.length = offset > open.offset ? offset - open.offset : 0;
    const e: InlineLineEntry = { offset, length, lineDelta };
    if (file >= 0) e.fileChecksum = file;
    out.push(e);
    open = length === 0 ? e : undefined;
  }
  return finish(out, open);
}

/** A range still open at the end has no known length: dropped, with the empty ones. */
function finish(out: InlineLineEntry[], open: InlineLineEntry | undefined): InlineLineEntry[] {
  return out.filter((e) => e !== open && e.length > 0);
}
