import { parseHex } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';
import type { Arch, Finding, Registers } from '../model/report';
import { isKernelAddress } from './addresses';
import { structureAnomalies, structureFromMemory, structuresFromTranscript } from './anomalies';
import { bucketId, groupingSignature } from './bucket';
import { defaultPoolTags } from './catalog/pool-tags';
import { codeAroundFault } from './code';
import { describeFault, faultFindings } from './fault';
import { sortFindings } from './findings';
import { memoryWithKnownBytes } from './known-memory';
import { attachStructure, findPoolBlockInMemory, findPoolBlockInTranscript, poolFinding, type PoolBlockInfo } from './pool';
import { provenanceFindings, traceRegister, type RegisterProvenance } from './provenance';
import { fullRegisterName, registerValue } from './registers';
import { oneLineSummary } from './summary';
import { transcriptPools } from './transcript-extra';
import type { AnalysisContext, AnalysisDeps, AnalysisResult } from './types';

function faultRegisters(parsed: ParsedDump): Registers | undefined {
  const r = parsed.report;
  if (r.context?.registers && Object.keys(r.context.registers).length) return r.context.registers;
  const crashed = r.threads.find((t) => t.crashed) ?? r.threads.find((t) => t.id === r.crashingThreadId);
  return crashed?.context?.registers;
}

function archOf(parsed: ParsedDump): Arch | undefined {
  const r = parsed.report;
  return r.system.arch ?? r.context?.arch ?? (parsed.memory.pointerSize === 4 ? 'x86' : undefined);
}

/**
 * Turns a parsed dump or transcript into findings, each naming its evidence:
 * the fault decoded and classified, the faulting register traced back to the
 * instruction that loaded it and compared with that memory, pointer anomalies
 * in the structures shown, and the pool blocks involved. Pure: the input is
 * not changed.
 */
export function analyzeReport(parsed: ParsedDump, deps: AnalysisDeps = {}): AnalysisResult {
  const report = parsed.report;
  const arch = archOf(parsed);
  const ctx: AnalysisContext = {
    report, arch, registers: faultRegisters(parsed), memory: memoryWithKnownBytes(parsed.memory, report),
    deps: { ...deps, poolTags: deps.poolTags ?? defaultPoolTags() },
  };
  const findings: Finding[] = [];
  const described = safely(() => describeFault(ctx));
  const fault = described?.fault;
  const traces: RegisterProvenance[] = [];
  if (described && fault) {
    findings.push(...faultFindings(ctx, fault));
    const mem = described.instruction?.memory;
    const regs = [mem?.base, mem?.index].filter((r): r is string => !!r && r !== 'rip' && r !== 'eip' && r !== 'rsp' && r !== 'esp');
    if (regs.length) {
      const code = safely(() => codeAroundFault(ctx, parseHex(fault.address)));
      for (const reg of regs) {
        const value = registerValue(ctx.registers, reg, arch);
        if (!code || value === undefined) continue;
        const trace = safely(() => traceRegister(ctx, code, fullRegisterName(reg, arch), value));
        if (trace) {
          traces.push(trace);
          findings.push(...provenanceFindings(ctx, trace));
        }
      }
    }
  }
  findings.push(...poolFindings(ctx, traces));
  for (const s of structuresFromTranscript(ctx)) findings.push(...structureAnomalies(ctx, s));
  if (!structuresFromTranscript(ctx).some((s) => s.address !== undefined)) findings.push(...memoryStructureAnomalies(ctx, traces));

  const result: AnalysisResult = { findings: sortFindings(findings), summary: oneLineSummary(report, fault), groupingSignature: groupingSignature(report) };
  const bucket = bucketId(report);
  if (bucket) result.bucket = bucket;
  if (fault) result.fault = fault;
  return result;
}

/** Analysis never takes the report down: a step that throws on odd input is skipped. */
function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function registerLabel(ctx: AnalysisContext, value: bigint): string | undefined {
  for (const [name, text] of Object.entries(ctx.registers ?? {})) {
    try {
      if (parseHex(text) === value && !/^(rsp|esp|rbp|ebp|rip|eip)$/.test(name)) return name;
    } catch {
      // skip
    }
  }
  return undefined;
}

function poolFindings(ctx: AnalysisContext, traces: RegisterProvenance[]): Finding[] {
  const candidates: { address: bigint; label?: string }[] = [];
  const add = (address: bigint | undefined, label?: string) => {
    if (address === undefined || !isKernelAddress(address, ctx.arch) || candidates.some((c) => c.address === address)) return;
    candidates.push({ address, label });
  };
  for (const t of traces) {
    const load = t.load;
    if (!load) continue;
    add(load.sourceAddress, load.sourceBase && load.sourceBaseValue === load.sourceAddress ? load.sourceBase : `source of ${load.register}`);
    add(load.memoryValue, load.sourceBase ? `[${load.sourceBase}]` : undefined);
  }
  for (const pool of transcriptPools(ctx.report)) {
    try {
      if (pool.address) {
        const a = parseHex(pool.address);
        add(a, registerLabel(ctx, a));
      }
    } catch {
      // skip
    }
  }
  const out: Finding[] = [];
  const tags = ctx.deps.poolTags ?? defaultPoolTags();
  for (const c of candidates) {
    let info: PoolBlockInfo | undefined = safely(() => findPoolBlockInTranscript(ctx.report, ctx.arch, c.address, tags));
    info ??= safely(() => findPoolBlockInMemory(ctx.memory, ctx.arch, c.address, tags));
    if (!info) continue;
    attachStructure(ctx.report, info);
    out.push(poolFinding(info, ctx.arch, c.label ?? registerLabel(ctx, c.address)));
  }
  return out;
}

/** Without `dt` output, scan the pool block (or the neighbourhood) the faulting pointer was loaded from. */
function memoryStructureAnomalies(ctx: AnalysisContext, traces: RegisterProvenance[]): Finding[] {
  const out: Finding[] = [];
  for (const t of traces) {
    const src = t.load?.sourceAddress;
    if (src === undefined) continue;
    const block = safely(() => findPoolBlockInMemory(ctx.memory, ctx.arch, src, ctx.deps.poolTags));
    const start = block ? block.bodyAddress : (src - 0x40n) & ~7n;
    const size = block ? Math.min(block.size - block.headerSize, 0x400) : 0x80;
    const s = structureFromMemory(ctx, block ? `pool block ${block.tag}` : 'memory', start, size);
    if (s) out.push(...structureAnomalies(ctx, s));
  }
  return out;
}
