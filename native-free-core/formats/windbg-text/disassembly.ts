import type { InstructionLine } from '../../model/report';
import type { Line } from './text-lines';
import { hexOf } from './values';

const INSTRUCTION = /^\s*((?:0x)?[0-9a-f]{8}(?:`[0-9a-f]{8})?|(?:0x)?[0-9a-f]{16})\s+([0-9a-f]{2,32}|\?{2,})\s+([a-z][a-z0-9.]*)(?:\s+(.*))?$/i;
const LABEL = /^\s*(\S*!\S.*|[A-Za-z_][\w@?$]*\+0x[0-9a-f]+):\s*$/i;
const ANNOTATION = /^[cdefgs]s:(?:[0-9a-f]{4}:)?[0-9a-f`]+=[0-9a-f?`]+$/i;

export interface ParsedInstruction {
  line: InstructionLine;
}

/** `fffff880'0106f141 488b4620  mov  rax,qword ptr [rsi+20h] ds:...` -> address, bytes, normalized text. */
export function parseInstructionLine(text: string, lineNo: number, symbol?: string): ParsedInstruction | null {
  const m = INSTRUCTION.exec(text);
  if (!m) return null;
  const mnemonic = m[3]!;
  if (/^[0-9a-f]{8}$/i.test(mnemonic)) return null;
  const address = hexOf(m[1]!);
  if (address === null) return null;
  const bytesText = m[2]!;
  const unknownBytes = bytesText.startsWith('?');
  if (!unknownBytes && bytesText.length % 2 !== 0) return null;
  let operands = stripTrailingComment((m[4] ?? '').trim());
  let annotation: string | undefined;
  const lastSpace = operands.search(/\s\S*$/);
  const lastToken = lastSpace >= 0 ? operands.slice(lastSpace + 1) : '';
  if (lastToken && ANNOTATION.test(lastToken)) {
    annotation = lastToken;
    operands = operands.slice(0, lastSpace);
  }
  operands = operands.trim().split(/\s+/).join(' ');
  const line: InstructionLine = {
    address,
    text: operands ? `${mnemonic} ${operands}` : mnemonic,
    provenance: { source: 'transcript', lines: [lineNo, lineNo] },
  };
  if (!unknownBytes) line.bytes = bytesText.toLowerCase();
  if (symbol) line.symbol = symbol;
  if (annotation) line.annotation = annotation;
  return { line };
}

/** `... [The current instruction pointer is NULL.]`: a bracketed sentence the docs append. */
function stripTrailingComment(text: string): string {
  if (!text.endsWith(']')) return text;
  const open = text.lastIndexOf('[');
  if (open <= 0 || !/\s/.test(text[open - 1]!)) return text;
  const inner = text.slice(open + 1, -1);
  if (!/^[A-Z]/.test(inner) || !inner.includes(' ')) return text;
  return text.slice(0, open).trimEnd();
}

/** `fltmgr!TreeUnlinkMulti+0x51:` -> the label. */
export function parseLabelLine(text: string): string | null {
  if (text.includes('=') || /^\s*[A-Z][A-Z0-9_]+:/.test(text)) return null;
  const m = LABEL.exec(text);
  return m ? m[1]!.trim() : null;
}

export interface DisassemblyResult {
  instructions: ParsedInstruction[];
  /** lines neither an instruction, a label nor blank. */
  unparsed: Line[];
}

/** u / ub / uf output, or any run of label + instruction lines; `onLabel` sees every label line. */
export function parseDisassembly(lines: Line[], onLabel?: (label: string) => void): DisassemblyResult {
  const instructions: ParsedInstruction[] = [];
  const unparsed: Line[] = [];
  let label: string | undefined;
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    const l = parseLabelLine(line.text);
    if (l) {
      label = l;
      onLabel?.(l);
      continue;
    }
    const ins = parseInstructionLine(line.text, line.no, label);
    if (ins) {
      instructions.push(ins);
      label = undefined;
      continue;
    }
    unparsed.push(line);
  }
  return { instructions, unparsed };
}
