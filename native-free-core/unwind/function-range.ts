import { BufferByteSource } from '../io/byte-source';
import { findRuntimeFunction } from '../formats/pe/pdata';
import { PeImage } from '../formats/pe/pe-image';
import { parseHex } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';
import type { ModuleInfo } from '../model/report';
import type { FunctionRange, SymbolProvider } from '../symbols/types';
import { ModuleMap } from './module-map';

/**
 * Function extents for analysis ("walk back from the fault to the function
 * start"): from the image's .pdata (in dump memory or an image file on the
 * symbol path) first, then from symbols. For a function split into chained
 * .pdata fragments the fragment holding the address is returned: that is
 * the code one can disassemble linearly.
 */
export class FunctionRangeFinder {
  private readonly images = new Map<string, PeImage | null>();
  private readonly modules: ModuleMap;

  constructor(
    private readonly parsed: ParsedDump,
    private readonly symbols: SymbolProvider,
  ) {
    this.modules = new ModuleMap(parsed.report.modules);
  }

  private image(module: ModuleInfo): PeImage | undefined {
    const key = module.base;
    let img = this.images.get(key);
    if (img === undefined) {
      img = null;
      try {
        img = PeImage.fromMemory(this.parsed.memory, parseHex(module.base), module.name, Number(parseHex(module.size)));
        if (img.runtimeFunctions().count === 0) img = null;
      } catch {
        img = null;
      }
      const file = img ? undefined : this.symbols.image?.(module);
      if (file) {
        try {
          img = PeImage.fromFile(new BufferByteSource(module.name, file));
        } catch {
          img = null;
        }
      }
      this.images.set(key, img);
    }
    return img ?? undefined;
  }

  /** The function holding module-relative `rva`, or undefined when neither .pdata nor symbols know it. */
  functionRange(module: ModuleInfo, rva: number): FunctionRange | undefined {
    const img = this.image(module);
    if (img) {
      const table = img.runtimeFunctions();
      const fn = findRuntimeFunction(table, rva);
      if (fn) return { start: fn.BeginAddress, end: fn.EndAddress, source: 'pdata' };
    }
    return this.symbols.functionRange(module, rva);
  }

  /** Same for an absolute address: start and end as absolute addresses. */
  at(address: bigint): { start: bigint; end: bigint; module: ModuleInfo; source: FunctionRange['source'] } | undefined {
    const m = this.modules.find(address);
    if (!m) return undefined;
    const r = this.functionRange(m.info, Number(address - m.base));
    return r && { start: m.base + BigInt(r.start), end: m.base + BigInt(r.end), module: m.info, source: r.source };
  }
}
