/** Where a symbol came from, best first: PDB, then Breakpad .sym, then the image's exports. */
export type SymbolSource = 'pdb' | 'breakpad' | 'export';

/** What an address resolves to inside one module. */
export interface SymbolInfo {
  function: string;
  /** The public symbol's decorated name, when `function` is its undecorated form. */
  decoratedName?: string;
  /** Bytes from the function (or public symbol) start to the address. */
  offset: number;
  /** Module-relative address of the function start. */
  functionStart: number;
  /** Size in bytes, when the symbol says. */
  functionSize?: number;
  file?: string;
  line?: number;
  /** Module-relative address where the source line's code starts. */
  lineStart?: number;
  source: SymbolSource;
}

/**
 * One inlined call holding an address. A chain of them, outermost first,
 * sits inside the physical function that SymbolInfo names.
 */
export interface InlineSite {
  /** The inlined function's name. */
  function: string;
  /** Module-relative start of the inlined code range that holds the address. */
  rangeStart: number;
  /** Where its caller (the physical function or the enclosing inline site) calls it. */
  callFile?: string;
  callLine?: number;
  /** The inlined function's own source location at the address. */
  file?: string;
  line?: number;
  /** Module-relative address where that source line's code starts. */
  lineStart?: number;
}

/** A function's extent, module-relative, end exclusive. */
export interface FunctionRange {
  start: number;
  end: number;
  source: SymbolSource | 'pdata';
}

/** Breakpad's WindowsFrameInfo: one STACK WIN record, or only a parameter size from FUNC/PUBLIC. */
export interface WindowsFrameInfo {
  /** 0 = FPO, 4 = FRAME_DATA; undefined when only the parameter size is known. */
  type?: number;
  parameterSize: number;
  savedRegisterSize: number;
  localSize: number;
  prologSize: number;
  programString?: string;
  allocatesBasePointer: boolean;
  valid: 'all' | 'parameter-size';
}

/** Identifies a module to the symbol provider; fields of the report's ModuleInfo. */
export interface ModuleRef {
  name: string;
  debugFile?: string;
  debugId?: string;
}

/** The symbols of one module from one source. */
export interface ModuleSymbols {
  readonly source: SymbolSource;
  /** Where they came from (file path or "exports of X"), for messages. */
  readonly origin: string;
  lookup(rva: number): SymbolInfo | undefined;
  functionRange(rva: number): FunctionRange | undefined;
  windowsFrameInfo?(rva: number): WindowsFrameInfo | undefined;
  /** Breakpad STACK CFI rules in force at rva ("REG: expr" pairs). */
  cfiRules?(rva: number): string | undefined;
  /** The inlined calls holding rva, outermost first (empty or undefined when none). */
  inlineSites?(rva: number): InlineSite[] | undefined;
}

/**
 * The walker's view of symbols: everything is keyed by module and a
 * module-relative address. The core never touches files; main/symbols
 * finds them and fills an in-memory provider.
 */
export interface SymbolProvider {
  hasSymbols(module: ModuleRef): boolean;
  lookup(module: ModuleRef, rva: number): SymbolInfo | undefined;
  functionRange(module: ModuleRef, rva: number): FunctionRange | undefined;
  windowsFrameInfo(module: ModuleRef, rva: number): WindowsFrameInfo | undefined;
  cfiRules(module: ModuleRef, rva: number): string | undefined;
  /** The inlined calls holding rva, outermost first, from the source that answers lookup(). */
  inlineSites?(module: ModuleRef, rva: number): InlineSite[] | undefined;
  /** The module's image file bytes, when one was found on the symbol path (for .pdata). */
  image?(module: ModuleRef): Uint8Array | undefined;
}
