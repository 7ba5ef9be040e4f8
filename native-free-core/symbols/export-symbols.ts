import type { PeExports } from '../formats/pe/exports';
import { lastAtOrBelow } from '../formats/breakpad-sym/sym-lookup';
import type { FunctionRange, ModuleSymbols, SymbolInfo } from './types';

/** Names from an image's export table: the weakest source, as WinDbg uses it without a PDB. */
export class ExportModuleSymbols implements ModuleSymbols {
  readonly source = 'export' as const;
  private readonly rvas: Uint32Array;
  private readonly names: string[];

  constructor(
    exports: PeExports,
    readonly origin: string,
  ) {
    const list = exports.exports
      .filter((e) => e.forwarder === undefined)
      .map((e) => ({ rva: e.rva, name: e.name ?? `Ordinal${e.ordinal}` }))
      .sort((a, b) => a.rva - b.rva);
    this.rvas = Uint32Array.from(list.map((e) => e.rva));
    this.names = list.map((e) => e.name);
  }

  lookup(rva: number): SymbolInfo | undefined {
    const i = lastAtOrBelow(this.rvas, this.rvas.length, rva);
    if (i < 0) return undefined;
    return { function: this.names[i]!, offset: rva - this.rvas[i]!, functionStart: this.rvas[i]!, source: 'export' };
  }

  functionRange(): FunctionRange | undefined {
    return undefined;
  }
}
