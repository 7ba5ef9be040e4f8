/**
 * The records of one Breakpad text symbol file, kept as column arrays over
 * the file's bytes: names, rules and program strings stay undecoded until
 * someone asks for them, so loading a large .sym is a single pass.
 */
export interface BreakpadModuleRecord {
  os: string;
  arch: string;
  /** debug identifier: GUID (upper-case hex, no dashes) followed by the age. */
  id: string;
  /** debug file name, e.g. test_app.pdb. */
  name: string;
}

/** FUNC records, sorted by rva. Names are byte ranges of the file. */
export interface FuncTable {
  count: number;
  rva: Uint32Array;
  size: Uint32Array;
  paramSize: Uint32Array;
  nameStart: Uint32Array;
  nameEnd: Uint32Array;
  /** Index range of this function's line records in LineTable. */
  lineFirst: Uint32Array;
  lineEnd: Uint32Array;
}

export interface LineTable {
  count: number;
  rva: Uint32Array;
  size: Uint32Array;
  line: Uint32Array;
  file: Uint32Array;
}

export interface PublicTable {
  count: number;
  rva: Uint32Array;
  paramSize: Uint32Array;
  nameStart: Uint32Array;
  nameEnd: Uint32Array;
}

/** STACK WIN type values (Breakpad's WindowsFrameInfo::StackInfoTypes). */
export const STACK_INFO_FPO = 0;
export const STACK_INFO_FRAME_DATA = 4;

/** STACK WIN records sorted by rva ascending and, for equal rva, size descending (innermost last). */
export interface StackWinTable {
  count: number;
  type: Uint32Array;
  rva: Uint32Array;
  codeSize: Uint32Array;
  prologSize: Uint32Array;
  epilogSize: Uint32Array;
  paramSize: Uint32Array;
  savedRegSize: Uint32Array;
  localSize: Uint32Array;
  maxStackSize: Uint32Array;
  /** 1 when the record carries a program string. */
  hasProgram: Uint32Array;
  /** allocates_base_pointer when there is no program string. */
  allocatesBasePointer: Uint32Array;
  programStart: Uint32Array;
  programEnd: Uint32Array;
}

/** STACK CFI INIT records (sorted by rva) and the delta records that follow each. */
export interface CfiTable {
  count: number;
  rva: Uint32Array;
  size: Uint32Array;
  rulesStart: Uint32Array;
  rulesEnd: Uint32Array;
  deltaFirst: Uint32Array;
  deltaEnd: Uint32Array;
  delta: { count: number; rva: Uint32Array; rulesStart: Uint32Array; rulesEnd: Uint32Array };
}

/**
 * INLINE records, one row per address range, sorted by nesting depth and
 * then rva; rows of depth d are depthFirst[d] .. depthFirst[d + 1].
 * callFile is NO_FILE for the old INLINE form without a call-site file.
 */
export interface InlineTable {
  count: number;
  depth: Uint32Array;
  rva: Uint32Array;
  size: Uint32Array;
  callLine: Uint32Array;
  callFile: Uint32Array;
  origin: Uint32Array;
  depthFirst: Uint32Array;
}

export const NO_FILE = 0xffffffff;

/** INLINE_ORIGIN records: id and the name as a byte range of the file. */
export interface InlineOriginTable {
  count: number;
  id: Uint32Array;
  nameStart: Uint32Array;
  nameEnd: Uint32Array;
}

export interface BreakpadSymbolFile {
  /** File name used in messages. */
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly module: BreakpadModuleRecord;
  /** FILE records as byte ranges; read names with symFileName(). */
  readonly fileTable: { count: number; id: Uint32Array; start: Uint32Array; end: Uint32Array };
  readonly funcs: FuncTable;
  readonly lines: LineTable;
  readonly publics: PublicTable;
  readonly stackWin: StackWinTable;
  readonly cfi: CfiTable;
  readonly inlines: InlineTable;
  readonly inlineOrigins: InlineOriginTable;
  /** Lines that were not understood (count and first few), as Breakpad logs and skips them. */
  readonly badLines: number;
  readonly warnings: string[];
}

const utf8 = new TextDecoder('utf-8');

/** Decodes a name or rule string stored as a byte range of the file. */
export function symText(file: BreakpadSymbolFile, start: number, end: number): string {
  const b = file.bytes;
  // ASCII fast path: most names are plain ASCII and short.
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii) return utf8.decode(b.subarray(start, end));
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

const fileMaps = new WeakMap<BreakpadSymbolFile, Map<number, number>>();

/** The FILE record's name for a file number, or undefined. Builds the id index on first use. */
export function symFileName(file: BreakpadSymbolFile, id: number): string | undefined {
  let m = fileMaps.get(file);
  if (!m) {
    m = new Map();
    const t = file.fileTable;
    for (let i = 0; i < t.count; i++) m.set(t.id[i]!, i);
    fileMaps.set(file, m);
  }
  const i = m.get(id);
  return i === undefined ? undefined : symText(file, file.fileTable.start[i]!, file.fileTable.end[i]!);
}

const originMaps = new WeakMap<BreakpadSymbolFile, Map<number, number>>();

/** The INLINE_ORIGIN record's name for an origin id, or undefined. Builds the id index on first use. */
export function symInlineOriginName(file: BreakpadSymbolFile, id: number): string | undefined {
  let m = originMaps.get(file);
  if (!m) {
    m = new Map();
    const t = file.inlineOrigins;
    for (let i = 0; i < t.count; i++) m.set(t.id[i]!, i);
    originMaps.set(file, m);
  }
  const i = m.get(id);
  return i === undefined ? undefined : symText(file, file.inlineOrigins.nameStart[i]!, file.inlineOrigins.nameEnd[i]!);
}
