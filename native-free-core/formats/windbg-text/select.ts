import { hex } from '../../model/hex';
import type { Hex } from '../../model/hex';
import type { CrashReport, ExceptionInfo } from '../../model/report';
import { type Collected, type CollectedAnalysis, type CollectedStack, pcOf } from './collected';
import { ntstatusName } from './ntstatus';
import { archOfRegisters } from './registers';
import type { RegisterBlock } from './types';
import { hexOf } from './values';

// Which of several candidates describes the fault: context, stack, exception.

/** Bug checks whose Arg1 is the exception code and Arg2 the faulting address (as !analyze reads them). */
const EXCEPTION_BUGCHECKS = new Set(['0x1e', '0x3b', '0x7e', '0x1000007e', '0x8e', '0x1000008e', '0x1000001e']);

const ANALYZE_PRIORITY = 0;

function contextRank(source: string): number {
  if (source === '!analyze CONTEXT' || source === '!analyze EXCEPTION_CONTEXT') return ANALYZE_PRIORITY;
  if (source === '!analyze TRAP_FRAME') return 1;
  if (source === '.cxr' || source === '.trap' || source === '.ecxr') return 2;
  if (source === 'r') return 3;
  return 4;
}

export function pickContext(blocks: RegisterBlock[]): number {
  let best = -1;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (!archOfRegisters(b.registers)) continue;
    if (best < 0 || contextRank(b.source) < contextRank(blocks[best]!.source)) best = i;
  }
  return best;
}

export function pickStack(stacks: CollectedStack[]): CollectedStack | undefined {
  return (
    stacks.find((s) => s.fromAnalyze) ??
    stacks.find((s) => s.afterContextSwitch) ??
    stacks.find((s) => !s.thread && s.source !== 'text' && s.source !== 'listing') ??
    stacks.find((s) => s.thread?.marker === 'exception') ??
    stacks.find((s) => s.thread?.marker === 'current') ??
    stacks[0]
  );
}

export function pickException(c: Collected, report: CrashReport, primary: CollectedAnalysis | undefined, values: Record<string, string>, lineOf: (k: string) => [number, number] | undefined): ExceptionInfo | undefined {
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
      const address = evIns?.line.address ?? faultIp ?? (report.context && pcOf(report.context.registers));
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

function decodeAccess(e: ExceptionInfo): void {
  if (e.code !== '0xc0000005' || !e.parameters || e.parameters.length < 2) return;
  const kind = Number(BigInt(e.parameters[0]!));
  e.accessType = kind === 1 ? 'write' : kind === 8 ? 'execute' : 'read';
  e.accessAddress = e.parameters[1]!;
}

