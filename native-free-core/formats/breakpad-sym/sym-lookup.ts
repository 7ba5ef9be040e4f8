import type { BreakpadSymbolFile } from './sym-file';
import { STACK_INFO_FPO, STACK_INFO_FRAME_DATA, symText } from './sym-file';

/** Index of the last element <= value in a sorted array, or -1. */
export function lastAtOrBelow(sorted: Uint32Array, count: number, value: number): number {
  let lo = 0, hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The FUNC record whose range holds rva, or -1. */
export function findFunction(sym: BreakpadSymbolFile, rva: number): number {
  const f = sym.funcs;
  const i = lastAtOrBelow(f.rva, f.count, rva);
  if (i < 0) return -1;
  return rva - f.rva[i]! < Math.max(f.size[i]!, 1) ? i : -1;
}

export function functionName(sym: BreakpadSymbolFile, index: number): string {
  return symText(sym, sym.funcs.nameStart[index]!, sym.funcs.nameEnd[index]!);
}

/** The line record of function `fn` that holds rva, or -1. */
export function findLine(sym: BreakpadSymbolFile, fn: number, rva: number): number {
  const l = sym.lines;
  const first = sym.funcs.lineFirst[fn]!, end = sym.funcs.lineEnd[fn]!;
  for (let i = first; i < end; i++) {
    if (rva >= l.rva[i]! && rva - l.rva[i]! < l.size[i]!) return i;
  }
  return -1;
}

/** The nearest PUBLIC record at or below rva, or -1. */
export function findPublic(sym: BreakpadSymbolFile, rva: number): number {
  return lastAtOrBelow(sym.publics.rva, sym.publics.count, rva);
}

export function publicName(sym: BreakpadSymbolFile, index: number): string {
  return symText(sym, sym.publics.nameStart[index]!, sym.publics.nameEnd[index]!);
}

const MAX_NESTING_SCAN = 256;

/**
 * The innermost STACK WIN record holding rva, preferring FRAME_DATA (type 4)
 * over FPO (type 0) as Breakpad's resolver does. -1 when none.
 */
export function findStackWin(sym: BreakpadSymbolFile, rva: number): number {
  const t = sym.stackWin;
  const top = lastAtOrBelow(t.rva, t.count, rva);
  let fpo = -1;
  for (let i = top, steps = 0; i >= 0 && steps < MAX_NESTING_SCAN; i--, steps++) {
    if (rva - t.rva[i]! < t.codeSize[i]!) {
      if (t.type[i] === STACK_INFO_FRAME_DATA) return i;
      if (t.type[i] === STACK_INFO_FPO && fpo < 0) fpo = i;
    }
  }
  return fpo;
}

/** The STACK CFI rules in force at rva: the INIT rules followed by every delta at or below rva. */
export function cfiRulesAt(sym: BreakpadSymbolFile, rva: number): string | undefined {
  const c = sym.cfi;
  const i = lastAtOrBelow(c.rva, c.count, rva);
  if (i < 0 || rva - c.rva[i]! >= c.size[i]!) return undefined;
  let rules = symText(sym, c.rulesStart[i]!, c.rulesEnd[i]!);
  const d = c.delta;
  for (let j = c.deltaFirst[i]!; j < c.deltaEnd[i]!; j++) {
    if (d.rva[j]! > rva) break;
    rules += ' ' + symText(sym, d.rulesStart[j]!, d.rulesEnd[j]!);
  }
  return rules;
}

/**
 * The INLINE rows holding rva inside FUNC `fn`, outermost first: at each
 * nesting depth the range that holds rva, until a depth has none. Rows
 * reaching outside the function are ignored.
 */
export function inlineChainAt(sym: BreakpadSymbolFile, fn: number, rva: number): number[] {
  const t = sym.inlines;
  const fStart = sym.funcs.rva[fn]!, fEnd = fStart + sym.funcs.size[fn]!;
  const out: number[] = [];
  for (let d = 0; d + 1 < t.depthFirst.length; d++) {
    let lo = t.depthFirst[d]!, hi = t.depthFirst[d + 1]!;
    const first = lo;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t.rva[mid]! <= rva) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    if (i < first) break;
    const start = t.rva[i]!;
    if (rva - start >= t.size[i]! || start < fStart || start + t.size[i]! > fEnd) break;
    out.push(i);
  }
  return out;
}
