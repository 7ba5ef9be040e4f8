import type { Hex } from '../../model/hex';
import type { Line } from './text-lines';
import { parseSymbol, stripNote, type ParsedSymbol } from './symbol';
import { hexOf } from './values';

/** One row of a k/kb/kv/kn/kp/kc listing or of STACK_TEXT, before frame addresses are settled. */
export interface StackRow {
  /** the frame number column (kn), when printed. */
  frameNumber?: number;
  /** Child-SP (x64) or ChildEBP / FramePtr (x86). */
  sp?: Hex;
  returnAddress?: Hex;
  args?: Hex[];
  site: ParsedSymbol;
  /** the call site as printed (after suffixes like FPO data were cut). */
  siteText: string;
  inline?: boolean;
  /** the address columns were elided ("...") in the text. */
  elided?: boolean;
  lines: [number, number];
}

export interface StackParse {
  rows: StackRow[];
  unparsed: Line[];
}

const HEADER = /^\s*#?\s*(Child-SP|ChildEBP|FramePtr|RetAddr|Call Site)\b/i;
const INLINE = /\(Inline(?: Function)?\)\s+-{8}`?-{8}/gi;
/** Address/argument columns are printed without 0x: 8 or 16 digits, or with the backtick. */
const COLUMN = /^(?:[0-9a-f]{8}`[0-9a-f]{8}|[0-9a-f]{8}|[0-9a-f]{16})$/i;
const DASHES = /^-{8}`?-{8}$/;
const ELISION = /^\.{3}$/;
const FRAME_NUMBER = /^[0-9a-f]{1,4}$/i;

function stripFrameNumber(text: string, numbered: boolean): { rest: string; num?: number } {
  const m = /^\s*([0-9a-f]{1,4})\s+(.*)$/i.exec(text);
  if (!m) return { rest: text.trim() };
  const next = m[2]!.trim().split(/\s+/)[0] ?? '';
  if (numbered || COLUMN.test(next) || next.startsWith('(Inline') || ELISION.test(next)) {
    if (FRAME_NUMBER.test(m[1]!) && m[1]!.length <= 4) return { rest: m[2]!.trim(), num: parseInt(m[1]!, 16) };
  }
  return { rest: text.trim() };
}

function isRowStart(text: string, numbered: boolean): boolean {
  const { rest } = stripFrameNumber(text, numbered);
  const first = rest.split(/\s+/)[0] ?? '';
  return COLUMN.test(first) || ELISION.test(first) || first.startsWith('(Inline');
}

/** Colon form: `sp ret : args : site`. Incomplete while the part after the first colon is only arguments. */
function colonRowIncomplete(text: string): boolean {
  const parts = text.split(' : ');
  if (parts.length !== 2) return false;
  const after = parts[1]!.trim().split(/\s+/).filter((t) => t !== '');
  return after.length > 0 && after.every((t) => COLUMN.test(t) || ELISION.test(t) || DASHES.test(t));
}

/** Parses stack rows out of k-style output or a STACK_TEXT value. Header lines are skipped; unknown lines are returned. */
export function parseStack(lines: Line[]): StackParse {
  const rows: StackRow[] = [];
  const unparsed: Line[] = [];
  let numbered = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const text = line.text;
    if (text.trim() === '' || ELISION.test(text.trim())) {
      i++;
      continue;
    }
    if (HEADER.test(text)) {
      if (/^\s*#/.test(text)) numbered = true;
      i++;
      continue;
    }
    let joined = text.trim();
    let lastNo = line.no;
    let j = i + 1;
    // Wrapped rows: the seed's STACK_TEXT wraps after the third argument; some docs wrap the call site.
    while (j < lines.length && j - i <= 3) {
      const next = lines[j]!;
      if (next.text.trim() === '' || HEADER.test(next.text)) break;
      if (joined.includes(' : ') && colonRowIncomplete(joined)) {
        joined += ' ' + next.text.trim();
        lastNo = next.no;
        j++;
        continue;
      }
      if (!joined.includes(' : ') && rowWithoutSite(joined, numbered) && !isRowStart(next.text, numbered) && /!|^\s*0x[0-9a-f]+\s*$/i.test(next.text)) {
        joined += ' ' + next.text.trim();
        lastNo = next.no;
        j++;
        continue;
      }
      break;
    }
    const row = parseRow(joined, numbered, [line.no, lastNo]);
    if (row) rows.push(row);
    else unparsed.push(line);
    i = j;
  }
  return { rows, unparsed };
}

function rowWithoutSite(text: string, numbered: boolean): boolean {
  const { rest } = stripFrameNumber(text, numbered);
  const tokens = rest.split(/\s+/);
  return tokens.length >= 2 && tokens.every((t) => COLUMN.test(t));
}

function parseRow(text: string, numbered: boolean, lines: [number, number]): StackRow | null {
  let inline = false;
  let t = text.replace(INLINE, () => {
    inline = true;
    return 'INLINE';
  });
  const { rest, num } = stripFrameNumber(t, numbered);
  t = rest;
  let addressPart: string;
  let argsPart = '';
  let sitePart: string;
  if (t.includes(' : ')) {
    const parts = t.split(' : ');
    addressPart = parts[0]!;
    if (parts.length >= 3) {
      argsPart = parts[1]!;
      sitePart = parts.slice(2).join(' : ');
    } else {
      sitePart = parts[1]!;
    }
  } else {
    const tokens = t.split(/\s+/);
    let k = 0;
    const cols: string[] = [];
    while (k < tokens.length && (COLUMN.test(tokens[k]!) || tokens[k] === 'INLINE' || DASHES.test(tokens[k]!) || ELISION.test(tokens[k]!))) {
      cols.push(tokens[k]!);
      k++;
    }
    // The site may itself be the last column-looking token only when nothing follows (raw address frames print 0x...).
    addressPart = cols.slice(0, cols[0] === 'INLINE' ? 1 : 2).join(' ');
    argsPart = cols.slice(cols[0] === 'INLINE' ? 1 : 2).join(' ');
    sitePart = tokens.slice(k).join(' ');
  }
  const addrTokens = addressPart.trim().split(/\s+/).filter((x) => x !== '');
  const row: StackRow = { site: {}, siteText: '', lines };
  if (num !== undefined) row.frameNumber = num;
  if (inline || addrTokens[0] === 'INLINE') row.inline = true;
  else if (addrTokens.length > 0 && addrTokens.every((x) => ELISION.test(x))) row.elided = true;
  if (!row.inline && !row.elided) {
    if (addrTokens.length >= 1 && COLUMN.test(addrTokens[0]!)) row.sp = hexOf(addrTokens[0]!)!;
    if (addrTokens.length >= 2 && COLUMN.test(addrTokens[1]!)) row.returnAddress = hexOf(addrTokens[1]!)!;
  }
  const args = argsPart.split(/\s+/).filter((x) => COLUMN.test(x)).map((x) => hexOf(x)!);
  if (args.length > 0) row.args = args;
  let site = sitePart.trim();
  if (site.endsWith(' ...')) site = site.slice(0, -4).trim();
  row.siteText = stripNote(site);
  row.site = parseSymbol(site);
  // A row has both address columns (k/kb/kv/kn/kp), or none and a symbol (kc), or is inline/elided.
  if (row.sp !== undefined && row.returnAddress === undefined) return null;
  // A call site is module!symbol, module+0x.., or an address: "mov rax,[rsi+20h]" after two hex columns is a u line.
  if (site !== '' && !/!|^0x[0-9a-f`]+$|^[\w.]+\+0x[0-9a-f]+$/i.test(site)) return null;
  if (site.endsWith(':')) return null;
  if (row.sp === undefined && row.returnAddress === undefined && !row.inline && !row.elided) {
    if (!row.site.module && !row.site.function && row.site.address === undefined) return null;
    if (!/!|^0x/i.test(site)) return null;
  }
  return row;
}

/** True when a line looks like a stack row (used to sniff stacks in text without a k command). */
export function looksLikeStackHeader(text: string): boolean {
  return /^\s*#?\s*(Child-SP\s+RetAddr|ChildEBP\s+RetAddr|FramePtr\s+RetAddr)/i.test(text);
}


/** A stack row pasted without its header: two address columns, then (after optional args) a module!symbol or 0x address. */
export function isHeaderlessStackRow(text: string): boolean {
  const t = text.trim().split(/\s+/);
  if (t.length < 3 || !COLUMN.test(t[0]!) || !COLUMN.test(t[1]!)) return false;
  const last = t.slice(2).filter((x) => x !== ':' && !COLUMN.test(x));
  if (last.length === 0) return text.includes(' : ');
  return last[0]!.includes('!') || /^0x[0-9a-f`]+$/i.test(last[0]!);
}

/** The second half of a STACK_TEXT row wrapped inside its arguments: "00000000`00000000 : fltmgr!X+0x51". */
export function isWrappedStackTail(text: string): boolean {
  return /^\s*(?:[0-9a-f]{8}`[0-9a-f]{8}|[0-9a-f]{16})(?:\s+(?:[0-9a-f]{8}`[0-9a-f]{8}|[0-9a-f]{16}))*\s+:\s+\S/i.test(text);
}
