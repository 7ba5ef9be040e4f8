import { parseHex } from '../../model/hex';
import type { ParsedDump } from '../../model/parsed-dump';
import type { CrashReport } from '../../model/report';
import { buildMinidumpReport } from './build-report';
import { collectMemoryRanges } from './memory-ranges';
import { MinidumpFile } from './minidump-file';
import { MinidumpAddressSpace } from './minidump-memory';
import type { MinidumpStreamEntry } from './report-extras';

function pad(v: string | number | bigint, is32: boolean): string {
  const n = typeof v === 'string' ? parseHex(v) : BigInt(v);
  return n.toString(16).padStart(is32 ? 8 : 16, '0');
}

function reportOf(input: ParsedDump | MinidumpFile): CrashReport {
  if (!(input instanceof MinidumpFile)) return input.report;
  const warnings: string[] = [];
  const memory = new MinidumpAddressSpace(input.source, collectMemoryRanges(input, warnings), 8);
  return buildMinidumpReport(input, memory, warnings);
}

/** What `crashbench info --json` prints for a minidump: plain JSON, the same facts as describeMinidump. */
export function minidumpInfo(input: ParsedDump | MinidumpFile): Record<string, unknown> {
  const r = reportOf(input);
  return {
    format: r.format,
    header: r.extra?.header,
    streams: r.extra?.streams ?? [],
    system: r.system,
    process: r.process,
    processId: r.processId,
    crashTime: r.crashTime,
    uptimeSeconds: r.uptimeSeconds,
    exception: r.exception,
    crashingThreadId: r.crashingThreadId,
    threads: r.threads.map((t) => ({ id: t.id, name: t.name, crashed: t.crashed, stackBase: t.stackBase, stackSize: t.stackSize, teb: t.teb, contextFlags: t.context?.flags })),
    modules: r.modules.map((m) => ({ name: m.name, base: m.base, size: m.size, version: m.version, debugFile: m.debugFile, debugId: m.debugId, codeId: m.codeId, unloaded: m.unloaded })),
    memory: { ranges: r.memory.length, bytes: r.memory.reduce((n, m) => n + m.size, 0) },
    streamsExtra: Object.fromEntries(Object.entries(r.extra ?? {}).filter(([k]) => !['streams', 'header', 'threadInfo'].includes(k))),
    warnings: r.warnings,
  };
}

/** The text `crashbench info` prints for a minidump: streams, system, exception, threads, modules. */
export function describeMinidump(input: ParsedDump | MinidumpFile): string[] {
  const report = reportOf(input);
  const lines: string[] = [];
  const is32 = report.system.arch === 'x86';
  const header = report.extra?.header as { version: string; flags: string; flagNames?: string[] } | undefined;
  const streams = (report.extra?.streams ?? []) as MinidumpStreamEntry[];

  lines.push(`Minidump${header ? ` (MINIDUMP_HEADER version ${header.version}, flags ${header.flags}${header.flagNames ? ` ${header.flagNames.join(' | ')}` : ''})` : ''}, ${streams.length} streams`);
  for (const s of streams) {
    const type = s.name.startsWith('UnknownStream') ? '' : ` (0x${s.type.toString(16)})`;
    lines.push(`  [${s.index}] ${s.name}${type}: ${s.size} bytes at 0x${s.rva.toString(16)}`);
  }

  const sys = report.system;
  const os = [sys.osProduct, sys.osVersion, sys.csdVersion].filter(Boolean).join(' ');
  lines.push(`System: ${sys.arch ?? 'unknown CPU'}${os ? `, ${os}` : ''}${sys.processors !== undefined ? `, ${sys.processors} CPU${sys.processors === 1 ? '' : 's'}` : ''}${sys.cpu ? `, ${sys.cpu}` : ''}`);
  if (sys.buildString) lines.push(`  build ${sys.buildString}`);
  const proc = [report.process, report.processId !== undefined ? `pid ${report.processId}` : undefined].filter(Boolean).join(', ');
  if (proc) lines.push(`Process: ${proc}`);
  if (report.crashTime) lines.push(`Time: ${report.crashTime}${report.uptimeSeconds !== undefined ? ` (process up ${report.uptimeSeconds} s)` : ''}`);

  const ex = report.exception;
  if (ex) {
    let text = `Exception: ${ex.code}${ex.name ? ` ${ex.name}` : ''} at ${ex.address}, thread 0x${(ex.threadId ?? 0).toString(16)}`;
    if (ex.accessType) text += `, ${ex.accessType} of ${ex.accessAddress}`;
    if (ex.subcode) text += `, subcode ${ex.subcode}`;
    lines.push(text);
    if (ex.parameters?.length) lines.push(`  parameters: ${ex.parameters.join(' ')}`);
  } else {
    lines.push('Exception: none (not a crash dump)');
  }

  lines.push(`Threads (${report.threads.length}):`);
  for (const t of report.threads) {
    const ip = t.context && (t.context.registers.eip ?? t.context.registers.rip ?? t.context.registers.pc);
    const parts = [`  0x${t.id.toString(16)}`];
    if (t.crashed) parts.push('[crashed]');
    if (t.name) parts.push(`"${t.name}"`);
    if (ip) parts.push(`ip ${pad(ip, is32)}`);
    if (t.stackBase) parts.push(`stack ${pad(t.stackBase, is32)} +0x${(t.stackSize ?? 0).toString(16)}`);
    lines.push(parts.join(' '));
  }

  const loaded = report.modules.filter((m) => !m.unloaded);
  const unloaded = report.modules.filter((m) => m.unloaded);
  lines.push(`Modules (${loaded.length}):`);
  for (const m of loaded) {
    const base = parseHex(m.base);
    const end = base + parseHex(m.size) - 1n;
    const debug = m.debugFile ? `  ${m.debugFile} ${m.debugId ?? ''}`.trimEnd() : '';
    lines.push(`  ${pad(base, is32)} - ${pad(end, is32)}  ${m.name}  ${m.version ?? '???'}${debug}`);
  }
  if (unloaded.length) {
    lines.push(`Unloaded modules (${unloaded.length}):`);
    for (const m of unloaded) lines.push(`  ${pad(m.base, is32)}  ${m.name}`);
  }
  const extra = report.extra ?? {};
  if (typeof extra.commentA === 'string') lines.push(`Comment (A): ${extra.commentA}`);
  if (typeof extra.commentW === 'string') lines.push(`Comment (W): ${extra.commentW}`);
  if (typeof extra.handleCount === 'number') lines.push(`Handles: ${extra.handleCount}`);
  const assertion = extra.assertion as { Expression: string; Function: string; File: string; Line: number } | undefined;
  if (assertion) lines.push(`Assertion: ${assertion.Expression} in ${assertion.Function} (${assertion.File}:${assertion.Line})`);
  const crashpad = extra.crashpadInfo as { reportId: string; simpleAnnotations?: Record<string, string> } | undefined;
  if (crashpad) {
    lines.push(`Crashpad report ${crashpad.reportId}`);
    for (const [k, v] of Object.entries(crashpad.simpleAnnotations ?? {})) lines.push(`  ${k} = ${v}`);
  }
  const bytes = report.memory.reduce((n, r) => n + r.size, 0);
  lines.push(`Memory: ${report.memory.length} ranges, ${bytes} bytes`);
  if (report.warnings.length) {
    lines.push(`Warnings (${report.warnings.length}):`);
    for (const w of report.warnings) lines.push(`  ${w}`);
  }
  return lines;
}
