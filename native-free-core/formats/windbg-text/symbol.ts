import type { Hex } from '../../model/hex';
import { normalizeOffset, parseWinDbgHex } from './values';
import { hex } from '../../model/hex';

export interface ParsedSymbol {
  module?: string;
  function?: string;
  offset?: Hex;
  /** the site is a bare address (no symbol). */
  address?: Hex;
  file?: string;
  line?: number;
}

/**
 * Splits a call site or label as WinDbg prints it:
 * `fltmgr!TreeUnlinkMulti+0x51`, `nt! ?? ::FNODOBFM::`string'+0x40edb`,
 * `MyApp!FatalErrorBox+0x55 [D:\src\util.c @ 541]`, `MyDriver+0x1234`, `0x77320eba`,
 * `MyApp!func(int a = 0n1)+0x12` (kp), `NT!_KiTrap0E+0x256 (FPO: [0,0] TrapFrame @ 8013eee8)`.
 */
export function parseSymbol(site: string): ParsedSymbol {
  let s = site.trim();
  const out: ParsedSymbol = {};
  if (s.endsWith(']')) {
    const open = s.lastIndexOf('[');
    const m = open >= 0 ? /^(.*) @ (\d+)$/.exec(s.slice(open + 1, -1)) : null;
    if (m) {
      out.file = m[1]!.trim();
      out.line = Number(m[2]);
      s = s.slice(0, open).trim();
    }
  }
  s = stripNote(s);
  if (s === '') return out;
  const bare = parseWinDbgHex(s);
  if (bare !== null && !s.includes('!') && (/^0x/i.test(s) || s.includes('`') || s.length >= 8)) {
    out.address = hex(bare);
    return out;
  }
  const bang = s.indexOf('!');
  let rest = s;
  if (bang > 0 && !/\s/.test(s.slice(0, bang))) {
    out.module = s.slice(0, bang);
    rest = s.slice(bang + 1).trim();
  }
  const off = /\+((?:0x)?[0-9a-f`]+)$/i.exec(rest);
  if (off) {
    const normalized = normalizeOffset(off[1]!);
    if (normalized !== null) {
      out.offset = normalized;
      rest = rest.slice(0, off.index);
    }
  }
  rest = stripParameterList(rest.trim());
  if (bang <= 0 && rest !== '' && out.offset !== undefined && !rest.includes(' ')) {
    // `MyDriver+0x1234`: a module-relative address without symbols.
    out.module = rest;
    return out;
  }
  if (bang <= 0 && !out.module) {
    if (rest !== '') out.function = rest;
    return out;
  }
  if (rest !== '') out.function = rest;
  return out;
}

/** kv and friends append `(FPO: [0,0,0])`, `(TrapFrame @ 8013eee8)` after the call site. */
export function stripNote(site: string): string {
  const s = site.trim();
  if (!s.endsWith(')')) return s;
  const open = s.lastIndexOf(' (');
  if (open < 0) return s;
  return /^\((?:FPO|CONV|Inline|Trap|TrapFrame|Kernel)\b/i.test(s.slice(open + 1)) ? s.slice(0, open).trim() : s;
}

/** kp prints `func(type name = value, ...)`; keep `operator()` and friends. */
function stripParameterList(fn: string): string {
  if (!fn.endsWith(')')) return fn;
  let depth = 0;
  for (let i = fn.length - 1; i >= 0; i--) {
    const c = fn[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) {
        const head = fn.slice(0, i);
        if (head === '' || /operator\s*$/.test(head)) return fn;
        return head;
      }
    }
  }
  return fn;
}

/** module!function+offset, lower case, offset normalized: equal keys name the same instruction. */
export function locationKey(s: ParsedSymbol): string {
  return `${s.module ?? ''}!${s.function ?? ''}+${s.offset ?? '0x0'}`.toLowerCase();
}

/** Same function at the same offset, ignoring how the offset is spelled (+51 vs +0x51) and case. */
export function sameLocation(a: ParsedSymbol, b: ParsedSymbol): boolean {
  return locationKey(a) === locationKey(b);
}
