import { isParseError } from '../../io/parse-error';
import { hex } from '../../model/hex';
import type { Arch, CpuContext, CrashReport, ModuleInfo, StackFrame, ThreadInfo } from '../../model/report';
import { emptyReport } from '../../model/report';
import { type DecodeContextOptions, decodeContext, detectContextArch, instructionPointerName } from '../cpu-context/decode-context';
import { interpretException } from './interpret-exception';
import { baseName, interpretModule, interpretUnloadedModule } from './interpret-module';
import { interpretSystemInfo } from './interpret-system';
import type { MinidumpFile } from './minidump-file';
import type { MinidumpAddressSpace } from './minidump-memory';
import { MINIDUMP_MISC1_PROCESS_ID, MINIDUMP_VERSION, MINIDUMP_MISC1_PROCESS_TIMES, type MINIDUMP_LOCATION_DESCRIPTOR, streamTypeName } from './raw';
import { minidumpExtras } from './report-extras';

const MAX_CONTEXT_BYTES = 0x1000;
const STREAM = (detail: string) => ({ source: 'stream' as const, detail });

/** Runs one step; a ParseError becomes a warning and the report goes on without that part. */
export function attempt<V>(warnings: string[], what: string, fn: () => V): V | undefined {
  try {
    return fn();
  } catch (e) {
    if (!isParseError(e)) throw e;
    warnings.push(`${what}: ${e.message}`);
    return undefined;
  }
}

/** Decodes the CONTEXT at a location; the record's own CPU flags win over SystemInfo's architecture (WOW64 dumps). */
export function readContext(file: MinidumpFile, loc: MINIDUMP_LOCATION_DESCRIPTOR, arch: Arch | undefined, detail: string, options: DecodeContextOptions = {}): CpuContext | undefined {
  if (loc.DataSize === 0) return undefined;
  // The fixed CONTEXT is at most 0x4d0 bytes; XSTATE data after it is not decoded, so it is not read.
  const bytes = file.readLocation({ DataSize: Math.min(loc.DataSize, MAX_CONTEXT_BYTES), Rva: loc.Rva }, detail).bytes;
  const contextArch = detectContextArch(bytes) ?? arch;
  if (!contextArch) return undefined;
  const ctx = decodeContext(bytes, contextArch, file.name, loc.Rva, options);
  ctx.provenance = STREAM(detail);
  return ctx;
}

function moduleAt(modules: ModuleInfo[], address: bigint): ModuleInfo | undefined {
  for (const m of modules) {
    if (m.unloaded) continue;
    const base = BigInt(m.base);
    if (address >= base && address < base + BigInt(m.size)) return m;
  }
  return undefined;
}

/** The normalized CrashReport of a minidump. Damaged streams leave warnings, never a half-thrown report. */
export function buildMinidumpReport(file: MinidumpFile, memory: MinidumpAddressSpace, memoryWarnings: string[]): CrashReport {
  const report = emptyReport('minidump', 'minidump');
  const w = report.warnings;
  w.push(...memoryWarnings);

  if ((file.header.Version & 0xffff) !== MINIDUMP_VERSION) {
    w.push(`MINIDUMP_HEADER.Version 0x${file.header.Version.toString(16)}: the low word is not MINIDUMP_VERSION 0xa793; read as a minidump anyway`);
  }
  const seen = new Set<number>();
  for (const d of file.directory) {
    if (d.StreamType !== 0 && seen.has(d.StreamType)) w.push(`${streamTypeName(d.StreamType)} appears more than once; the first one is used`);
    seen.add(d.StreamType);
    if (d.Location.Rva + d.Location.DataSize > file.source.size) {
      w.push(`${streamTypeName(d.StreamType)}: ${d.Location.DataSize} bytes at RVA 0x${d.Location.Rva.toString(16)} run past the end of the file (0x${file.source.size.toString(16)})`);
    }
  }

  const si = attempt(w, 'SystemInfoStream', () => file.systemInfo());
  if (si) {
    const csd = attempt(w, 'SystemInfoStream.CSDVersion', () => file.csdVersion());
    report.system = interpretSystemInfo(si, csd);
    report.provenance.system = STREAM('SystemInfoStream');
    if (!report.system.arch) w.push(`SystemInfoStream: processor architecture ${si.ProcessorArchitecture} is not decoded (x86, AMD64 and ARM64 are)`);
  }
  const arch = report.system.arch;

  if (file.header.TimeDateStamp !== 0) {
    report.crashTime = new Date(file.header.TimeDateStamp * 1000).toISOString();
    report.provenance.crashTime = { source: 'header', detail: 'MINIDUMP_HEADER.TimeDateStamp' };
  }

  const misc = attempt(w, 'MiscInfoStream', () => file.miscInfo());
  const contextOptions: DecodeContextOptions = {};
  if (misc?.XStateData) contextOptions.xstateFeatures = new Map(misc.XStateData.Features.map((f) => [f.Index, f]));
  if (misc) {
    if (misc.Flags1 & MINIDUMP_MISC1_PROCESS_ID) {
      report.processId = misc.ProcessId;
      report.provenance.processId = STREAM('MiscInfoStream');
    }
    if (misc.Flags1 & MINIDUMP_MISC1_PROCESS_TIMES && misc.ProcessCreateTime !== 0 && file.header.TimeDateStamp >= misc.ProcessCreateTime) {
      report.uptimeSeconds = file.header.TimeDateStamp - misc.ProcessCreateTime;
      report.provenance.uptimeSeconds = STREAM('MiscInfoStream.ProcessCreateTime');
    }
    if (misc.BuildString) report.system.buildString = misc.BuildString;
  }

  // Modules: the first ModuleList entry is the main executable.
  for (const m of attempt(w, 'ModuleListStream', () => file.moduleList()) ?? []) {
    const path = attempt(w, 'ModuleListStream', () => file.moduleName(m)) ?? '';
    const cv = attempt(w, `ModuleListStream (${baseName(path)})`, () => file.codeView(m));
    report.modules.push(interpretModule(m, path, cv));
  }
  if (report.modules.length > 0) {
    report.provenance.modules = STREAM('ModuleListStream');
    report.process = report.modules[0]!.name;
    report.provenance.process = STREAM('ModuleListStream[0]');
  }
  for (const m of attempt(w, 'UnloadedModuleListStream', () => file.unloadedModuleList()) ?? []) {
    const path = attempt(w, 'UnloadedModuleListStream', () => file.moduleName(m)) ?? '';
    report.modules.push(interpretUnloadedModule(m, path));
  }

  const ex = attempt(w, 'ExceptionStream', () => file.exception());
  if (ex) {
    report.exception = interpretException(ex, arch, w);
    report.provenance.exception = STREAM('ExceptionStream');
    report.crashingThreadId = ex.ThreadId;
    report.provenance.crashingThreadId = STREAM('ExceptionStream.ThreadId');
    const ctx = attempt(w, 'ExceptionStream.ThreadContext', () => readContext(file, ex.ThreadContext, arch, 'ExceptionStream.ThreadContext', contextOptions));
    if (ctx) {
      report.context = ctx;
      report.provenance.context = STREAM('ExceptionStream.ThreadContext');
    }
  }

  const names = new Map<number, string>();
  for (const n of attempt(w, 'ThreadNamesStream', () => file.threadNames()) ?? []) names.set(n.ThreadId, n.Name);
  let threadStream = 'ThreadListStream';
  let threads = attempt(w, threadStream, () => file.threadList());
  if (!threads) {
    threadStream = 'ThreadExListStream';
    threads = attempt(w, threadStream, () => file.threadExList()) ?? [];
  }
  for (const t of threads) {
    const info: ThreadInfo = { id: t.ThreadId };
    // stackBase is the lowest captured stack address (MINIDUMP_THREAD.Stack.StartOfMemoryRange); absent when no stack was captured.
    if (t.Stack.Memory.DataSize > 0) {
      info.stackBase = hex(t.Stack.StartOfMemoryRange);
      info.stackSize = t.Stack.Memory.DataSize;
    }
    if (t.Teb !== 0n) info.teb = hex(t.Teb);
    const name = names.get(t.ThreadId);
    if (name !== undefined) info.name = name;
    const ctx = attempt(w, `thread 0x${t.ThreadId.toString(16)} context`, () => readContext(file, t.ThreadContext, arch, `${threadStream}.ThreadContext`, contextOptions));
    if (ctx) info.context = ctx;
    if (ex && t.ThreadId === ex.ThreadId) info.crashed = true;
    report.threads.push(info);
  }
  if (threads.length > 0) report.provenance.threads = STREAM(threadStream);
  if (ex && !report.context) {
    // No usable context in the exception stream: the crashing thread's own context is the next best (Breakpad does the same).
    const crashed = report.threads.find((t) => t.crashed && t.context);
    if (crashed) {
      report.context = crashed.context!;
      report.provenance.context = STREAM(`${threadStream}.ThreadContext (crashing thread)`);
      w.push(`ExceptionStream has no usable thread context; the crashing thread's context from ${threadStream} is used`);
    }
  }

  const top = topFrame(report);
  if (top) {
    report.stack.push(top);
    report.provenance.stack = top.provenance!;
  }

  // Contiguous ranges from the same list are one region to a reader (full dumps have thousands of them).
  let last: { end: bigint; label: string; region: CrashReport['memory'][number] } | undefined;
  for (const r of memory.ranges()) {
    const label = r.label ?? 'memory';
    if (last && last.end === r.address && last.label === label) {
      last.region.size += r.size;
      last.end += BigInt(r.size);
      continue;
    }
    const region = { address: hex(r.address), size: r.size, source: label.startsWith('stack') ? ('stack' as const) : ('dump' as const), label };
    report.memory.push(region);
    last = { end: r.address + BigInt(r.size), label, region };
  }
  if (report.memory.length > 0) report.provenance.memory = STREAM('MemoryListStream / Memory64ListStream');

  report.extra = minidumpExtras(file, w);
  return report;
}

/** The crashing thread's top frame: the instruction pointer of the exception context. The stack walker adds the rest. */
function topFrame(report: CrashReport): StackFrame | undefined {
  const ctx = report.context;
  if (!ctx) return undefined;
  const ip = ctx.registers[instructionPointerName(ctx.arch)];
  if (!ip) return undefined;
  const frame: StackFrame = { index: 0, address: ip, trust: 'context', provenance: report.provenance.context ?? STREAM('ExceptionStream.ThreadContext') };
  const sp = ctx.registers[ctx.arch === 'x86' ? 'esp' : ctx.arch === 'x64' ? 'rsp' : 'sp'];
  if (sp) frame.sp = sp;
  const m = moduleAt(report.modules, BigInt(ip));
  if (m) {
    frame.module = m.name;
    frame.offset = hex(BigInt(ip) - BigInt(m.base));
  }
  return frame;
}
