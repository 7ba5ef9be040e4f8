import { lastAtOrBelow } from '../formats/breakpad-sym/sym-lookup';
import { isParseError } from '../io/parse-error';
import type { PdbFile, PdbInlineSite } from '../formats/pdb/pdb-file';
import type { PdbFrameRecord } from '../formats/pdb/frame-data';
import type { FunctionRange, InlineSite, ModuleSymbols, SymbolInfo, WindowsFrameInfo } from './types';
import { undecoratePublicName } from './undecorate';


/** One module's symbols from a PDB: procedures (with extents) first, then public symbols. */
export class PdbModuleSymbols implements ModuleSymbols {
  readonly source = 'pdb' as const;
  readonly debugId: string;
  private readonly procStart: Uint32Array;
  private readonly procSize: Uint32Array;
  private readonly procName: string[];
  private readonly pubStart: Uint32Array;
  private readonly pubName: string[];
  /** x86 public names carry C decorations (_name@8) too. */
  private readonly x86: boolean;
  private readonly lineRva: Uint32Array;
  private readonly lineInfo: { line: number; file?: string }[];
  private readonly frames: PdbFrameRecord[];
  private readonly frameStart: Uint32Array;
  /** Module index of each procedure (-1 when it came from the global stream). */
  private readonly procModule: Int32Array;
  /** Inline sites by the rva of their procedure, per module, read on first use. */
  private readonly inlineIndex = new Map<number, Map<number, PdbInlineSite[]>>();

  constructor(
    /** The parsed PDB, kept for type layouts (dt). */
    readonly pdb: PdbFile,
    readonly origin: string = pdb.name,
  ) {
    this.debugId = pdb.debugId;
    const procs: { rva: number; size: number; name: string; module: number }[] = [];
    for (const p of pdb.procedures()) {
      const rva = pdb.rva(p.segment, p.offset);
      if (rva !== undefined) procs.push({ rva, size: p.codeSize, name: p.name, module: p.module ?? -1 });
    }
    procs.sort((a, b) => a.rva - b.rva);
    this.procModule = Int32Array.from(procs.map((p) => p.module));
    this.procStart = Uint32Array.from(procs.map((p) => p.rva));
    this.procSize = Uint32Array.from(procs.map((p) => p.size));
    this.procName = procs.map((p) => p.name);
    const pubs: { rva: number; name: string }[] = [];
    for (const p of pdb.globals().publics) {
      const rva = pdb.rva(p.segment, p.offset);
      if (rva !== undefined) pubs.push({ rva, name: p.name });
    }
    pubs.sort((a, b) => a.rva - b.rva);
    this.pubStart = Uint32Array.from(pubs.map((p) => p.rva));
    this.pubName = pubs.map((p) => p.name);
    this.x86 = pdb.dbi()?.header.Machine === 0x14c;
    const lines = pdb.lines();
    this.lineRva = Uint32Array.from(lines.map((l) => l.rva));
    this.lineInfo = lines.map((l) => (l.file !== undefined ? { line: l.line, file: l.file } : { line: l.line }));
    this.frames = pdb.frameRecords();
    this.frameStart = Uint32Array.from(this.frames.map((f) => f.rva));
  }

  /** x86 frame layout at rva from the FPO / FrameData streams: FRAME_DATA preferred, innermost range. */
  windowsFrameInfo(rva: number): WindowsFrameInfo | undefined {
    const top = lastAtOrBelow(this.frameStart, this.frameStart.length, rva);
    let fpo: PdbFrameRecord | undefined;
    for (let i = top, steps = 0; i >= 0 && steps < 256; i--, steps++) {
      const f = this.frames[i]!;
      if (rva - f.rva >= f.codeSize) continue;
      if (f.type === 4) return toFrameInfo(f);
      fpo ??= f;
    }
    return fpo && toFrameInfo(fpo);
  }

  get procedureCount(): number {
    return this.procStart.length;
  }
  get publicCount(): number {
    return this.pubStart.length;
  }

  private proc(rva: number): number {
    const i = lastAtOrBelow(this.procStart, this.procStart.length, rva);
    return i >= 0 && rva - this.procStart[i]! < Math.max(1, this.procSize[i]!) ? i : -1;
  }

  lookup(rva: number): SymbolInfo | undefined {
    const i = this.proc(rva);
    if (i >= 0) {
      const info: SymbolInfo = { function: this.procName[i]!, offset: rva - this.procStart[i]!, functionStart: this.procStart[i]!, functionSize: this.procSize[i]!, source: 'pdb' };
      // The line entry at or below rva, if it belongs to this procedure.
      const l = lastAtOrBelow(this.lineRva, this.lineRva.length, rva);
      if (l >= 0 && this.lineRva[l]! >= this.procStart[i]!) {
        info.line = this.lineInfo[l]!.line;
        info.lineStart = this.lineRva[l]!;
        if (this.lineInfo[l]!.file !== undefined) info.file = this.lineInfo[l]!.file;
      }
      return info;
    }
    const p = lastAtOrBelow(this.pubStart, this.pubStart.length, rva);
    if (p < 0) return undefined;
    const decorated = this.pubName[p]!;
    const info: SymbolInfo = { function: undecoratePublicName(decorated, this.x86), offset: rva - this.pubStart[p]!, functionStart: this.pubStart[p]!, source: 'pdb' };
    if (info.function !== decorated) info.decoratedName = decorated;
    return info;
  }

  /**
   * The inline sites holding rva, outermost first. The procedure's own line
   * table gives the outermost call site; each site's line at rva is the call
   * site of the next one in.
   */
  inlineSites(rva: number): InlineSite[] | undefined {
    const i = this.proc(rva);
    if (i < 0) return undefined;
    const procRva = this.procStart[i]!;
    const sites = this.procModule[i]! >= 0 ? this.inlines(this.procModule[i]!).get(procRva) : undefined;
    if (!sites) return undefined;
    const at = rva - procRva;
    const chain: InlineSite[] = [];
    let parent: PdbInlineSite | undefined;
    for (let depth = 0; ; depth++) {
      let found: { site: PdbInlineSite; k: number } | undefined;
      for (const site of sites) {
        if (site.depth !== depth || (parent && site.parentSite !== parent.recordOffset)) continue;
        const k = site.lines.findIndex((l) => at >= l.offset && at - l.offset < l.length);
        if (k >= 0) {
          found = { site, k };
          break;
        }
      }
      if (!found) break;
      const { site, k } = found;
      let first = k;
      while (first > 0 && site.lines[first - 1]!.offset + site.lines[first - 1]!.length === site.lines[first]!.offset) first--;
      const entry = site.lines[k]!;
      const s: InlineSite = { function: site.name ?? '<name omitted>', rangeStart: procRva + site.lines[first]!.offset, lineStart: procRva + entry.offset };
      if (entry.file !== undefined) s.file = entry.file;
      if (entry.line !== undefined) s.line = entry.line;
      const caller = chain[chain.length - 1] ?? this.lookup(rva);
      if (caller?.file !== undefined) s.callFile = caller.file;
      if (caller?.line !== undefined) s.callLine = caller.line;
      chain.push(s);
      parent = site;
    }
    return chain.length > 0 ? chain : undefined;
  }

  private inlines(module: number): Map<number, PdbInlineSite[]> {
    let index = this.inlineIndex.get(module);
    if (!index) {
      index = new Map();
      let sites: PdbInlineSite[] = [];
      try {
        sites = this.pdb.inlineSites(module);
      } catch (e) {
        // A malformed module, IPI or TPI stream costs the inline frames, not the walk.
        if (!isParseError(e)) throw e;
      }
      for (const site of sites) {
        const rva = this.pdb.rva(site.procSegment, site.procOffset);
        if (rva === undefined) continue;
        const list = index.get(rva) ?? [];
        list.push(site);
        index.set(rva, list);
      }
      this.inlineIndex.set(module, index);
    }
    return index;
  }

  functionRange(rva: number): FunctionRange | undefined {
    const i = this.proc(rva);
    return i >= 0 ? { start: this.procStart[i]!, end: this.procStart[i]! + this.procSize[i]!, source: 'pdb' } : undefined;
  }
}

function toFrameInfo(f: PdbFrameRecord): WindowsFrameInfo {
  const info: WindowsFrameInfo = {
    type: f.type,
    parameterSize: f.parameterSize,
    savedRegisterSize: f.savedRegisterSize,
    localSize: f.localSize,
    prologSize: f.prologSize,
    allocatesBasePointer: f.allocatesBasePointer,
    valid: 'all',
  };
  if (f.programString) info.programString = f.programString;
  return info;
}
