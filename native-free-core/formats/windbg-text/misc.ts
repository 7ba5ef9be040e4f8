import { hex } from '../../model/hex';
import type { Hex } from '../../model/hex';
import type { Line } from './text-lines';
import type { ExpressionResult, LastEvent, TargetInfo } from './types';
import { hexOf, parseWinDbgHex } from './values';

/** `.bugcheck`: "Bugcheck code 0000001e" / "Arguments c0000005 8013cd0a 00000000 0362cffff". */
export function parseBugcheckCommand(lines: Line[]): { code?: Hex; args: Hex[]; lines: [number, number] } | null {
  let code: Hex | undefined;
  let args: Hex[] = [];
  let first = 0;
  let last = 0;
  for (const l of lines) {
    const c = /^\s*Bugcheck code\s+([0-9a-f`]+)/i.exec(l.text);
    if (c) {
      code = hexOf(c[1]!) ?? undefined;
      first ||= l.no;
      last = l.no;
      continue;
    }
    const a = /^\s*Arguments\s+(.*)$/i.exec(l.text);
    if (a) {
      args = a[1]!.trim().split(/\s+/).map((t) => hexOf(t)).filter((v): v is Hex => v !== null);
      first ||= l.no;
      last = l.no;
    }
  }
  if (code === undefined) return null;
  return { code, args, lines: [first, last] };
}

/** "*** Fatal System Error: 0x000000c4" followed by "(0x...,0x...,0x...,0x...)". */
export function parseFatalSystemError(lines: Line[]): { code: Hex; args: Hex[]; lines: [number, number] } | null {
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\*\*\* Fatal System Error:\s*(0x[0-9a-f]+)/i.exec(lines[i]!.text);
    if (!m) continue;
    const code = hexOf(m[1]!)!;
    const next = lines[i + 1];
    const a = next ? /^\s*\(([^)]*)\)/.exec(next.text) : null;
    const args = a ? a[1]!.split(',').map((t) => hexOf(t.trim())).filter((v): v is Hex => v !== null) : [];
    return { code, args, lines: [lines[i]!.no, a ? next!.no : lines[i]!.no] };
  }
  return null;
}

export interface ExceptionRecordText {
  code?: Hex;
  description?: string;
  address?: Hex;
  flags?: Hex;
  parameters: Hex[];
  lines: [number, number];
}

/** .exr output or an EXCEPTION_RECORD value: ExceptionAddress / ExceptionCode / ExceptionFlags / Parameter[n]. */
export function parseExceptionRecord(lines: Line[]): ExceptionRecordText | null {
  const out: ExceptionRecordText = { parameters: [], lines: [0, 0] };
  let found = false;
  for (const l of lines) {
    let m = /^\s*ExceptionAddress:\s*([0-9a-f`x]+)/i.exec(l.text);
    if (m) {
      const a = hexOf(m[1]!);
      if (a !== null) out.address = a;
    } else if ((m = /^\s*ExceptionCode:\s*([0-9a-f`x]+)(?:\s*\((.*)\))?/i.exec(l.text))) {
      const c = parseWinDbgHex(m[1]!);
      if (c !== null) out.code = hex(c & 0xffffffffn);
      if (m[2]) out.description = m[2].trim();
    } else if ((m = /^\s*ExceptionFlags:\s*([0-9a-f]+)/i.exec(l.text))) {
      out.flags = hexOf(m[1]!)!;
    } else if ((m = /^\s*Parameter\[(\d+)\]:\s*([0-9a-f`]+)/i.exec(l.text))) {
      const p = hexOf(m[2]!);
      if (p !== null) out.parameters[Number(m[1])] = p;
    } else continue;
    if (!found) out.lines[0] = l.no;
    out.lines[1] = l.no;
    found = true;
  }
  out.parameters = out.parameters.filter((p) => p !== undefined);
  return found ? out : null;
}

/** `(1450.1424): Integer divide-by-zero - code c0000094 (first chance)`, also after "Last event:". */
const EVENT = /^\s*(?:Last event:\s*)?\(?([0-9a-f]+)\.([0-9a-f]+)\)?:\s*(.*?)\s+-\s+code\s+([0-9a-f]{8})\s*(\((first|second) chance\))?/i;

export function parseEventLine(line: Line): LastEvent | null {
  if (!line.text.includes(' code ')) return null;
  const m = EVENT.exec(line.text);
  if (!m) return null;
  const ev: LastEvent = { text: line.text.trim(), processId: parseInt(m[1]!, 16), threadId: parseInt(m[2]!, 16), description: m[3]!.trim(), code: hexOf(m[4]!)!, line: line.no };
  if (m[6]) ev.firstChance = m[6].toLowerCase() === 'first';
  return ev;
}

/** "Break instruction exception - code 80000003 (first chance)" (no process/thread ids: kernel debugger). */
export function parseKernelEventLine(line: Line): LastEvent | null {
  if (!/exception\s+-\s+code/i.test(line.text)) return null;
  const m = /^\s*(.*?exception)\s+-\s+code\s+([0-9a-f]{8})\s*(\((first|second) chance\))?\s*$/i.exec(line.text);
  if (!m) return null;
  const ev: LastEvent = { text: line.text.trim(), description: m[1]!.trim(), code: hexOf(m[2]!)!, line: line.no };
  if (m[4]) ev.firstChance = m[4].toLowerCase() === 'first';
  return ev;
}

/** `? expr` output: "Evaluate expression: 152 = 00000000`00000098". */
export function parseExpression(expression: string, lines: Line[]): ExpressionResult | null {
  for (const l of lines) {
    const m = /^\s*Evaluate expression:\s*(-?\d+)\s*=\s*([0-9a-f`]+)/i.exec(l.text);
    if (m) {
      const r: ExpressionResult = { expression, decimal: m[1]!, line: l.no };
      const v = hexOf(m[2]!);
      if (v !== null) r.value = v;
      return r;
    }
  }
  return null;
}

/** Build and system facts anywhere in a vertarget block, a banner or !analyze keys. */
export function parseTargetLines(lines: Line[]): TargetInfo | null {
  const first = lines[0]?.no ?? 0;
  const last = lines[lines.length - 1]?.no ?? first;
  const info: TargetInfo = { text: lines.map((l) => l.text).join('\n'), lines: [first, last] };
  let any = false;
  for (const l of lines) {
    const t = l.text;
    let m = /Kernel Version (\d{3,5})\b/i.exec(t);
    if (m) {
      info.osBuild = Number(m[1]);
      any = true;
      const p = /\((\d{1,4}) procs?\)/i.exec(t);
      if (p) info.processors = Number(p[1]);
      else if (/\bUP\b/.test(t)) info.processors = 1;
      const arch = /\b(x64|x86|AMD64|ARM64)\b/i.exec(t);
      if (arch) info.arch = normArch(arch[1]!);
      const prod = /^\s*(Windows.*?) Kernel Version/i.exec(t);
      if (prod) info.product = prod[1]!;
      continue;
    }
    if (t.includes('Connected to') && (m = /Connected to (Windows .*?) (\d{4,5}) (x64|x86|AMD64|ARM64) target/i.exec(t))) {
      info.product = m[1]!;
      info.osBuild = Number(m[2]);
      info.arch = normArch(m[3]!);
      any = true;
      continue;
    }
    if ((m = /^\s*Built by:\s*((\d{3,5})\.\S*)/i.exec(t))) {
      info.buildString = m[1]!;
      info.osBuild ??= Number(m[2]);
      if (/amd64/i.test(m[1]!)) info.arch ??= 'x64';
      else if (/x86/i.test(m[1]!)) info.arch ??= 'x86';
      else if (/arm64/i.test(m[1]!)) info.arch ??= 'arm64';
      any = true;
      continue;
    }
    if ((m = /Kernel base = (0x[0-9a-f`]+)\s+PsLoadedModuleList = (0x[0-9a-f`]+)/i.exec(t))) {
      info.kernelBase = hexOf(m[1]!)!;
      info.psLoadedModuleList = hexOf(m[2]!)!;
      any = true;
      continue;
    }
    if ((m = /^\s*Debug session time:\s*(.*?)\s*$/i.exec(t))) {
      info.debugSessionTime = m[1]!;
      any = true;
      continue;
    }
    if ((m = /^\s*System Uptime:\s*(\d+) days? (\d+):(\d+):(\d+)(?:\.\d+)?/i.exec(t))) {
      info.uptimeSeconds = Number(m[1]) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
      any = true;
    }
  }
  return any ? info : null;
}

function normArch(a: string): 'x64' | 'x86' | 'arm64' {
  const l = a.toLowerCase();
  return l === 'amd64' || l === 'x64' ? 'x64' : l === 'arm64' ? 'arm64' : 'x86';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Thu Aug  4 15:25:05.813 2011 (UTC - 4:00)" -> ISO 8601 in UTC, or undefined. */
export function debugTimeToIso(text: string): string | undefined {
  const m = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?\s+(\d{4})(?:\s*\(UTC\s*([+-])\s*(\d{1,2}):(\d{2})\))?/i.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!.toLowerCase());
  if (month < 0) return undefined;
  let ms = Date.UTC(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number((m[6] ?? '0').padEnd(3, '0')));
  if (m[8]) ms -= (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60000;
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString();
}
