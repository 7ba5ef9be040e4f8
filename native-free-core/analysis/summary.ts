import { describeBugcheckArgs, lookupBugcheck } from './catalog/bugchecks';
import { lookupNtStatus } from './catalog/ntstatus';
import { hex, parseHex, tryParseHex, windbgAddress } from '../model/hex';
import type { CrashReport } from '../model/report';
import type { AnalysisResult, FaultDescription } from './types';

function statusPhrase(code: bigint): string {
  const name = lookupNtStatus(code)?.name;
  return name ? name.replace(/^(STATUS|DBG)_/, '').toLowerCase().replace(/_/g, ' ') : 'exception';
}

/**
 * `SYSTEM_SERVICE_EXCEPTION (3b): c0000005 access violation reading
 * 0000009d`00000020 in fltmgr!TreeUnlinkMulti+0x51`.
 */
export function oneLineSummary(report: CrashReport, fault: FaultDescription | undefined): string {
  const bits = report.system.arch === 'x86' ? 32 : 64;
  const parts: string[] = [];
  let head = '';
  if (report.bugcheck) {
    const code = tryParseHex(report.bugcheck.code);
    const name = report.bugcheck.name ?? (code !== undefined ? lookupBugcheck(code)?.name : undefined) ?? 'BUGCHECK';
    head = `${name} (${code !== undefined ? code.toString(16) : report.bugcheck.code})`;
  }
  const code = tryParseHex(fault?.exceptionCode ?? report.exception?.code);
  if (code !== undefined) {
    let text = `${(code & 0xffffffffn).toString(16).padStart(8, '0')} ${statusPhrase(code & 0xffffffffn)}`;
    if (fault?.failFastName) text += ` (${fault.failFastName})`;
    const ea = tryParseHex(fault?.effectiveAddress);
    if (ea !== undefined && fault?.access && (code & 0xffffffffn) === 0xc0000005n) {
      text += ` ${fault.access === 'write' ? 'writing' : fault.access === 'execute' ? 'executing' : 'reading'} ${windbgAddress(ea, bits)}`;
    }
    parts.push(text);
  } else {
    const ea = tryParseHex(fault?.effectiveAddress);
    if (ea !== undefined && fault?.access) parts.push(`${fault.access === 'write' ? 'writing' : fault.access === 'execute' ? 'executing' : 'reading'} ${windbgAddress(ea, bits)}`);
  }
  const at = fault?.symbol ?? (fault ? windbgAddress(parseHex(fault.address), bits) : undefined);
  const body = parts.join(' ') + (at ? `${parts.length ? ' ' : ''}in ${at}` : '');
  if (head && body) return `${head}: ${body}`;
  if (head) return `${head}: ${(report.bugcheck?.args ?? []).join(' ')}`.trim();
  return body || 'no crash recorded';
}

function pad(label: string): string {
  return (label + ':').padEnd(22, ' ');
}

/** The `!analyze -v`-like text `crashbench analyze FILE` prints. */
export function formatAnalyzeText(report: CrashReport, analysis: AnalysisResult): string[] {
  const bits = report.system.arch === 'x86' ? 32 : 64;
  const a = (text: string) => {
    const v = tryParseHex(text);
    return v === undefined ? text : windbgAddress(v, bits);
  };
  const lines: string[] = [];
  lines.push(analysis.summary, '');
  if (report.bugcheck) {
    const entry = lookupBugcheck(report.bugcheck.code);
    const code = tryParseHex(report.bugcheck.code);
    lines.push(`${report.bugcheck.name ?? entry?.name ?? 'UNKNOWN_BUGCHECK'} (${code !== undefined ? code.toString(16) : report.bugcheck.code})`);
    if (entry?.description) lines.push(entry.description);
    lines.push('Arguments:');
    for (const d of describeBugcheckArgs(report.bugcheck.code, report.bugcheck.args)) {
      const v = tryParseHex(d.value);
      lines.push(`Arg${d.index + 1}: ${v !== undefined ? v.toString(16).padStart(bits / 4, '0') : d.value}${d.meaning ? ', ' + d.meaning : ''}`);
    }
    lines.push('');
  }
  if (report.exception) {
    const code = tryParseHex(report.exception.code);
    const st = code !== undefined ? lookupNtStatus(code) : undefined;
    lines.push(`${pad('EXCEPTION_CODE')}(NTSTATUS) ${report.exception.code}${st ? ` - ${st.name}: ${st.message}` : ''}`);
    lines.push(`${pad('EXCEPTION_ADDRESS')}${a(report.exception.address)}`);
  }
  const f = analysis.fault;
  if (f) {
    lines.push(`${pad('FAULTING_IP')}${f.symbol ?? ''}`);
    lines.push(`${' '.repeat(22)}${a(f.address)} ${f.instruction?.bytes ?? ''} ${f.instruction?.text ?? '(instruction not in the dump)'}`.replace(/\s+$/, ''));
    if (f.effectiveAddress) lines.push(`${pad('EFFECTIVE_ADDRESS')}${a(f.effectiveAddress)}${f.access ? ` (${f.access})` : ''}`);
    if (f.classes.length) lines.push(`${pad('FAULT_CLASS')}${f.classes.join(', ')}`);
  }
  if (report.process) lines.push(`${pad('PROCESS_NAME')}${report.process}`);
  if (report.context?.registers && Object.keys(report.context.registers).length) {
    lines.push('', 'CONTEXT:');
    const regs = Object.entries(report.context.registers);
    for (let i = 0; i < regs.length; i += 3) {
      lines.push(regs.slice(i, i + 3).map(([n, v]) => `${n}=${(tryParseHex(v) ?? 0n).toString(16).padStart(bits / 4, '0')}`).join(' '));
    }
  }
  if (report.stack.length) {
    lines.push('', 'STACK_TEXT:');
    for (const fr of report.stack) {
      const sym = fr.function ? `${fr.module ? fr.module.replace(/\.(sys|dll|exe)$/i, '') + '!' : ''}${fr.function}${fr.offset ? '+' + fr.offset : ''}` : fr.module ? `${fr.module}+${fr.offset ?? '0x0'}` : a(fr.address);
      lines.push(`${String(fr.index).padStart(2, '0')} ${fr.sp ? a(fr.sp) + ' ' : ''}${a(fr.address)} ${sym} [${fr.trust}]`);
    }
  }
  lines.push('', 'FINDINGS:');
  if (!analysis.findings.length) lines.push('  (none)');
  for (const fi of analysis.findings) {
    lines.push(`  [${fi.severity}] ${fi.kind}: ${fi.text}`);
    if (fi.details) lines.push(`      ${fi.details}`);
  }
  lines.push('');
  if (analysis.bucket) lines.push(`${pad('BUCKET_ID')}${analysis.bucket}`);
  if (analysis.groupingSignature) lines.push(`${pad('GROUPING_SIGNATURE')}${analysis.groupingSignature}`);
  return lines;
}

function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * DESIGN.md's `analyze --json` object. Field names are a contract; absent
 * things are omitted. Expects the report after the pipeline wrote findings,
 * bucket and catalog names into it.
 */
export function toAnalyzeJson(report: CrashReport, meta: { file: string; sha256: string }): Record<string, unknown> {
  const out: Record<string, unknown> = { file: meta.file, sha256: meta.sha256, format: report.format, dumpType: report.dumpType };
  const system: Record<string, unknown> = {};
  if (report.system.arch) system.arch = report.system.arch;
  if (isPresent(report.system.osBuild)) system.osBuild = report.system.osBuild;
  if (isPresent(report.system.processors)) system.processors = report.system.processors;
  out.system = system;
  if (report.bugcheck) {
    const name = report.bugcheck.name ?? lookupBugcheck(report.bugcheck.code)?.name;
    out.bugcheck = { code: normHex(report.bugcheck.code), ...(name ? { name } : {}), args: report.bugcheck.args.map(normHex) };
  }
  if (report.exception) {
    const name = report.exception.name ?? lookupNtStatus(report.exception.code)?.name;
    out.exception = { code: normHex(report.exception.code), ...(name ? { name } : {}), address: normHex(report.exception.address) };
  }
  if (report.process) out.process = report.process;
  const regs = report.context?.registers;
  if (regs && Object.keys(regs).length) out.registers = Object.fromEntries(Object.entries(regs).map(([k, v]) => [k, normHex(v)]));
  out.modules = report.modules.map((m) => ({ name: m.name, base: normHex(m.base), size: normHex(m.size) }));
  out.stack = report.stack.map((f) => {
    const row: Record<string, unknown> = { index: f.index };
    if (f.module) row.module = f.module.replace(/\.(sys|dll|exe)$/i, '');
    if (f.function) row.function = f.function;
    if (f.offset) row.offset = normHex(f.offset);
    row.address = normHex(f.address);
    row.trust = f.trust;
    if (f.inline) row.inline = true;
    return row;
  });
  out.findings = report.findings.map((f) => ({ kind: f.kind, severity: f.severity, text: f.text, evidence: f.evidence, id: f.id }));
  if (report.bucket) out.bucket = report.bucket;
  return out;
}

function normHex(text: string): string {
  const v = tryParseHex(text);
  return v === undefined ? text : hex(v);
}
