import type { BreakpadSymbolFile } from '../formats/breakpad-sym/sym-file';
import {
  cfiRulesAt,
  findFunction,
  findLine,
  findPublic,
  findStackWin,
  functionName,
  inlineChainAt,
  lastAtOrBelow,
  publicName,
} from '../formats/breakpad-sym/sym-lookup';
import { NO_FILE, symFileName, symInlineOriginName, symText } from '../formats/breakpad-sym/sym-file';
import type { FunctionRange, InlineSite, ModuleSymbols, SymbolInfo, WindowsFrameInfo } from './types';

/** One module's symbols from a parsed Breakpad .sym file, resolved as Breakpad's BasicSourceLineResolver does. */
export class BreakpadModuleSymbols implements ModuleSymbols {
  readonly source = 'breakpad' as const;
  constructor(
    readonly sym: BreakpadSymbolFile,
    readonly origin: string = sym.fileName,
  ) {}

  lookup(rva: number): SymbolInfo | undefined {
    const s = this.sym;
    const fn = findFunction(s, rva);
    if (fn >= 0) {
      const start = s.funcs.rva[fn]!;
      const info: SymbolInfo = { function: functionName(s, fn), offset: rva - start, functionStart: start, functionSize: s.funcs.size[fn]!, source: 'breakpad' };
      const ln = findLine(s, fn, rva);
      if (ln >= 0) {
        const file = symFileName(s, s.lines.file[ln]!);
        if (file !== undefined) info.file = file;
        info.line = s.lines.line[ln]!;
        info.lineStart = s.lines.rva[ln]!;
      }
      return info;
    }
    const p = this.publicBelow(rva);
    if (p < 0) return undefined;
    const start = s.publics.rva[p]!;
    return { function: publicName(s, p), offset: rva - start, functionStart: start, source: 'breakpad' };
  }

  /**
   * The INLINE chain at rva, outermost first, read as Breakpad's resolver
   * does: the line record gives the innermost call's own location and each
   * INLINE record the call site in its caller.
   */
  inlineSites(rva: number): InlineSite[] | undefined {
    const s = this.sym;
    if (s.inlines.count === 0) return undefined;
    const fn = findFunction(s, rva);
    if (fn < 0) return undefined;
    const rows = inlineChainAt(s, fn, rva);
    if (rows.length === 0) return undefined;
    const t = s.inlines;
    const sites = rows.map((r): InlineSite => {
      const site: InlineSite = { function: symInlineOriginName(s, t.origin[r]!) ?? '<name omitted>', rangeStart: t.rva[r]!, callLine: t.callLine[r]! };
      const file = t.callFile[r] === NO_FILE ? undefined : symFileName(s, t.callFile[r]!);
      if (file !== undefined) site.callFile = file;
      return site;
    });
    const ln = findLine(s, fn, rva);
    sites.forEach((site, k) => {
      const inner = sites[k + 1];
      if (inner) {
        if (inner.callFile !== undefined) site.file = inner.callFile;
        if (inner.callLine !== undefined) site.line = inner.callLine;
      } else if (ln >= 0) {
        const file = symFileName(s, s.lines.file[ln]!);
        if (file !== undefined) site.file = file;
        site.line = s.lines.line[ln]!;
      }
      if (ln >= 0) site.lineStart = s.lines.rva[ln]!;
    });
    return sites;
  }

  /** A PUBLIC at or below rva that is not hidden by a FUNC lying between it and rva. */
  private publicBelow(rva: number): number {
    const s = this.sym;
    const p = findPublic(s, rva);
    if (p < 0) return -1;
    const f = lastAtOrBelow(s.funcs.rva, s.funcs.count, rva);
    if (f >= 0 && s.funcs.rva[f]! >= s.publics.rva[p]!) return -1;
    return p;
  }

  functionRange(rva: number): FunctionRange | undefined {
    const s = this.sym;
    const fn = findFunction(s, rva);
    if (fn < 0) return undefined;
    return { start: s.funcs.rva[fn]!, end: s.funcs.rva[fn]! + s.funcs.size[fn]!, source: 'breakpad' };
  }

  windowsFrameInfo(rva: number): WindowsFrameInfo | undefined {
    const s = this.sym;
    const w = findStackWin(s, rva);
    if (w >= 0) {
      const t = s.stackWin;
      const info: WindowsFrameInfo = {
        type: t.type[w]!,
        parameterSize: t.paramSize[w]!,
        savedRegisterSize: t.savedRegSize[w]!,
        localSize: t.localSize[w]!,
        prologSize: t.prologSize[w]!,
        allocatesBasePointer: t.allocatesBasePointer[w] === 1,
        valid: 'all',
      };
      if (t.hasProgram[w]) info.programString = symText(s, t.programStart[w]!, t.programEnd[w]!);
      return info;
    }
    const fn = findFunction(s, rva);
    if (fn >= 0) return paramOnly(s.funcs.paramSize[fn]!);
    const p = this.publicBelow(rva);
    if (p >= 0) return paramOnly(s.publics.paramSize[p]!);
    return undefined;
  }

  cfiRules(rva: number): string | undefined {
    return cfiRulesAt(this.sym, rva);
  }
}

function paramOnly(parameterSize: number): WindowsFrameInfo {
  return { parameterSize, savedRegisterSize: 0, localSize: 0, prologSize: 0, allocatesBasePointer: false, valid: 'parameter-size' };
}
