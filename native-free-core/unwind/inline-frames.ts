import { hex, parseHex } from '../model/hex';
import type { InlineSite, SymbolProvider } from '../symbols/types';
import type { WalkedFrame } from './frame';

/**
 * Expands each frame into the inlined calls at its address, innermost first,
 * followed by the physical frame, when the symbols describe inline sites.
 * Frame indexes are renumbered. Frames whose pc is exact (frame 0, a
 * context joined mid-walk, any frame flagged in `exactPc`) are looked up at
 * their pc, other callers at pc-1, as the walker's symbolize does.
 * Inline frames share the physical frame's address, sp, trust and
 * registers; they carry `inline: true` and no return address or arguments.
 */
export function expandInlineFrames(frames: WalkedFrame[], symbols: SymbolProvider, exactPc?: readonly boolean[]): WalkedFrame[] {
  if (!symbols.inlineSites) return frames;
  let out: WalkedFrame[] | undefined;
  frames.forEach((f, i) => {
    const sites = sitesOf(f, symbols, i === 0 || f.trust === 'context' || exactPc?.[i] === true);
    if (sites && !out) out = frames.slice(0, i);
    if (!out) return;
    if (sites) out.push(...inlineFrames(f, sites));
    out.push(sites ? physical(f, sites[0]!) : f);
  });
  if (!out) return frames;
  out.forEach((f, i) => (f.index = i));
  return out;
}

function sitesOf(f: WalkedFrame, symbols: SymbolProvider, exact: boolean): InlineSite[] | undefined {
  if (f.inline || f.moduleBase === undefined || f.moduleFile === undefined || f.function === undefined) return undefined;
  const pc = parseHex(f.address);
  const rva = pc - parseHex(f.moduleBase) - (exact ? 0n : 1n);
  if (rva < 0n || rva > 0xffffffffn) return undefined;
  const sites = symbols.inlineSites!({ name: f.moduleFile }, Number(rva));
  return sites && sites.length > 0 ? sites : undefined;
}

/** The inline frames of one physical frame, innermost first. */
function inlineFrames(f: WalkedFrame, sites: InlineSite[]): WalkedFrame[] {
  const base = parseHex(f.moduleBase!);
  const pc = parseHex(f.address);
  const out: WalkedFrame[] = [];
  for (let k = sites.length - 1; k >= 0; k--) {
    const s = sites[k]!;
    const g: WalkedFrame = { index: f.index, address: f.address, trust: f.trust, registers: { ...f.registers }, inline: true };
    if (f.sp !== undefined) g.sp = f.sp;
    g.module = f.module!;
    g.moduleFile = f.moduleFile!;
    g.moduleBase = f.moduleBase!;
    if (f.moduleHasSymbols !== undefined) g.moduleHasSymbols = f.moduleHasSymbols;
    g.function = s.function;
    g.functionStart = hex(s.rangeStart);
    g.offset = hex(pc - base - BigInt(s.rangeStart));
    if (s.file !== undefined) g.file = s.file;
    if (s.line !== undefined) g.line = s.line;
    const lineStart = s.lineStart ?? (f.lineStart !== undefined ? Number(parseHex(f.lineStart)) : undefined);
    if (lineStart !== undefined) g.lineStart = hex(lineStart);
    out.push(g);
  }
  return out;
}

/** The physical frame's source location becomes the outermost inline call site. */
function physical(f: WalkedFrame, outermost: InlineSite): WalkedFrame {
  if (outermost.callLine === undefined) return f;
  const g: WalkedFrame = { ...f, line: outermost.callLine };
  if (outermost.callFile !== undefined) g.file = outermost.callFile;
  return g;
}
