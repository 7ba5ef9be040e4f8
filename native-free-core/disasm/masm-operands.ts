// Operand text of MASM-syntax disassembly (WinDbg's, or iced-x86's formatter as main/disasm/iced.ts sets it up).

/** "rax,qword ptr [rsi+20h]" -> ["rax", "qword ptr [rsi+20h]"]: commas inside brackets or parentheses do not split. */
export function splitOperands(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** A number as WinDbg and iced print MASM: "20h", "0FFFFFFFFh", "0x20", "fffff880`0106f141", "32". */
export function parseMasmNumber(token: string): bigint | undefined {
  const t = token.replace(/`/g, '').trim();
  if (/^[0-9][0-9a-f]*h$/i.test(t)) return BigInt('0x' + t.slice(0, -1));
  if (/^0x[0-9a-f]+$/i.test(t)) return BigInt(t);
  if (/^[0-9a-f]{8,16}$/i.test(t)) return BigInt('0x' + t);
  if (/^\d+$/.test(t)) return BigInt(t);
  return undefined;
}
