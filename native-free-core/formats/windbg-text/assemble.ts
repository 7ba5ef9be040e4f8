import { hex } from '../../model/hex';
import type { Hex } from '../../model/hex';
import type { Arch, CpuContext, CrashReport, ExceptionInfo, InstructionLine, KnownMemory, StackFrame } from '../../model/report';
import { emptyReport } from '../../model/report';
import type { Collected, CollectedAnalysis, CollectedStack } from './collect';
import { chunkHex, codeChunks, TranscriptMemory, type MemoryChunk } from './memory';
import { debugTimeToIso } from './misc';
import { ntstatusName } from './ntstatus';
import { archOfRegisters } from './registers';
import { locationKey, parseSymbol, sameLocation } from './symbol';
import type { RegisterBlock, StackListing, WinDbgTextExtra } from './types';
import { hexOf, parseWinDbgHex } from './values';
import { applyBaseAddress, evaluateAddress, typeMemory, type TypeValueBytes } from './dt';

/** Bug checks whose Arg1 is the exception code and Arg2 the faulting address (as !analyze reads them). */
const EXCEPTION_BUGCHECKS = new Set(['0x1e', '0x3b', '0x7e', '0x1000007e', '0x8e', '0x1000008e', '0x1000001e']);

const ANALYZE_PRIORITY = 0;

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

function contextRank(source: string): number {
  if (source === '!analyze CONTEXT' || source === '!analyze EXCEPTION_CONTEXT') return ANALYZE_PRIORITY;
  if (source === '!analyze TRAP_FRAME') return 1;
  if (source === '.cxr' || source === '.trap' || source === '.ecxr') return 2;
  if (source === 'r') return 3;
  return 4;
}

function pickContext(blocks: RegisterBlock[]): number {
  let best = -1;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (!archOfRegisters(b.registers)) continue;
    if (best < 0 || contextRank(b.source) < contextRank(blocks[best]!.source)) best = i;
  }
  return best;
}

function pickStack(stacks: CollectedStack[]): CollectedStack | undefined {
  return (
    stacks.find((s) => s.fromAnalyze) ??
    stacks.find((s) => s.afterContextSwitch) ??
    stacks.find((s) => !s.thread && s.source !== 'text' && s.source !== 'listing') ??
    stacks.find((s) => s.thread?.marker === 'exception') ??
    stacks.find((s) => s.thread?.marker === 'current') ??
    stacks[0]
  );
}

function pickException(c: Collected, report: CrashReport, primary: CollectedAnalysis | undefined, values: Record<string, string>, lineOf: (k: string) => [number, number] | undefined): ExceptionInfo | undefined {
  const prov = report.provenance;
  const withName = (e: ExceptionInfo, printed?: string): ExceptionInfo => {
    const n = ntstatusName(e.code) ?? printed;
    if (n) e.name = n;
    return e;
  };
  const faultIp = primary?.faultingIp?.address;
  const exr = c.exceptionRecords.find((r) => r.code !== undefined);
  if (exr && exr.code) {
    const address = exr.address ?? faultIp ?? bugcheckExceptionAddress(report);
    if (address !== undefined) {
      const e: ExceptionInfo = { code: exr.code, address };
      if (exr.flags) e.flags = exr.flags;
      if (exr.parameters.length > 0) e.parameters = exr.parameters;
      decodeAccess(e);
      prov['exception'] = { source: 'transcript', detail: exr.source, lines: exr.lines };
      return withName(e, exr.description);
    }
  }
  const bc = report.bugcheck;
  if (bc && EXCEPTION_BUGCHECKS.has(bc.code) && bc.args.length >= 2) {
    const code = hex(BigInt(bc.args[0]!) & 0xffffffffn);
    prov['exception'] = { source: 'derived', detail: `bug check ${bc.code} Arg1 (exception code) and Arg2 (address)`, ...(prov['bugcheck.code']?.lines ? { lines: prov['bugcheck.code'].lines } : {}) };
    return withName({ code, address: bc.args[1]! });
  }
  const ec = values['EXCEPTION_CODE'] ?? values['EXCEPTION_CODE_STR'];
  if (ec) {
    const m = /(?:0x)?([0-9a-f]{8})\b/i.exec(ec);
    const address = faultIp;
    if (m && address) {
      prov['exception'] = { source: 'transcript', detail: '!analyze -v EXCEPTION_CODE', lines: lineOf('EXCEPTION_CODE') ?? lineOf('EXCEPTION_CODE_STR')! };
      return withName({ code: hexOf(m[1]!)!, address });
    }
  }
  if (!bc) {
    const ev = c.lastEvent ?? c.events[0];
    if (ev && ev.code) {
      const evIns = c.instructions.find((i) => i.line.provenance?.lines && i.line.provenance.lines[0] > ev.line && i.line.provenance.lines[0] <= ev.line + 6);
      const address = evIns?.line.address ?? faultIp ?? pcOf(report);
      if (address) {
        prov['exception'] = { source: 'transcript', detail: 'debugger event', lines: [ev.line, ev.line] };
        const e: ExceptionInfo = { code: ev.code, address };
        if (ev.threadId !== undefined) e.threadId = ev.threadId;
        return withName(e, ev.description);
      }
    }
  }
  return undefined;
}

function bugcheckExceptionAddress(report: CrashReport): Hex | undefined {
  const bc = report.bugcheck;
  return bc && EXCEPTION_BUGCHECKS.has(bc.code) ? bc.args[1] : undefined;
}

function pcOf(report: CrashReport): Hex | undefined {
  const r = report.context?.registers;
  return r ? (r['rip'] ?? r['eip']) : undefined;
}

function decodeAccess(e: ExceptionInfo): void {
  if (e.code !== '0xc0000005' || !e.parameters || e.parameters.length < 2) return;
  const kind = Number(BigInt(e.parameters[0]!));
  e.accessType = kind === 1 ? 'write' : kind === 8 ? 'execute' : 'read';
  e.accessAddress = e.parameters[1]!;
}

/**
 * Frame addresses. WinDbg prints each frame's return address (RetAddr), not its
 * own instruction address: frame i's address is row i-1's RetAddr. Frame 0's
 * is the fault: LAST_CONTROL_TRANSFER's "to" when its "from" is row 0's RetAddr,
 * else FAULTING_IP or the context's pc when their symbol is frame 0's. A site
 * printed as a bare address is its own address. When the text shows none of
 * these (elided columns, kc), the address is 0x0 and the frame's provenance says so.
 */
function buildFrames(s: CollectedStack, primary: CollectedAnalysis | undefined, labels: Map<string, Hex>): StackFrame[] {
  const frames: StackFrame[] = [];
  for (let i = 0; i < s.rows.length; i++) {
    const row = s.rows[i]!;
    let address: Hex | undefined = row.site.address;
    if (address === undefined && i > 0) {
      // Inline frames share the instruction address of the physical frame they sit in: skip back over them.
      let k = i - 1;
      while (k > 0 && s.rows[k]!.inline && !s.rows[k]!.returnAddress) k--;
      address = s.rows[k]!.inline && !s.rows[k]!.returnAddress ? frames[k]?.address : s.rows[k]!.returnAddress;
      if (address === '0x0' && frames[k]?.provenance?.detail?.includes('not shown')) address = undefined;
    }
    if (address === undefined && i === 0) address = faultAddressFor(s, row.site, row.returnAddress, primary, labels);
    // Elided columns: LAST_CONTROL_TRANSFER "from" is frame 0's return address, i.e. frame 1's address.
    if (address === undefined && i === 1 && !s.rows[0]!.returnAddress && frames[0]?.address === primary?.lastControlTransfer?.to) address = primary?.lastControlTransfer?.from;
    const frame: StackFrame = { index: i, address: address ?? '0x0', trust: 'transcript' };
    if (row.site.module) frame.module = row.site.module;
    if (row.site.function) frame.function = row.site.function;
    if (row.site.offset) frame.offset = row.site.offset;
    if (row.site.file) frame.file = row.site.file;
    if (row.site.line !== undefined) frame.line = row.site.line;
    if (row.sp) frame.sp = row.sp;
    if (row.returnAddress) frame.returnAddress = row.returnAddress;
    if (row.args) frame.args = row.args;
    if (row.inline) frame.inline = true;
    frame.provenance = { source: 'transcript', detail: address === undefined ? `${s.source} (address not shown in the text)` : s.source, lines: row.lines };
    frames.push(frame);
  }
  return frames;
}

/** Addresses named exactly by a label: register dumps' "module!fn+0x51:" (their pc) and listing labels. First one wins. */
function labelIndex(blocks: RegisterBlock[], instructions: Collected['instructions']): Map<string, Hex> {
  const index = new Map<string, Hex>();
  for (const b of blocks) {
    const pc = b.registers['rip'] ?? b.registers['eip'];
    if (b.symbol && pc) {
      const k = locationKey(parseSymbol(b.symbol));
      if (!index.has(k)) index.set(k, pc);
    }
  }
  for (const ins of instructions) {
    if (!ins.line.symbol) continue;
    const k = locationKey(parseSymbol(ins.line.symbol));
    if (!index.has(k)) index.set(k, ins.line.address);
  }
  return index;
}

function faultAddressFor(s: CollectedStack, site: ReturnType<typeof parseSymbol>, retAddr: Hex | undefined, primary: CollectedAnalysis | undefined, labels: Map<string, Hex>): Hex | undefined {
  const lct = primary?.lastControlTransfer;
  if (lct && retAddr && lct.from === retAddr) return lct.to;
  if (s.contextPc !== undefined) return s.contextPc;
  const fip = primary?.faultingIp;
  if (fip?.address && fip.symbol && sameLocation(parseSymbol(fip.symbol), site)) return fip.address;
  return labels.get(locationKey(site));
}

function archFromText(values: Record<string, string>, c: Collected): Arch | undefined {
  const bucket = values['FAILURE_BUCKET_ID'] ?? values['BUCKET_ID'] ?? '';
  if (/^X64_|_X64_|AMD64/i.test(bucket)) return 'x64';
  if (/^ARM64_/i.test(bucket)) return 'arm64';
  const platform = values['OSPLATFORM_TYPE'] ?? values['TARGET_ARCH'];
  if (platform) {
    if (/x64|amd64/i.test(platform)) return 'x64';
    if (/x86/i.test(platform)) return 'x86';
  }
  let wide = false;
  let narrow = false;
  const look = (h: Hex | undefined) => {
    if (h === undefined) return;
    const v = parseWinDbgHex(h.replace(/^0x/, ''));
    if (v === null) return;
    if (v > 0xffffffffn) wide = true;
    else narrow = true;
  };
  for (const s of c.stacks) for (const r of s.rows) look(r.sp);
  for (const a of c.analyses[0]?.output.args ?? []) look(a.value);
  for (const i of c.instructions) look(i.line.address);
  if (wide) return 'x64';
  if (narrow) return 'x86';
  return undefined;
}

function buildFromKeys(values: Record<string, string>): number | undefined {
  const osb = values['OSBUILD'];
  if (osb && /^\d{3,5}\b/.test(osb.trim())) return Number(/^\d+/.exec(osb.trim())![0]);
  for (const key of ['BUILDOSVER_STR', 'BUILD_VERSION_STRING', 'OS_VERSION', 'BUILDLAB_STR']) {
    const v = values[key];
    if (!v) continue;
    const m = /^\d+\.\d+\.(\d{3,5})\b/.exec(v.trim()) ?? /^(\d{4,5})\.\d+/.exec(v.trim());
    if (m) return Number(m[1]);
  }
  return undefined;
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
