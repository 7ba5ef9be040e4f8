import type { Hex } from '../../model/hex';
import type { CpuContext, CrashReport, InstructionLine, KnownMemory } from '../../model/report';
import { emptyReport } from '../../model/report';
import type { Collected } from './collected';
import { chunkHex, codeChunks, TranscriptMemory, type MemoryChunk } from './memory';
import { debugTimeToIso } from './misc';
import { archOfRegisters } from './registers';
import type { StackListing, WinDbgTextExtra } from './types';
import { hexOf } from './values';
import { pickContext, pickException, pickStack } from './select';
import { buildFrames, labelIndex } from './frames';
import { archFromText, buildFromKeys } from './system-facts';
import { applyBaseAddress, evaluateAddress, typeMemory, type TypeValueBytes } from './dt';

export interface Assembled {
  report: CrashReport;
  memory: TranscriptMemory;
}

export function assemble(c: Collected): Assembled {
  const report = emptyReport('windbg-text', 'transcript');
  const prov = report.provenance;
  const primary = c.analyses.find((a) => a.output.bugcheckCode !== undefined || a.keyCount > 0) ?? c.analyses[0];
  const values = primary?.output.values ?? {};
  const valueLines = primary?.output.valueLines ?? {};
  const lineOf = (key: string): [number, number] | undefined => valueLines[key];

  if (c.analyses.length > 1) {
    const codes = c.analyses.map((a) => a.output.bugcheckCode).filter((x) => x !== undefined);
    if (codes.length > 1) report.warnings.push(`the transcript holds ${c.analyses.length} !analyze outputs; the report describes the first (lines ${primary!.output.lines[0]}-${primary!.output.lines[1]})`);
  }

  // Bug check: the !analyze title and Args, else BUGCHECK_CODE/_P1.., else .bugcheck, else "Fatal System Error".
  if (primary && primary.output.bugcheckCode !== undefined && primary.output.banner !== 'Exception Analysis') {
    const args = [...primary.output.args].sort((a, b) => a.index - b.index);
    report.bugcheck = { code: primary.output.bugcheckCode, args: args.map((a) => a.value) };
    if (primary.output.bugcheckName) report.bugcheck.name = primary.output.bugcheckName;
    const titleLine = primary.output.bugcheckLine ?? primary.output.lines[0];
    prov['bugcheck.code'] = { source: 'transcript', detail: '!analyze -v', lines: [titleLine, titleLine] };
    args.forEach((a, i) => (prov[`bugcheck.args[${i}]`] = { source: 'transcript', detail: `!analyze -v Arg${a.index}`, lines: [a.line, a.line] }));
  } else if (values['BUGCHECK_CODE']) {
    const code = hexOf(values['BUGCHECK_CODE'].split(/\s/)[0]!);
    if (code !== null) {
      const args: Hex[] = [];
      for (let i = 1; i <= 4; i++) {
        const v = values[`BUGCHECK_P${i}`];
        const h = v ? hexOf(v.split(/\s/)[0]!) : null;
        if (h !== null) args.push(h);
      }
      report.bugcheck = { code, args };
      prov['bugcheck.code'] = { source: 'transcript', detail: '!analyze -v BUGCHECK_CODE', lines: lineOf('BUGCHECK_CODE')! };
    }
  }
  if (!report.bugcheck) {
    const b = c.bugcheckCommands.find((x) => x.code !== undefined);
    if (b && b.code) {
      report.bugcheck = { code: b.code, args: b.args };
      prov['bugcheck.code'] = { source: 'transcript', detail: b.source, lines: b.lines };
      prov['bugcheck.args'] = { source: 'transcript', detail: b.source, lines: b.lines };
    }
  }

  // Context: the one describing the fault.
  const ctxIndex = pickContext(c.registerBlocks);
  if (ctxIndex >= 0) {
    const rb = c.registerBlocks[ctxIndex]!;
    const arch = archOfRegisters(rb.registers);
    if (arch) {
      const ctx: CpuContext = { arch, registers: rb.registers, provenance: { source: 'transcript', detail: rb.source, lines: rb.lines } };
      report.context = ctx;
      prov['context'] = ctx.provenance!;
      for (const [name, line] of Object.entries(c.registerLines[ctxIndex]!)) prov[`context.registers.${name}`] = { source: 'transcript', detail: rb.source, lines: [line, line] };
    }
  }

  // Exception.
  const exception = pickException(c, report, primary, values, lineOf);
  if (exception) report.exception = exception;

  // Stack.
  const listings: StackListing[] = [];
  const selected = pickStack(c.stacks);
  const labels = c.stacks.length > 0 ? labelIndex(c.registerBlocks, c.instructions) : new Map<string, Hex>();
  for (const s of c.stacks) {
    const frames = buildFrames(s, primary, labels);
    listings.push({ source: s.source, frames, lines: s.lines, selected: s === selected, ...(s.thread ? { threadId: s.thread.threadId } : {}) });
    if (s === selected) {
      report.stack = frames;
      prov['stack'] = { source: 'transcript', detail: s.source, lines: s.lines };
    }
    if (s.thread && !report.threads.some((t) => t.id === s.thread!.threadId)) {
      report.threads.push({ id: s.thread.threadId, frames, ...(s.thread.marker === 'exception' ? { crashed: true } : {}) });
    }
  }
  const crashedThread = c.stacks.find((s) => s.thread?.marker === 'exception')?.thread;

  // System.
  const target = c.targets[0];
  const arch = report.context?.arch ?? target?.arch ?? archFromText(values, c);
  if (arch) {
    report.system.arch = arch;
    prov['system.arch'] = report.context ? { source: 'transcript', detail: 'register block', lines: report.context.provenance!.lines! } : { source: 'derived', detail: 'address width / bucket prefix / target banner' };
  }
  const build = target?.osBuild ?? buildFromKeys(values);
  if (build !== undefined) {
    report.system.osBuild = build;
    prov['system.osBuild'] = target?.osBuild !== undefined ? { source: 'transcript', detail: 'target banner', lines: target.lines } : { source: 'transcript', detail: '!analyze -v', lines: lineOf('OSBUILD') ?? lineOf('BUILDOSVER_STR') ?? lineOf('OS_VERSION') ?? [0, 0] };
  }
  if (target?.processors !== undefined) {
    report.system.processors = target.processors;
    prov['system.processors'] = { source: 'transcript', detail: 'target banner', lines: target.lines };
  }
  if (target?.buildString) report.system.buildString = target.buildString;
  else if (values['BUILDOSVER_STR']) report.system.buildString = values['BUILDOSVER_STR'];
  if (target?.product) report.system.osProduct = target.product;
  if (target?.debugSessionTime) {
    const iso = debugTimeToIso(target.debugSessionTime);
    if (iso) {
      report.crashTime = iso;
      prov['crashTime'] = { source: 'transcript', detail: 'Debug session time', lines: target.lines };
    }
  }
  if (target?.uptimeSeconds !== undefined) report.uptimeSeconds = target.uptimeSeconds;

  // Process and thread.
  const processName = values['PROCESS_NAME'] ?? values['PROCESS_NAME:'];
  if (processName) {
    report.process = processName.split('\n')[0]!.trim();
    prov['process'] = { source: 'transcript', detail: '!analyze -v PROCESS_NAME', lines: lineOf('PROCESS_NAME')! };
  }
  const event = c.lastEvent ?? c.events[0];
  if (event && !report.bugcheck) {
    if (event.processId !== undefined) report.processId = event.processId;
    if (event.threadId !== undefined) report.crashingThreadId = event.threadId;
  }
  if (crashedThread && report.crashingThreadId === undefined) {
    report.crashingThreadId = crashedThread.threadId;
    report.processId ??= crashedThread.processId;
  }

  // Modules (later lm output of the same base wins: lmv has more detail).
  const byBase = new Map<string, (typeof c.modules)[number]>();
  for (const m of c.modules) byBase.set(`${m.base}:${m.unloaded ? 'u' : ''}`, m);
  report.modules = [...byBase.values()];
  if (report.modules.length > 0) {
    const ls = c.modules.map((m) => m.provenance!.lines!);
    prov['modules'] = { source: 'transcript', detail: 'lm', lines: [Math.min(...ls.map((l) => l[0])), Math.max(...ls.map((l) => l[1]))] };
  }

  // Disassembly (deduplicated by address; the first listing that shows bytes wins).
  const disassembly: InstructionLine[] = [];
  const seen = new Map<string, number>();
  for (const ins of c.instructions) {
    const line = { ...ins.line, provenance: { ...ins.line.provenance!, detail: ins.source } };
    const at = seen.get(line.address);
    if (at === undefined) {
      seen.set(line.address, disassembly.length);
      disassembly.push(line);
    } else {
      const prev = disassembly[at]!;
      if (!prev.bytes && line.bytes) disassembly[at] = { ...line, ...(prev.symbol && !line.symbol ? { symbol: prev.symbol } : {}) };
      else {
        if (!prev.annotation && line.annotation) prev.annotation = line.annotation;
        if (!prev.symbol && line.symbol) prev.symbol = line.symbol;
      }
    }
  }
  if (disassembly.length > 0) report.disassembly = disassembly;

  // Known memory: d* dumps, then instruction bytes.
  const known: KnownMemory[] = [];
  const chunks: { address: bigint; bytes: Uint8Array; label?: string }[] = [];
  const knownKeys = new Set<string>();
  const addChunk = (ch: MemoryChunk, detail: string) => {
    const h = chunkHex(ch);
    if (knownKeys.has(`${h.address}:${h.bytes}`)) return;
    knownKeys.add(`${h.address}:${h.bytes}`);
    known.push({ ...h, provenance: { source: 'transcript', detail, lines: [ch.firstLine, ch.lastLine] } });
    chunks.push({ address: ch.address, bytes: ch.bytes, label: detail });
    report.memory.push({ address: h.address, size: ch.bytes.length, source: 'transcript', label: detail });
  };
  for (const ch of c.dataChunks) addChunk(ch, ch.source);
  for (const t of c.types) {
    for (const ch of mergeValues(typeMemory(t, report.system.arch === 'x86' ? 4 : 8))) addChunk(ch, `dt ${t.module ? t.module + '!' : ''}${t.typeName} ${t.addressExpression ?? ''}`.trim());
  }
  for (const ch of codeChunks(disassembly.map((d) => ({ address: d.address, ...(d.bytes ? { bytes: d.bytes } : {}), line: d.provenance!.lines![0] })))) addChunk(ch, 'code bytes');
  if (known.length > 0) report.knownMemory = known;

  // Bucket.
  for (const key of ['FAILURE_BUCKET_ID', 'BUCKET_ID', 'DEFAULT_BUCKET_ID']) {
    const v = values[key];
    if (v && v.trim()) {
      report.bucket = v.split('\n')[0]!.trim();
      prov['bucket'] = { source: 'transcript', detail: `!analyze -v ${key}`, lines: lineOf(key)! };
      break;
    }
  }

  // dt @rcx-8: evaluate register expressions with the fault context.
  if (report.context) {
    for (const t of c.types) {
      if (t.address !== undefined || !t.addressExpression) continue;
      const v = evaluateAddress(t.addressExpression, report.context.registers);
      if (v !== null) {
        applyBaseAddress(t, v);
        t.addressFromRegisters = true;
      }
    }
  }

  const extra: WinDbgTextExtra = {
    analyze: { ...values },
    analyzeLines: { ...valueLines },
    analyses: c.analyses.map((a) => a.output),
    pools: c.pools,
    types: c.types,
    commands: c.commands,
    rawBlocks: c.rawBlocks,
    expressions: c.expressions,
    registerBlocks: c.registerBlocks,
    stacks: listings,
    unreadableMemory: c.unreadable,
  };
  if (c.lastEvent ?? event) extra.lastEvent = (c.lastEvent ?? event)!;
  if (target) extra.vertarget = target;
  report.extra = extra as unknown as Record<string, unknown>;
  report.warnings.push(...c.warnings);
  const recognised = [
    report.bugcheck, report.exception, report.context, report.stack.length, c.analyses.length, known.length, c.pools.length, c.types.length,
    report.modules.length, disassembly.length, c.targets.length, c.expressions.length, c.events.length, c.exceptionRecords.length, c.unreadable.length,
  ].some(Boolean);
  if (!recognised) {
    report.warnings.push('no WinDbg output was recognised in this text');
  }

  const pointerSize = report.system.arch === 'x86' ? 4 : 8;
  return { report, memory: new TranscriptMemory(pointerSize, chunks) };
}

/** Contiguous dt values into chunks; a second value for the same bytes is dropped (the first shown wins). */
function mergeValues(values: TypeValueBytes[]): MemoryChunk[] {
  const sorted = [...values].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const out: MemoryChunk[] = [];
  let cur: { address: bigint; bytes: number[]; firstLine: number; lastLine: number } | null = null;
  for (const v of sorted) {
    const end: bigint = cur ? cur.address + BigInt(cur.bytes.length) : 0n;
    if (cur && v.address < end) continue;
    if (!cur || v.address !== end) {
      if (cur) out.push({ address: cur.address, bytes: Uint8Array.from(cur.bytes), firstLine: cur.firstLine, lastLine: cur.lastLine });
      cur = { address: v.address, bytes: [], firstLine: v.line, lastLine: v.line };
    }
    cur.bytes.push(...v.bytes);
    cur.firstLine = Math.min(cur.firstLine, v.line);
    cur.lastLine = Math.max(cur.lastLine, v.line);
  }
  if (cur) out.push({ address: cur.address, bytes: Uint8Array.from(cur.bytes), firstLine: cur.firstLine, lastLine: cur.lastLine });
  return out;
}
