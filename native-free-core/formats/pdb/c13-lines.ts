/** C13 line information of a module stream (DEBUG_S_LINES with DEBUG_S_FILECHKSMS) and the /names string table. */
export const DEBUG_S_LINES = 0xf2;
export const DEBUG_S_FILECHKSMS = 0xf4;
export const DEBUG_S_INLINEELINES = 0xf6;
/** DEBUG_S_INLINEELINES signatures: plain entries, or entries followed by extra file ids. */
export const CV_INLINEE_SOURCE_LINE_SIGNATURE = 0;
export const CV_INLINEE_SOURCE_LINE_SIGNATURE_EX = 1;

export interface LineBlock {
  segment: number;
  /** Offset of the contribution start in its segment. */
  offset: number;
  length: number;
  /** Name of the source file (from /names), when known. */
  file?: string;
  /** Line entries: code offset from `offset`, and line number. */
  lines: { offset: number; line: number }[];
}

const MAX_LINES = 1 << 22;

/** Reads the /names stream: a map from byte offset to string. */
export function readNamesStream(bytes: Uint8Array): (offset: number) => string | undefined {
  if (bytes.length < 12) return () => undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== 0xeffeeffe) return () => undefined;
  const size = Math.min(v.getUint32(8, true), bytes.length - 12);
  const buf = bytes.subarray(12, 12 + size);
  const utf8 = new TextDecoder('utf-8');
  return (offset) => {
    if (offset < 0 || offset >= buf.length) return undefined;
    let z = offset;
    while (z < buf.length && buf[z] !== 0) z++;
    return utf8.decode(buf.subarray(offset, z));
  };
}

/**
 * Decodes the C13 subsections of one module stream. Blocks or lines that
 * run past their subsection are dropped; the result is bounded by the
 * stream's size.
 */
/** The C13 subsections of a module stream (kind, body offset, length) and its file checksum table (entry offset -> /names offset). */
function c13Subsections(stream: Uint8Array, start: number, size: number): { subsections: { kind: number; sub: number; len: number }[]; checksums: Map<number, number> } {
  const end = Math.min(stream.length, start + size);
  const v = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const checksums = new Map<number, number>();
  const subsections: { kind: number; sub: number; len: number }[] = [];
  for (let p = start; p + 8 <= end; ) {
    const kind = v.getUint32(p, true);
    const len = v.getUint32(p + 4, true);
    const body = p + 8;
    if (len > end - body) break;
    if (kind === DEBUG_S_FILECHKSMS) {
      for (let q = body; q + 6 <= body + len; ) {
        checksums.set(q - body, v.getUint32(q, true));
        const cb = stream[q + 4]!;
        q = (q + 6 + cb + 3) & ~3;
      }
    } else {
      subsections.push({ kind, sub: body, len });
    }
    p = (body + len + 3) & ~3;
  }
  return { subsections, checksums };
}

/** Where each inlined function's source starts (DEBUG_S_INLINEELINES), and the module's checksum offsets as file names. */
export interface InlineeLines {
  /** ItemId of the inlinee -> its file (checksum offset) and first line. */
  inlinees: Map<number, { fileChecksum: number; line: number }>;
  fileName(checksumOffset: number): string | undefined;
}

export function readC13InlineeLines(stream: Uint8Array, start: number, size: number, names: (offset: number) => string | undefined): InlineeLines {
  const { subsections, checksums } = c13Subsections(stream, start, size);
  const v = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const inlinees = new Map<number, { fileChecksum: number; line: number }>();
  for (const { kind, sub, len } of subsections) {
    if (kind !== DEBUG_S_INLINEELINES || len < 4) continue;
    const signature = v.getUint32(sub, true);
    if (signature !== CV_INLINEE_SOURCE_LINE_SIGNATURE && signature !== CV_INLINEE_SOURCE_LINE_SIGNATURE_EX) continue;
    const subEnd = sub + len;
    for (let q = sub + 4; q + 12 <= subEnd; ) {
      inlinees.set(v.getUint32(q, true), { fileChecksum: v.getUint32(q + 4, true), line: v.getUint32(q + 8, true) });
      q += 12;
      if (signature === CV_INLINEE_SOURCE_LINE_SIGNATURE_EX) {
        if (q + 4 > subEnd) break;
        const extra = v.getUint32(q, true);
        if (extra > (subEnd - q - 4) / 4) break;
        q += 4 + extra * 4;
      }
    }
  }
  const decoded = new Map<number, string | undefined>(); // every line entry asks, few files answer
  return {
    inlinees,
    fileName: (offset) => {
      if (!decoded.has(offset)) {
        const n = checksums.get(offset);
        decoded.set(offset, n === undefined ? undefined : names(n));
      }
      return decoded.get(offset);
    },
  };
}

export function readC13Lines(stream: Uint8Array, start: number, size: number, names: (offset: number) => string | undefined): LineBlock[] {
  const v = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const { subsections, checksums } = c13Subsections(stream, start, size);
  const pending = subsections.filter((s) => s.kind === DEBUG_S_LINES);
  const out: LineBlock[] = [];
  let total = 0;
  for (const { sub, len } of pending) {
    if (len < 12) continue;
    const offset = v.getUint32(sub, true);
    const segment = v.getUint16(sub + 4, true);
    const flags = v.getUint16(sub + 6, true);
    const length = v.getUint32(sub + 8, true);
    const subEnd = sub + len;
    for (let q = sub + 12; q + 12 <= subEnd; ) {
      const fileOff = v.getUint32(q, true);
      const n = v.getUint32(q + 4, true);
      const cb = v.getUint32(q + 8, true);
      if (cb < 12 || q + cb > subEnd || n > (cb - 12) / 8 || total + n > MAX_LINES) break;
      const lines: { offset: number; line: number }[] = [];
      for (let i = 0; i < n; i++) {
        const e = q + 12 + i * 8;
        lines.push({ offset: v.getUint32(e, true), line: v.getUint32(e + 4, true) & 0xffffff });
      }
      total += n;
      const block: LineBlock = { segment, offset, length, lines };
      const nameOff = checksums.get(fileOff);
      const file = nameOff !== undefined ? names(nameOff) : undefined;
      if (file !== undefined) block.file = file;
      out.push(block);
      q += cb;
    }
    void flags; // column records (flags & 1) follow the lines inside cbBlock and are skipped with it
  }
  return out;
}
