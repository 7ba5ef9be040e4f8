import type { ByteSource } from '../../io/byte-source';
import { hex } from '../../model/hex';
import { emptyReport, type CpuContext, type CrashReport, type DumpType, type MemoryRegion, type Provenance } from '../../model/report';
import { bitmapSignatureText } from './bitmap-header';
import { readDebuggerData } from './debugger-data';
import type { DUMP_HEADER } from './dump-header';
import { findFaultContext } from './fault-context';
import type { KdbgKeys } from './kdbg-decode';
import { walkLoadedModuleList } from './loaded-modules';
import { readSecondaryData } from './secondary-data';
import type { OpenedKernelMemory } from './open-memory';
import { findBugcheckProcessorContext } from './prcb-context';
import { readTriageProcess } from './triage-process';
import { readSavedContext, readSavedException } from './saved-context';
import { archOf, filetimeToIso, osVersionOf, productTypeName, upTimeSeconds } from './system-info';
import { driverModules, unloadedModules } from './triage-modules';
import type { TRIAGE_DUMP } from './triage-dump';

/** How much stack above the stack pointer a full or bitmap dump report lists as the stack region. */
const STACK_REGION_LIMIT = 0x6000;

function hexFields(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'bigint' || typeof v === 'number') out[k] = hex(v);
    else if (Array.isArray(v)) out[k] = v.map((x) => (typeof x === 'bigint' || typeof x === 'number' ? hex(x) : x));
    else out[k] = v;
  }
  return out;
}

function triageExtra(t: TRIAGE_DUMP): Record<string, unknown> {
  const { bits: _bits, offset, ...fields } = t;
  return { offset: hex(offset), ...hexFields(fields) };
}

export function buildKernelReport(source: ByteSource, h: DUMP_HEADER, dumpType: DumpType, opened: OpenedKernelMemory, warnings: string[], kdbgKeys?: KdbgKeys): CrashReport {
  const report = emptyReport('kernel-dump', dumpType);
  const H = `DUMP_HEADER${h.bits}`;
  const hp = (field: string): Provenance => ({ source: 'header', detail: `${H}.${field}` });
  const arch = archOf(h.MachineImageType);
  const memory = opened.space;

  if (arch) report.system.arch = arch;
  report.system.osBuild = h.MinorVersion;
  const osVersion = osVersionOf(h.MajorVersion, h.MinorVersion);
  if (osVersion) report.system.osVersion = osVersion;
  const product = productTypeName(h.ProductType);
  if (product) report.system.osProduct = product;
  report.system.processors = h.NumberProcessors;
  report.provenance['system.arch'] = hp('MachineImageType');
  report.provenance['system.osBuild'] = hp('MinorVersion');
  report.provenance['system.processors'] = hp('NumberProcessors');

  report.bugcheck = { code: hex(h.BugCheckCode), args: h.BugCheckParameter.map((a) => hex(a)) };
  report.provenance['bugcheck.code'] = hp('BugCheckCode');
  report.provenance['bugcheck.args'] = hp('BugCheckParameter1-4');

  const crashTime = filetimeToIso(h.SystemTime);
  if (crashTime) {
    report.crashTime = crashTime;
    report.provenance['crashTime'] = hp('SystemTime');
  }
  const up = upTimeSeconds(h.SystemUpTime);
  if (up !== undefined) {
    report.uptimeSeconds = up;
    report.provenance['uptimeSeconds'] = hp('SystemUpTime');
  }

  // Contexts: the one saved in the file, the bug-checking processor's (triage), and the fault's.
  const t = opened.triage?.header;
  const savedContext = t && t.ContextOffset
    ? readSavedContext(source, h, t.ContextOffset, `TRIAGE_DUMP${h.bits}.ContextOffset (0x${t.ContextOffset.toString(16)})`)
    : readSavedContext(source, h, h.ContextRecordOffset, `${H}.ContextRecord`);
  const savedException = readSavedException(source, h, t && t.ExceptionOffset ? t.ExceptionOffset : h.ExceptionOffset);
  let threadContext: CpuContext | null = savedContext;
  let stack: { address: bigint; size: number } | null = null;
  const extra: Record<string, unknown> = {};

  if (opened.triage && t) {
    if (t.SizeOfCallStack) stack = { address: t.TopOfStack, size: t.SizeOfCallStack };
    if (arch) {
      const prcb = findBugcheckProcessorContext(source, t, opened.triage.blocks, memory, arch);
      if (prcb) {
        threadContext = prcb.context;
        extra['bugcheckContext'] = { source: prcb.context.provenance?.detail, kprcbFieldOffset: hex(prcb.prcbFieldOffset) };
      }
    }
  } else if (threadContext && arch) {
    const sp = threadContext.registers[arch === 'x64' ? 'rsp' : arch === 'x86' ? 'esp' : 'sp'];
    if (sp) {
      const start = BigInt(sp);
      const got = memory.readPartial ? memory.readPartial(start, STACK_REGION_LIMIT).length : 0;
      if (got) stack = { address: start, size: got };
    }
  }

  const fault = findFaultContext({ arch, bits: h.bits, bugCheckCode: h.BugCheckCode, args: h.BugCheckParameter, memory, savedContext, stack });
  for (const n of fault.notes) warnings.push(n);
  if (fault.context) {
    report.context = fault.context;
    if (fault.contextProvenance) report.provenance['context'] = fault.contextProvenance;
  }
  if (fault.exception) {
    report.exception = fault.exception;
    if (fault.exceptionProvenance) report.provenance['exception'] = fault.exceptionProvenance;
  }
  if (report.context && savedContext && report.context !== savedContext) {
    extra['faultContextMatchesSaved'] = JSON.stringify(report.context.registers) === JSON.stringify(savedContext.registers);
  }

  const proc = t ? readTriageProcess(source, t, h.MinorVersion) : null;
  if (proc) {
    report.process = proc.process;
    report.processId = proc.processId;
    const detail = `TRIAGE_DUMP${h.bits} EPROCESS copy (ImageFileName +0x${proc.offsets.ImageFileName.toString(16)}) and ETHREAD copy (Cid +0x${proc.offsets.Cid.toString(16)}), offsets of build ${h.MinorVersion}`;
    report.provenance['process'] = { source: 'header', detail };
  }
  const threadId = proc?.threadId ?? 0;
  report.threads.push({
    id: threadId,
    name: 'bug-checking thread',
    crashed: true,
    ...(threadContext ? { context: threadContext } : {}),
    ...(stack ? { stackBase: hex(stack.address + BigInt(stack.size)), stackSize: stack.size } : {}),
  });
  report.crashingThreadId = threadId;
  report.provenance['threads'] = proc
    ? { source: 'header', detail: 'thread id from ETHREAD.Cid.UniqueThread of the triage ETHREAD copy' }
    : { source: 'derived', detail: 'thread id is not known for this dump; 0 stands for the bug-checking thread' };

  // Modules.
  if (opened.triage) {
    report.modules = [...driverModules(opened), ...unloadedModules(opened)];
    report.provenance['modules'] = { source: 'header', detail: `TRIAGE_DUMP${h.bits}.DriverListOffset / DriverCount` };
  } else if (h.PsLoadedModuleList && arch) {
    report.modules = walkLoadedModuleList(memory, h.PsLoadedModuleList, memory.pointerSize === 8 ? 64 : 32, warnings);
    report.provenance['modules'] = { source: 'memory', detail: `${H}.PsLoadedModuleList walk` };
  }

  // Memory regions.
  const regions: MemoryRegion[] = [];
  if (opened.triage) {
    for (const r of memory.ranges()) {
      regions.push({ address: hex(r.address), size: r.size, source: r.label === 'call stack' ? 'stack' : 'triage-block', ...(r.label ? { label: r.label } : {}) });
    }
  } else if (stack) {
    regions.push({ address: hex(stack.address), size: stack.size, source: 'stack', label: 'stack of the bug-checking thread (from the stack pointer up)' });
  }
  report.memory = regions;
  if (regions.length) {
    report.provenance['memory'] = opened.triage
      ? { source: 'header', detail: `TRIAGE_DUMP${h.bits} call stack (TopOfStack, SizeOfCallStack), data blocks, debugger data and data page` }
      : { source: 'derived', detail: 'readable bytes from the bug-checking context stack pointer up' };
  }

  let kdbgModuleList: bigint | null = null;
  let kdbgDetail = '';
  if (h.KdDebuggerDataBlock && h.KdDebuggerDataBlock !== 0x4547415045474150n) {
    const kdbg = readDebuggerData(memory, h.KdDebuggerDataBlock, kdbgKeys, warnings);
    extra['kdDebuggerData'] = kdbg.summary;
    kdbgModuleList = kdbg.psLoadedModuleList;
    kdbgDetail = kdbg.detail;
  }
  if (!opened.triage && report.modules.length === 0 && kdbgModuleList && kdbgModuleList !== h.PsLoadedModuleList && arch) {
    report.modules = walkLoadedModuleList(memory, memory.pointerSize === 8 ? kdbgModuleList : kdbgModuleList & 0xffffffffn, memory.pointerSize === 8 ? 64 : 32, warnings);
    report.provenance['modules'] = { source: 'memory', detail: kdbgDetail };
  }

  const { bits: _b, BugCheckParameter, PhysicalMemoryBlock, ...plain } = h;
  extra['header'] = {
    ...hexFields(plain),
    BugCheckParameter1: hex(BugCheckParameter[0]),
    BugCheckParameter2: hex(BugCheckParameter[1]),
    BugCheckParameter3: hex(BugCheckParameter[2]),
    BugCheckParameter4: hex(BugCheckParameter[3]),
    PhysicalMemoryBlock: PhysicalMemoryBlock.unused
      ? 'unused'
      : { NumberOfRuns: hex(PhysicalMemoryBlock.NumberOfRuns), NumberOfPages: hex(PhysicalMemoryBlock.NumberOfPages), Run: PhysicalMemoryBlock.Run.map((r) => ({ BasePage: hex(r.BasePage), PageCount: hex(r.PageCount) })) },
    ...(savedException ? { Exception: hexFields(savedException) } : {}),
  };
  if (t) {
    extra['triage'] = triageExtra(t);
    extra['triageDataBlocks'] = opened.triage!.blocks.length;
  }
  if (opened.bitmap) {
    const b = opened.bitmap;
    extra['bitmap'] = { offset: hex(b.offset), layout: b.layout, Signature: bitmapSignatureText(b.Signature), FirstPage: hex(b.FirstPage), TotalPresentPages: hex(b.TotalPresentPages), Pages: hex(b.Pages) };
  }
  if (opened.physical) {
    extra['physicalMemory'] = {
      presentPages: opened.physical.presentPages,
      pagingMode: opened.pagingMode,
      runs: opened.physical.runs(64).map((r) => ({ address: hex(r.address), pages: r.pages })),
    };
  }
  // Secondary data follows the dump proper: after SizeOfDump (triage) or after the last page.
  const dumpEnd = t
    ? t.SizeOfDump
    : opened.bitmap
      ? opened.bitmap.FirstPage + (opened.physical?.presentPages ?? 0) * 0x1000
      : opened.physical
        ? (h.bits === 64 ? 0x2000 : 0x1000) + opened.physical.presentPages * 0x1000
        : 0;
  const secondary = readSecondaryData(source, dumpEnd, warnings);
  if (secondary) {
    extra['secondaryData'] = {
      offset: hex(secondary.offset),
      BuildNumber: hex(secondary.BuildNumber),
      blobs: secondary.blobs.map((b) => ({ Tag: b.Tag, DataOffset: hex(b.DataOffset), DataSize: hex(b.DataSize) })),
    };
  }
  report.extra = extra;
  report.warnings = warnings;
  return report;
}
