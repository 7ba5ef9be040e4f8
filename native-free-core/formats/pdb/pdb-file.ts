import type { ByteSource } from '../../io/byte-source';
import { StructReader } from '../../io/struct-reader';
import type { IMAGE_SECTION_HEADER } from '../pe/headers';
import { DBG_SECTION_HEADERS, type DbiStream, readDbiStream } from './dbi-stream';
import { type PdbInfoStream, readPdbInfoStream } from './info-stream';
import { MsfFile } from './msf';
import { type DataSymbol, type ProcedureSymbol, type PublicSymbol, readSymbolRecords, type UdtSymbol } from './symbol-records';
import { TypeTable } from './tpi-stream';
import { type InlineeLines, type LineBlock, readC13InlineeLines, readC13Lines, readNamesStream } from './c13-lines';
import { type InlineSiteRecord, inlineSiteLines, readInlineSiteRecords } from './inline-sites';
import { inlineeName } from './ipi-names';
import { type PdbFrameRecord, readFpoStream, readFrameDataStream } from './frame-data';
import { TypeLayouts } from './type-layout';

export const PDB_STREAM_INFO = 1;
export const PDB_STREAM_TPI = 2;
export const PDB_STREAM_DBI = 3;
export const PDB_STREAM_IPI = 4;

/** An inlined call inside a procedure, with its code ranges and source lines. */
export interface PdbInlineSite {
  module: number;
  /** Offset of the S_INLINESITE(2) record in the module stream; parentSite refers to another site's. */
  recordOffset: number;
  parentSite?: number;
  depth: number;
  /** Start of the enclosing procedure. */
  procSegment: number;
  procOffset: number;
  /** The inlinee's IPI ItemId and qualified name. */
  inlinee: number;
  name?: string;
  /** Code ranges as offsets from the procedure start, sorted, with the inlinee's source line there. */
  lines: { offset: number; length: number; line?: number; file?: string }[];
}
/** Indexes in the DBI optional debug header. */
const DBG_FPO = 0;
const DBG_NEW_FPO = 9;

/**
 * A PDB: MSF container, info stream (GUID, age), DBI (modules, section
 * map and contributions, section headers), public and global symbols,
 * procedures from module streams, and TPI types. Streams are read when
 * first asked for.
 */
export class PdbFile {
  readonly msf: MsfFile;
  readonly info: PdbInfoStream;
  private dbiCache?: DbiStream | null;
  private sectionsCache?: IMAGE_SECTION_HEADER[];
  private globalsCache?: { publics: PublicSymbol[]; data: DataSymbol[]; udts: UdtSymbol[]; procedures: ProcedureSymbol[] };
  private proceduresCache?: ProcedureSymbol[];
  private typesCache?: TypeTable | null;
  private linesCache?: { rva: number; line: number; file?: string }[];
  private namesCache?: (offset: number) => string | undefined;
  private frameCache?: PdbFrameRecord[];
  private ipiCache?: TypeTable | null;
  private readonly inlineCache = new Map<number, PdbInlineSite[]>();

  constructor(readonly source: ByteSource) {
    this.msf = new MsfFile(source);
    this.info = readPdbInfoStream(this.msf.readStream(PDB_STREAM_INFO, 'PDB info stream'), source.name);
  }

  get name(): string {
    return this.source.name;
  }

  dbi(): DbiStream | undefined {
    if (this.dbiCache === undefined) {
      const bytes = this.msf.streamCount > PDB_STREAM_DBI ? this.msf.readStream(PDB_STREAM_DBI, 'DBI stream') : new Uint8Array(0);
      this.dbiCache = bytes.length >= 64 ? readDbiStream(bytes, this.name) : null;
    }
    return this.dbiCache ?? undefined;
  }

  /** Symbol-store id: GUID followed by the age (the DBI age, which the image's CodeView record carries). */
  get debugId(): string {
    const age = this.dbi()?.header.Age ?? this.info.Age;
    return this.info.guid + age.toString(16).toUpperCase();
  }

  /** The image's section headers (from the DBI optional debug header), used to turn segment:offset into RVAs. */
  sections(): IMAGE_SECTION_HEADER[] {
    if (!this.sectionsCache) {
      const out: IMAGE_SECTION_HEADER[] = [];
      const stream = this.dbi()?.debugStreams[DBG_SECTION_HEADERS];
      if (stream !== undefined && stream >= 0 && stream < this.msf.streamCount) {
        const b = this.msf.readStream(stream, 'section header stream');
        const r = new StructReader(b, this.name, 'IMAGE_SECTION_HEADER', 0);
        for (let p = 0; p + 40 <= b.length; p += 40) {
          out.push({ Name: r.ascii(p, 8, 'Name'), VirtualSize: r.u32(p + 8, 'VirtualSize'), VirtualAddress: r.u32(p + 12, 'VirtualAddress'), SizeOfRawData: r.u32(p + 16, 'SizeOfRawData'), PointerToRawData: r.u32(p + 20, 'PointerToRawData'), Characteristics: r.u32(p + 36, 'Characteristics') });
        }
      }
      this.sectionsCache = out;
    }
    return this.sectionsCache;
  }

  /** RVA of segment:offset (segments are 1-based section numbers), or undefined without section headers. */
  rva(segment: number, offset: number): number | undefined {
    const s = this.sections()[segment - 1];
    return s ? s.VirtualAddress + offset : undefined;
  }

  /** S_PUB32, S_GDATA32/S_LDATA32 and S_UDT from the symbol record stream. */
  globals(): { publics: PublicSymbol[]; data: DataSymbol[]; udts: UdtSymbol[]; procedures: ProcedureSymbol[] } {
    if (!this.globalsCache) {
      const g = { publics: [] as PublicSymbol[], data: [] as DataSymbol[], udts: [] as UdtSymbol[], procedures: [] as ProcedureSymbol[] };
      const stream = this.dbi()?.header.SymRecordStream;
      if (stream !== undefined && stream < this.msf.streamCount && stream !== 0xffff) {
        const b = this.msf.readStream(stream, 'symbol record stream');
        for (const s of readSymbolRecords(b, 0, b.length)) {
          if (s.kind === 'public') g.publics.push(s);
          else if (s.kind === 'data') g.data.push(s);
          else if (s.kind === 'udt') g.udts.push(s);
          else g.procedures.push(s);
        }
      }
      this.globalsCache = g;
    }
    return this.globalsCache;
  }

  /** S_GPROC32 / S_LPROC32 from every module stream (and any in the global stream). */
  procedures(): ProcedureSymbol[] {
    if (!this.proceduresCache) {
      const out = [...this.globals().procedures];
      for (const m of this.dbi()?.modules ?? []) {
        if (m.ModuleSymStream === 0xffff || m.ModuleSymStream >= this.msf.streamCount || m.SymByteSize < 4) continue;
        const b = this.msf.readStream(m.ModuleSymStream, `module stream ${m.ModuleName}`);
        out.push(...readSymbolRecords(b, 4, m.SymByteSize, m.index).filter((s): s is ProcedureSymbol => s.kind === 'procedure'));
      }
      this.proceduresCache = out;
    }
    return this.proceduresCache;
  }

  /**
   * Source lines of every module (C13 DEBUG_S_LINES), as (rva, line, file)
   * sorted by rva. Empty when the PDB has no line information.
   */
  lines(): { rva: number; line: number; file?: string }[] {
    if (!this.linesCache) {
      const out: { rva: number; line: number; file?: string }[] = [];
      const names = this.names();
      for (const m of this.dbi()?.modules ?? []) {
        if (m.C13ByteSize === 0 || m.ModuleSymStream === 0xffff || m.ModuleSymStream >= this.msf.streamCount) continue;
        const b = this.msf.readStream(m.ModuleSymStream, `module stream ${m.ModuleName}`);
        const blocks: LineBlock[] = readC13Lines(b, m.SymByteSize + m.C11ByteSize, m.C13ByteSize, names);
        for (const block of blocks) {
          const base = this.rva(block.segment, block.offset);
          if (base === undefined) continue;
          for (const l of block.lines) {
            const e: { rva: number; line: number; file?: string } = { rva: base + l.offset, line: l.line };
            if (block.file !== undefined) e.file = block.file;
            out.push(e);
          }
        }
      }
      out.sort((a, b) => a.rva - b.rva);
      this.linesCache = out;
    }
    return this.linesCache;
  }

  /**
   * The S_INLINESITE / S_INLINESITE2 records of one module (every module
   * when none is given), their binary annotations turned into code ranges
   * and lines (DEBUG_S_INLINEELINES gives each inlinee's first line and
   * file) and their names from the IPI stream. Read per module on first use.
   */
  inlineSites(module?: number): PdbInlineSite[] {
    const modules = this.dbi()?.modules ?? [];
    if (module === undefined) return modules.flatMap((m) => this.inlineSites(m.index));
    let out = this.inlineCache.get(module);
    if (!out) {
      out = [];
      const m = modules[module];
      if (m && m.ModuleSymStream !== 0xffff && m.ModuleSymStream < this.msf.streamCount && m.SymByteSize >= 4) {
        const b = this.msf.readStream(m.ModuleSymStream, `module stream ${m.ModuleName}`);
        const records = readInlineSiteRecords(b, 4, m.SymByteSize);
        if (records.length > 0) out = this.resolveInlineSites(m.index, records, readC13InlineeLines(b, m.SymByteSize + m.C11ByteSize, m.C13ByteSize, this.names()));
      }
      this.inlineCache.set(module, out);
    }
    return out;
  }

  private resolveInlineSites(module: number, records: InlineSiteRecord[], il: InlineeLines): PdbInlineSite[] {
    const ipi = this.ipi();
    const tpi = this.types();
    const names = new Map<number, string | undefined>();
    return records.map((r) => {
      const start = il.inlinees.get(r.inlinee);
      const lines = inlineSiteLines(r.annotations).map((e) => {
        const l: PdbInlineSite['lines'][number] = { offset: e.offset, length: e.length };
        if (start) l.line = start.line + e.lineDelta;
        const file = il.fileName(e.fileChecksum ?? start?.fileChecksum ?? -1);
        if (file !== undefined) l.file = file;
        return l;
      });
      lines.sort((a, c) => a.offset - c.offset);
      const site: PdbInlineSite = { module, recordOffset: r.recordOffset, depth: r.depth, procSegment: r.procSegment, procOffset: r.procOffset, inlinee: r.inlinee, lines };
      if (r.parentSite !== undefined) site.parentSite = r.parentSite;
      if (!names.has(r.inlinee)) names.set(r.inlinee, inlineeName(ipi, tpi, r.inlinee));
      const name = names.get(r.inlinee);
      if (name !== undefined) site.name = name;
      return site;
    });
  }

  /** The IPI (id) stream: LF_FUNC_ID, LF_MFUNC_ID, LF_STRING_ID…, in the TPI stream's format. */
  ipi(): TypeTable | undefined {
    if (this.ipiCache === undefined) {
      const b = this.msf.streamCount > PDB_STREAM_IPI ? this.msf.readStream(PDB_STREAM_IPI, 'IPI stream') : new Uint8Array(0);
      this.ipiCache = b.length >= 56 ? new TypeTable(b, this.name) : null;
    }
    return this.ipiCache ?? undefined;
  }

  /** The /names string table (file names, FRAMEDATA program strings). */
  names(): (offset: number) => string | undefined {
    if (!this.namesCache) {
      const namesIndex = this.info.namedStreams.get('/names');
      this.namesCache = namesIndex !== undefined && namesIndex < this.msf.streamCount ? readNamesStream(this.msf.readStream(namesIndex, '/names stream')) : () => undefined;
    }
    return this.namesCache;
  }

  /** x86 frame layouts (new FPO "FrameData" and old FPO streams), sorted by rva; what dump_syms turns into STACK WIN. */
  frameRecords(): PdbFrameRecord[] {
    if (!this.frameCache) {
      const dbg = this.dbi()?.debugStreams ?? [];
      const out: PdbFrameRecord[] = [];
      const fpo = dbg[DBG_FPO];
      if (fpo !== undefined && fpo >= 0 && fpo < this.msf.streamCount) out.push(...readFpoStream(this.msf.readStream(fpo, 'FPO stream'), this.name));
      const fd = dbg[DBG_NEW_FPO];
      if (fd !== undefined && fd >= 0 && fd < this.msf.streamCount) out.push(...readFrameDataStream(this.msf.readStream(fd, 'FrameData stream'), this.name, this.names()));
      out.sort((a, b) => a.rva - b.rva || b.codeSize - a.codeSize);
      this.frameCache = out;
    }
    return this.frameCache;
  }

  types(): TypeTable | undefined {
    if (this.typesCache === undefined) {
      const b = this.msf.streamCount > PDB_STREAM_TPI ? this.msf.readStream(PDB_STREAM_TPI, 'TPI stream') : new Uint8Array(0);
      this.typesCache = b.length >= 56 ? new TypeTable(b, this.name) : null;
    }
    return this.typesCache ?? undefined;
  }

  /** `dt`-style layouts; pointer size from the DBI machine (x86: 4). */
  layouts(): TypeLayouts | undefined {
    const t = this.types();
    if (!t) return undefined;
    return new TypeLayouts(t, this.dbi()?.header.Machine === 0x14c ? 4 : 8);
  }
}

export function parsePdb(source: ByteSource): PdbFile {
  return new PdbFile(source);
}
