import { hex } from '../../model/hex';
import type { Line } from './text-lines';
import { indentOf } from './text-lines';
import type { TypeField, TypeOutput } from './types';
import { parseDtNumber, parseWinDbgHex } from './values';

const FIELD = /^(\s*)\+0x([0-9a-f]+)\s+(\S+)\s*:\s?(.*)$/i;
const STATIC_FIELD = /^(\s*)=([0-9a-f`]+)\s+(\S+)\s*:\s?(.*)$/i;
const HEADER = /^\s*(\w+)!(\S+)\s*$/;

/** Splits a dt command line: `dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b`. */
export function parseDtCommand(args: string): { typeName?: string; module?: string; addressExpression?: string; expanded: boolean } {
  const tokens = args.split(/\s+/).filter((t) => t !== '');
  let expanded = false;
  const plain: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/^[/-][a-z]+$/i.test(t)) {
      if (/^[/-][a-z]*b/i.test(t)) expanded = true;
      if (/^[/-][rl]$/i.test(t) || /^-y$/i.test(t)) i++; // -l name / -y prefix take an argument
      continue;
    }
    plain.push(t);
  }
  const out: { typeName?: string; module?: string; addressExpression?: string; expanded: boolean } = { expanded };
  // dt accepts "type address" and "address type"; the type is the token that is not a number/expression.
  const isAddr = (t: string) => /^(@|0x|[0-9a-f`]+([+-][0-9a-f`x]+)*$)/i.test(t);
  const typeTok = plain.find((t) => !isAddr(t));
  const addrTok = plain.find((t) => t !== typeTok && isAddr(t));
  if (typeTok) {
    const bang = typeTok.indexOf('!');
    if (bang > 0) {
      out.module = typeTok.slice(0, bang);
      out.typeName = typeTok.slice(bang + 1);
    } else out.typeName = typeTok;
  }
  if (addrTok) out.addressExpression = addrTok;
  return out;
}

/** "fffff8a00d106d40", "fffffa8008e13270+10" -> the value; null for register expressions. */
export function literalAddress(expr: string): bigint | null {
  return evaluateAddress(expr, {});
}

/** `@rcx-8`, `fffffa8008e13270+10`, `0xfffff8a0'0d106d58`: hex terms and @registers joined by + and -. */
export function evaluateAddress(expr: string, registers: Record<string, string>): bigint | null {
  const parts = expr.replace(/\s+/g, '').split(/(?=[+-])/);
  if (parts.length === 0 || parts.length > 8) return null;
  let v = 0n;
  for (const p of parts) {
    const sign = p.startsWith('-') ? -1n : 1n;
    const term = p.replace(/^[+-]/, '');
    let n: bigint | null;
    if (term.startsWith('@')) {
      const r = registers[term.slice(1).toLowerCase()];
      n = r === undefined ? null : BigInt(r);
    } else n = parseWinDbgHex(term);
    if (n === null) return null;
    v += sign * n;
  }
  return v & 0xffffffffffffffffn;
}

/** Sets the absolute address of the type and of every field inside embedded (not pointed-to) members. */
export function applyBaseAddress(type: TypeOutput, base: bigint): void {
  type.address = hex(base);
  const walk = (fields: TypeField[], at: bigint) => {
    for (const f of fields) {
      if (!/^0x[0-9a-f]+$/i.test(f.offset)) continue;
      const a = (at + BigInt(f.offset)) & 0xffffffffffffffffn;
      f.address = hex(a);
      if (f.children && !(f.type ?? '').startsWith('Ptr')) walk(f.children, a);
    }
  };
  walk(type.fields, base);
}

function interpretRhs(field: TypeField, rhs: string): void {
  const r = rhs.trim();
  if (r === '') return;
  const bits = /^Pos (\d+), (\d+) Bits?$/i.exec(r);
  if (bits) {
    field.type = r;
    field.bitfield = { position: Number(bits[1]), bits: Number(bits[2]) };
    return;
  }
  const firstTok = r.split(/\s+/)[0]!;
  const num = parseDtNumber(firstTok);
  if (num !== null || /^["(\-]/.test(r)) {
    field.value = r;
    if (num !== null) field.numeric = hex(num);
    const typeAfter = /^\S+\s+(_\w+|Ptr(?:32|64)\s+\S+)/.exec(r);
    if (typeAfter) field.type = typeAfter[1]!;
    return;
  }
  if (r.startsWith('[')) {
    // "[4] _KWAIT_BLOCK" is a layout; "[15]  "System"" and "[2] 0x12" show an array's contents.
    const arr = /^(\[[0-9a-fx]+\])\s+(.*)$/i.exec(r);
    if (arr && /^["0-9(]/.test(arr[2]!)) {
      field.type = arr[1]!;
      field.value = arr[2]!;
      return;
    }
    field.type = r;
    return;
  }
  // "_LARGE_INTEGER 0x3f`00067e77", "_UNICODE_STRING "\Device"", "Ptr64 _EPROCESS", "_FLT_TYPE".
  const m = /^(\S+)\s+(.*)$/.exec(r);
  if (!m) {
    field.type = r;
    return;
  }
  const rest = m[2]!;
  const restNum = parseDtNumber(rest.split(/\s+/)[0]!);
  if (restNum !== null || /^["[(]/.test(rest)) {
    field.type = m[1]!;
    field.value = rest;
    if (restNum !== null) field.numeric = hex(restNum);
  } else {
    field.type = r;
  }
}

/** dt output: fields with offsets, names, types and values, nested by indentation (dt /b). */
export function parseDt(args: string, lines: Line[]): { type: TypeOutput; unparsed: Line[] } {
  const cmd = parseDtCommand(args);
  const first = lines[0]?.no ?? 0;
  const last = lines[lines.length - 1]?.no ?? first;
  const type: TypeOutput = { typeName: cmd.typeName ?? '', expanded: cmd.expanded, fields: [], lines: [first, last] };
  if (cmd.module) type.module = cmd.module;
  if (cmd.addressExpression) type.addressExpression = cmd.addressExpression;
  const unparsed: Line[] = [];
  // Stack of (indent, field, absolute address) for nesting.
  const stack: { indent: number; field: TypeField }[] = [];
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    const header = HEADER.exec(line.text);
    if (header && type.fields.length === 0) {
      type.module = header[1]!;
      if (!type.typeName || type.typeName.replace(/^.*!/, '') === header[2]) type.typeName = header[2]!;
      continue;
    }
    const m = FIELD.exec(line.text) ?? STATIC_FIELD.exec(line.text);
    if (!m) {
      unparsed.push(line);
      continue;
    }
    const isStatic = line.text.trimStart().startsWith('=');
    const indent = indentOf(line.text);
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1];
    const field: TypeField = { offset: isStatic ? m[2]! : '0x' + m[2]!.toLowerCase(), name: m[3]!, line: line.no };
    interpretRhs(field, m[4] ?? '');
    if (parent) (parent.field.children ??= []).push(field);
    else type.fields.push(field);
    stack.push({ indent, field });
  }
  const base = cmd.addressExpression ? literalAddress(cmd.addressExpression) : null;
  if (base !== null) applyBaseAddress(type, base);
  return { type, unparsed };
}

export interface TypeValueBytes {
  address: bigint;
  bytes: Uint8Array;
  line: number;
}

const LIST_ENTRY = /\[\s*(0x[0-9a-f]{8}`[0-9a-f]{8})\s+-\s+(0x[0-9a-f]{8}`[0-9a-f]{8})\s*\]\s*$/i;

function qword(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  for (let i = 0; i < 8; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return b;
}

/**
 * The memory a dt output proves, on a 64-bit target: every value WinDbg prints
 * as a 64-bit number (`0xfffff889'0d106d58`) sits at its field's address, and a
 * `_LIST_ENTRY [ flink - blink ]` shows the two pointers of the entry it names;
 * `(null)` is a zero pointer.
 * Only for a literal base address (not one evaluated from registers).
 */
export function typeMemory(type: TypeOutput, pointerSize: 4 | 8): TypeValueBytes[] {
  if (pointerSize !== 8) return [];
  if (type.address === undefined || type.addressFromRegisters) return [];
  const out: TypeValueBytes[] = [];
  const walk = (fields: TypeField[]) => {
    for (const f of fields) {
      if (f.address !== undefined && f.value !== undefined) {
        const at = BigInt(f.address);
        const first = f.value.split(/\s+/)[0]!;
        if ((first.includes('`') || first === '(null)') && f.numeric !== undefined) out.push({ address: at, bytes: qword(BigInt(f.numeric)), line: f.line });
        const list = LIST_ENTRY.exec(f.value);
        if (list) {
          // `[ a - b ]` alone: the entry is the field; after a pointer value: the entry is where it points.
          const entry = f.value.startsWith('[') ? at : f.numeric !== undefined ? BigInt(f.numeric) : null;
          if (entry !== null) {
            out.push({ address: entry, bytes: qword(parseWinDbgHex(list[1]!)!), line: f.line });
            out.push({ address: entry + 8n, bytes: qword(parseWinDbgHex(list[2]!)!), line: f.line });
          }
        }
      }
      if (f.children) walk(f.children);
    }
  };
  walk(type.fields);
  return out;
}
