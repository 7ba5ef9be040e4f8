import type { FunctionRange, InlineSite, ModuleRef, ModuleSymbols, SymbolInfo, SymbolProvider, WindowsFrameInfo } from './types';

const ORDER = { pdb: 0, breakpad: 1, export: 2 } as const;

/** Lower-case file name without directories: the key a module is known by. */
export function moduleKey(name: string): string {
  const i = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
  return name.slice(i + 1).toLowerCase();
}

function stem(name: string): string {
  const k = moduleKey(name);
  const dot = k.lastIndexOf('.');
  return dot > 0 ? k.slice(0, dot) : k;
}

/**
 * Symbols for many modules, held in memory: each module has an ordered list
 * of sources (PDB first, then Breakpad .sym, then exports) and every question
 * goes to the best source that answers it.
 */
export class InMemorySymbolProvider implements SymbolProvider {
  private readonly byModule = new Map<string, ModuleSymbols[]>();
  private readonly images = new Map<string, Uint8Array>();

  /** Adds one source for a module (by its image name, e.g. "test_app.exe"). */
  add(moduleName: string, symbols: ModuleSymbols): this {
    const key = moduleKey(moduleName);
    const list = this.byModule.get(key) ?? [];
    list.push(symbols);
    list.sort((a, b) => ORDER[a.source] - ORDER[b.source]);
    this.byModule.set(key, list);
    return this;
  }

  addImage(moduleName: string, bytes: Uint8Array): this {
    this.images.set(moduleKey(moduleName), bytes);
    return this;
  }

  sources(module: ModuleRef): readonly ModuleSymbols[] {
    return this.byModule.get(moduleKey(module.name)) ?? this.byModule.get(stem(module.name)) ?? [];
  }

  hasSymbols(module: ModuleRef): boolean {
    return this.sources(module).length > 0;
  }

  lookup(module: ModuleRef, rva: number): SymbolInfo | undefined {
    for (const s of this.sources(module)) {
      const r = s.lookup(rva);
      if (r) return r;
    }
    return undefined;
  }

  functionRange(module: ModuleRef, rva: number): FunctionRange | undefined {
    for (const s of this.sources(module)) {
      const r = s.functionRange(rva);
      if (r) return r;
    }
    return undefined;
  }

  windowsFrameInfo(module: ModuleRef, rva: number): WindowsFrameInfo | undefined {
    for (const s of this.sources(module)) {
      const r = s.windowsFrameInfo?.(rva);
      if (r) return r;
    }
    return undefined;
  }

  cfiRules(module: ModuleRef, rva: number): string | undefined {
    for (const s of this.sources(module)) {
      const r = s.cfiRules?.(rva);
      if (r) return r;
    }
    return undefined;
  }

  inlineSites(module: ModuleRef, rva: number): InlineSite[] | undefined {
    // The source that names the function also describes what is inlined into it.
    for (const s of this.sources(module)) {
      if (s.lookup(rva)) return s.inlineSites?.(rva);
    }
    return undefined;
  }

  image(module: ModuleRef): Uint8Array | undefined {
    return this.images.get(moduleKey(module.name));
  }
}

/** A provider that knows no symbols: walks still work, frames show module+offset. */
export const NO_SYMBOLS: SymbolProvider = {
  hasSymbols: () => false,
  lookup: () => undefined,
  functionRange: () => undefined,
  windowsFrameInfo: () => undefined,
  cfiRules: () => undefined,
};
