import { ParseError } from '../../io/parse-error';
import { GrowableU32 } from './growable';
import type { BreakpadSymbolFile, CfiTable, FuncTable, InlineTable, PublicTable, StackWinTable } from './sym-file';
import { NO_FILE, symText } from './sym-file';

const SP = 0x20;
const MAX_U32 = 0xffffffff;
/** Deepest INLINE nesting kept; deeper records are reported as malformed. */
export const MAX_INLINE_DEPTH = 255;

/** Byte-level cursor over one line; numbers beyond 32 bits or malformed fields set `bad`. */
class LineCursor {
  pos = 0;
  end = 0;
  bad = false;
  constructor(readonly b: Uint8Array) {}
  reset(start: number, end: number): void {
    this.pos = start;
    this.end = end;
    this.bad = false;
  }
  skipSpaces(): void {
    while (this.pos < this.end && this.b[this.pos] === SP) this.pos++;
  }
  hex(): number {
    this.skipSpaces();
    const start = this.pos;
    let v = 0;
    while (this.pos < this.end) {
      const c = this.b[this.pos]!;
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else break;
      v = v * 16 + d;
      this.pos++;
    }
    if (this.pos === start || v > MAX_U32 || (this.pos < this.end && this.b[this.pos] !== SP)) this.bad = true;
    return v;
  }
  dec(): number {
    this.skipSpaces();
    const start = this.pos;
    let v = 0;
    while (this.pos < this.end) {
      const c = this.b[this.pos]!;
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      this.pos++;
    }
    if (this.pos === start || v > MAX_U32 || (this.pos < this.end && this.b[this.pos] !== SP)) this.bad = true;
    return v;
  }
  /** Consumes an optional "m " multiple-symbols marker. */
  optionalMultiple(): void {
    this.skipSpaces();
    if (this.pos + 1 < this.end && this.b[this.pos] === 0x6d && this.b[this.pos + 1] === SP) this.pos += 2;
  }
  /** Start and end of the last word() or rest(). */
  s0 = 0;
  s1 = 0;
  word(): void {
    this.skipSpaces();
    this.s0 = this.pos;
    while (this.pos < this.end && this.b[this.pos] !== SP) this.pos++;
    this.s1 = this.pos;
  }
  rest(): void {
    this.skipSpaces();
    this.s0 = this.pos;
    this.s1 = this.end;
  }
  /** Number of space-separated words from pos to the end of the line; pos is left unchanged. */
  countWords(): number {
    let n = 0;
    for (let p = this.pos, inWord = false; p < this.end; p++) {
      const word = this.b[p] !== SP;
      if (word && !inWord) n++;
      inWord = word;
    }
    return n;
  }
}

const fastValues = new Float64Array(4);

/**
 * Parses "hex hex dec dec\n" at pos into fastValues and returns the start of
 * the next line, or -1 when the line is anything else (the general path then
 * reads it, and reports it if it is malformed).
 */
function fastLineRecord(b: Uint8Array, pos: number, n: number): number {
  let p = pos;
  for (let field = 0; field < 4; field++) {
    let v = 0;
    const start = p;
    if (field < 2) {
      for (; p < n; p++) {
        const c = b[p]!;
        if (c >= 0x30 && c <= 0x39) v = v * 16 + (c - 0x30);
        else if (c >= 0x61 && c <= 0x66) v = v * 16 + (c - 0x57);
        else break;
      }
    } else {
      for (; p < n; p++) {
        const c = b[p]!;
        if (c >= 0x30 && c <= 0x39) v = v * 10 + (c - 0x30);
        else break;
      }
    }
    if (p === start || v > MAX_U32) return -1;
    fastValues[field] = v;
    if (field < 3) {
      if (b[p] !== SP) return -1;
      p++;
    }
  }
  if (p < n && b[p] === 0x0d) p++;
  if (p >= n) return n;
  return b[p] === 0x0a ? p + 1 : -1;
}

function startsWith(b: Uint8Array, at: number, end: number, keyword: string): boolean {
  if (at + keyword.length > end) return false;
  for (let i = 0; i < keyword.length; i++) if (b[at + i] !== keyword.charCodeAt(i)) return false;
  return true;
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
}

/**
 * Parses a Breakpad text symbol file (MODULE, FILE, FUNC, line records,
 * INLINE_ORIGIN, INLINE, PUBLIC, STACK WIN, STACK CFI). Unknown or malformed lines are counted and
 * skipped, as Breakpad does; a file that does not start with MODULE is
 * rejected with a ParseError.
 */
export function parseBreakpadSym(bytes: Uint8Array, fileName = 'symbols.sym'): BreakpadSymbolFile {
  const b = bytes;
  const n = b.length;
  let firstEnd = b.indexOf(0x0a);
  if (firstEnd < 0) firstEnd = n;
  let p0 = 0;
  if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p0 = 3;
  if (!startsWith(b, p0, firstEnd, 'MODULE ')) {
    throw new ParseError('invalid', fileName, 'MODULE record', 0, 'a Breakpad .sym file starts with "MODULE os arch id name"');
  }
  const cur = new LineCursor(b);
  const lineEndOf = (e: number) => (e > 0 && b[e - 1] === 0x0d ? e - 1 : e);
  cur.reset(p0 + 7, lineEndOf(firstEnd));
  cur.word();
  const os = latin1(b, cur.s0, cur.s1);
  cur.word();
  const arch = latin1(b, cur.s0, cur.s1);
  cur.word();
  const id = latin1(b, cur.s0, cur.s1).toUpperCase();
  cur.rest();
  const nm0 = cur.s0, nm1 = cur.s1;
  const module = { os, arch, id, name: '' };

  const fileId = new GrowableU32(), fileStart = new GrowableU32(), fileEnd = new GrowableU32();
  const win = new Float64Array(10);
  const estimate = Math.max(16, Math.min(n >> 6, 1 << 20));
  const fRva = new GrowableU32(estimate >> 2), fSize = new GrowableU32(estimate >> 2), fParam = new GrowableU32(estimate >> 2);
  const fNs = new GrowableU32(estimate >> 2), fNe = new GrowableU32(estimate >> 2), fLf = new GrowableU32(estimate >> 2), fLe = new GrowableU32(estimate >> 2);
  const lRva = new GrowableU32(estimate), lSize = new GrowableU32(estimate), lLine = new GrowableU32(estimate), lFile = new GrowableU32(estimate);
  const pRva = new GrowableU32(), pParam = new GrowableU32(), pNs = new GrowableU32(), pNe = new GrowableU32();
  const w = Array.from({ length: 13 }, () => new GrowableU32());
  const cRva = new GrowableU32(), cSize = new GrowableU32(), cRs = new GrowableU32(), cRe = new GrowableU32(), cDf = new GrowableU32(), cDe = new GrowableU32();
  const dRva = new GrowableU32(), dRs = new GrowableU32(), dRe = new GrowableU32();
  const iDepth = new GrowableU32(), iRva = new GrowableU32(), iSize = new GrowableU32(), iLine = new GrowableU32(), iFile = new GrowableU32(), iOrigin = new GrowableU32();
  const oId = new GrowableU32(), oNs = new GrowableU32(), oNe = new GrowableU32();
  let funcsSorted = true, publicsSorted = true, cfiSorted = true;
  let inFunc = false;
  let inCfi = false;
  let badLines = 0;
  const warnings: string[] = [];
  const bad = (lineStart: number, what: string) => {
    badLines++;
    if (warnings.length < 10) warnings.push(`${fileName}: offset 0x${lineStart.toString(16)}: ${what}`);
  };

  let pos = firstEnd + 1;
  while (pos < n) {
    // Fast path for line records ("addr size line file"), most of a .sym file: one pass, no indexOf.
    if (inFunc) {
      const next = fastLineRecord(b, pos, n);
      if (next > 0) {
        lRva.push(fastValues[0]!); lSize.push(fastValues[1]!); lLine.push(fastValues[2]!); lFile.push(fastValues[3]!);
        pos = next;
        continue;
      }
    }
    let nl = b.indexOf(0x0a, pos);
    if (nl < 0) nl = n;
    const s = pos;
    const e = lineEndOf(nl);
    pos = nl + 1;
    if (e <= s) continue;
    const c0 = b[s]!;
    if (c0 === 0x46 /* F */ && startsWith(b, s, e, 'FUNC ')) {
      cur.reset(s + 5, e);
      cur.optionalMultiple();
      const rva = cur.hex(), size = cur.hex(), param = cur.hex();
      cur.rest();
      const ns = cur.s0, ne = cur.s1;
      if (cur.bad) {
        inFunc = false;
        bad(s, 'malformed FUNC record');
        continue;
      }
      if (fRva.length > 0 && rva < fRva.view()[fRva.length - 1]!) funcsSorted = false;
      if (fLe.length > 0) fLe.view()[fLe.length - 1] = lRva.length;
      fRva.push(rva); fSize.push(size); fParam.push(param); fNs.push(ns); fNe.push(ne);
      fLf.push(lRva.length); fLe.push(lRva.length);
      inFunc = true;
      inCfi = false;
    } else if ((c0 >= 0x30 && c0 <= 0x39) || (c0 >= 0x61 && c0 <= 0x66)) {
      // line record: address size line filenum
      cur.reset(s, e);
      const rva = cur.hex(), size = cur.hex(), line = cur.dec(), file = cur.dec();
      if (cur.bad || !inFunc) {
        bad(s, inFunc ? 'malformed line record' : 'line record outside a FUNC');
        continue;
      }
      lRva.push(rva); lSize.push(size); lLine.push(line); lFile.push(file);
    } else if (c0 === 0x53 /* S */ && startsWith(b, s, e, 'STACK ')) {
      inFunc = false;
      if (startsWith(b, s + 6, e, 'WIN ')) {
        cur.reset(s + 10, e);
        for (let i = 0; i < 10; i++) win[i] = cur.hex();
        cur.rest();
        const rs = cur.s0, re = cur.s1;
        if (cur.bad) {
          bad(s, 'malformed STACK WIN record');
          continue;
        }
        const hasProgram = win[9] !== 0 ? 1 : 0;
        for (let i = 0; i < 9; i++) w[i]!.push(win[i]!);
        w[9]!.push(hasProgram);
        w[10]!.push(!hasProgram && re > rs && b[rs] !== 0x30 ? 1 : 0);
        w[11]!.push(rs);
        w[12]!.push(re);
      } else if (startsWith(b, s + 6, e, 'CFI INIT ')) {
        cur.reset(s + 15, e);
        const rva = cur.hex(), size = cur.hex();
        cur.rest();
        const rs = cur.s0, re = cur.s1;
        if (cur.bad) {
          inCfi = false;
          bad(s, 'malformed STACK CFI INIT record');
          continue;
        }
        if (cRva.length > 0 && rva < cRva.view()[cRva.length - 1]!) cfiSorted = false;
        cRva.push(rva); cSize.push(size); cRs.push(rs); cRe.push(re); cDf.push(dRva.length); cDe.push(dRva.length);
        inCfi = true;
      } else if (startsWith(b, s + 6, e, 'CFI ')) {
        cur.reset(s + 10, e);
        const rva = cur.hex();
        cur.rest();
        const rs = cur.s0, re = cur.s1;
        if (cur.bad || !inCfi) {
          bad(s, inCfi ? 'malformed STACK CFI record' : 'STACK CFI record without STACK CFI INIT');
          continue;
        }
        dRva.push(rva); dRs.push(rs); dRe.push(re);
        cDe.view()[cDe.length - 1] = dRva.length;
      } else {
        bad(s, 'unknown STACK record');
      }
    } else if (c0 === 0x50 /* P */ && startsWith(b, s, e, 'PUBLIC ')) {
      inFunc = false;
      inCfi = false;
      cur.reset(s + 7, e);
      cur.optionalMultiple();
      const rva = cur.hex(), param = cur.hex();
      cur.rest();
      const ns = cur.s0, ne = cur.s1;
      if (cur.bad) {
        bad(s, 'malformed PUBLIC record');
        continue;
      }
      if (pRva.length > 0 && rva < pRva.view()[pRva.length - 1]!) publicsSorted = false;
      pRva.push(rva); pParam.push(param); pNs.push(ns); pNe.push(ne);
    } else if (c0 === 0x46 && startsWith(b, s, e, 'FILE ')) {
      inFunc = false;
      cur.reset(s + 5, e);
      const fid = cur.dec();
      cur.rest();
      if (cur.bad) {
        bad(s, 'malformed FILE record');
        continue;
      }
      fileId.push(fid);
      fileStart.push(cur.s0);
      fileEnd.push(cur.s1);
    } else if (c0 === 0x49 /* I */ && startsWith(b, s, e, 'INLINE_ORIGIN ')) {
      // INLINE_ORIGIN <id> <name>
      cur.reset(s + 14, e);
      const id = cur.dec();
      cur.rest();
      if (cur.bad || cur.s1 <= cur.s0) {
        bad(s, 'malformed INLINE_ORIGIN record');
        continue;
      }
      oId.push(id); oNs.push(cur.s0); oNe.push(cur.s1);
    } else if (c0 === 0x49 && startsWith(b, s, e, 'INLINE ')) {
      // INLINE <nest_level> <call_site_line> [<call_site_file>] <origin_id> [<address> <size>]+
      // The call-site file is absent in the older form, told apart by the odd word count (as Breakpad does).
      cur.reset(s + 7, e);
      const words = cur.countWords();
      const withFile = words % 2 === 0;
      const depth = cur.dec(), line = cur.dec(), file = withFile ? cur.dec() : NO_FILE, origin = cur.dec();
      if (!inFunc || words < 5 || cur.bad || depth > MAX_INLINE_DEPTH) {
        bad(s, !inFunc ? 'INLINE record outside a FUNC' : depth > MAX_INLINE_DEPTH ? 'INLINE record nested too deep' : 'malformed INLINE record');
        continue;
      }
      const first = iRva.length;
      for (let k = withFile ? 4 : 3; k + 1 < words; k += 2) {
        iRva.push(cur.hex()); iSize.push(cur.hex());
        iDepth.push(depth); iLine.push(line); iFile.push(file); iOrigin.push(origin);
      }
      if (cur.bad) {
        for (const g of [iRva, iSize, iDepth, iLine, iFile, iOrigin]) g.length = first;
        bad(s, 'malformed INLINE record');
      }
    } else if (c0 === 0x49 && startsWith(b, s, e, 'INFO ')) {
      // INFO records are not used for walking.
    } else {
      inFunc = false;
      bad(s, 'unknown record');
    }
  }
  if (fLe.length > 0) fLe.view()[fLe.length - 1] = lRva.length;

  const file: BreakpadSymbolFile = {
    fileName,
    bytes,
    module,
    fileTable: { count: fileId.length, id: fileId.view(), start: fileStart.view(), end: fileEnd.view() },
    funcs: sortFuncs({ count: fRva.length, rva: fRva.view(), size: fSize.view(), paramSize: fParam.view(), nameStart: fNs.view(), nameEnd: fNe.view(), lineFirst: fLf.view(), lineEnd: fLe.view() }, funcsSorted),
    lines: { count: lRva.length, rva: lRva.view(), size: lSize.view(), line: lLine.view(), file: lFile.view() },
    publics: sortPublics({ count: pRva.length, rva: pRva.view(), paramSize: pParam.view(), nameStart: pNs.view(), nameEnd: pNe.view() }, publicsSorted),
    stackWin: sortStackWin(w.map((g) => g.view())),
    cfi: sortCfi(
      { count: cRva.length, rva: cRva.view(), size: cSize.view(), rulesStart: cRs.view(), rulesEnd: cRe.view(), deltaFirst: cDf.view(), deltaEnd: cDe.view(), delta: { count: dRva.length, rva: dRva.view(), rulesStart: dRs.view(), rulesEnd: dRe.view() } },
      cfiSorted,
    ),
    inlines: sortInlines({ count: iRva.length, depth: iDepth.view(), rva: iRva.view(), size: iSize.view(), callLine: iLine.view(), callFile: iFile.view(), origin: iOrigin.view(), depthFirst: new Uint32Array(0) }),
    inlineOrigins: { count: oId.length, id: oId.view(), nameStart: oNs.view(), nameEnd: oNe.view() },
    badLines,
    warnings,
  };
  (file.module as { name: string }).name = symText(file, nm0, nm1);
  return file;
}

function permute(arrays: Uint32Array[], order: Uint32Array): Uint32Array[] {
  return arrays.map((a) => {
    const out = new Uint32Array(order.length);
    for (let i = 0; i < order.length; i++) out[i] = a[order[i]!]!;
    return out;
  });
}

function sortedOrder(count: number, cmp: (a: number, b: number) => number): Uint32Array {
  const idx = new Uint32Array(count);
  for (let i = 0; i < count; i++) idx[i] = i;
  return idx.sort(cmp);
}

function sortFuncs(t: FuncTable, sorted: boolean): FuncTable {
  if (sorted) return t;
  const order = sortedOrder(t.count, (a, b) => t.rva[a]! - t.rva[b]!);
  const [rva, size, paramSize, nameStart, nameEnd, lineFirst, lineEnd] = permute([t.rva, t.size, t.paramSize, t.nameStart, t.nameEnd, t.lineFirst, t.lineEnd], order);
  return { count: t.count, rva: rva!, size: size!, paramSize: paramSize!, nameStart: nameStart!, nameEnd: nameEnd!, lineFirst: lineFirst!, lineEnd: lineEnd! };
}

function sortPublics(t: PublicTable, sorted: boolean): PublicTable {
  if (sorted) return t;
  const order = sortedOrder(t.count, (a, b) => t.rva[a]! - t.rva[b]!);
  const [rva, paramSize, nameStart, nameEnd] = permute([t.rva, t.paramSize, t.nameStart, t.nameEnd], order);
  return { count: t.count, rva: rva!, paramSize: paramSize!, nameStart: nameStart!, nameEnd: nameEnd! };
}

function sortStackWin(cols: Uint32Array[]): StackWinTable {
  const rvaCol = cols[1]!, sizeCol = cols[2]!;
  const order = sortedOrder(rvaCol.length, (a, b) => rvaCol[a]! - rvaCol[b]! || sizeCol[b]! - sizeCol[a]!);
  const p = permute(cols, order);
  return {
    count: rvaCol.length,
    type: p[0]!, rva: p[1]!, codeSize: p[2]!, prologSize: p[3]!, epilogSize: p[4]!, paramSize: p[5]!, savedRegSize: p[6]!,
    localSize: p[7]!, maxStackSize: p[8]!, hasProgram: p[9]!, allocatesBasePointer: p[10]!, programStart: p[11]!, programEnd: p[12]!,
  };
}

function sortCfi(t: CfiTable, sorted: boolean): CfiTable {
  if (sorted) return t;
  const order = sortedOrder(t.count, (a, b) => t.rva[a]! - t.rva[b]!);
  const [rva, size, rulesStart, rulesEnd, deltaFirst, deltaEnd] = permute([t.rva, t.size, t.rulesStart, t.rulesEnd, t.deltaFirst, t.deltaEnd], order);
  return { count: t.count, rva: rva!, size: size!, rulesStart: rulesStart!, rulesEnd: rulesEnd!, deltaFirst: deltaFirst!, deltaEnd: deltaEnd!, delta: t.delta };
}

function sortInlines(t: InlineTable): InlineTable {
  const order = sortedOrder(t.count, (a, b) => t.depth[a]! - t.depth[b]! || t.rva[a]! - t.rva[b]!);
  const [depth, rva, size, callLine, callFile, origin] = permute([t.depth, t.rva, t.size, t.callLine, t.callFile, t.origin], order);
  const levels = t.count > 0 ? depth![t.count - 1]! + 1 : 0;
  const depthFirst = new Uint32Array(levels + 1);
  for (let d = 0, i = 0; d <= levels; d++) {
    while (i < t.count && depth![i]! < d) i++;
    depthFirst[d] = i;
  }
  return { count: t.count, depth: depth!, rva: rva!, size: size!, callLine: callLine!, callFile: callFile!, origin: origin!, depthFirst };
}
