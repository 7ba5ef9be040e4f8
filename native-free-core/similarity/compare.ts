import type { BugcheckInfo, CrashReport, ExceptionInfo, Finding, ModuleInfo, StackFrame } from '../model/report';
import { alignStacks, sharedFrames, type AlignedRow } from './align';
import { argumentClass, normalizeBugcheckCode } from './crash-code';
import type { FrameStats } from './frame-stats';
import { normalizeModule } from './signature';
import { similarity, type SimilarityResult } from './similarity';
import type { FrameWeights } from './weights';

export type ValueState = 'same' | 'changed' | 'only-left' | 'only-right';

export interface ValueDiff {
  name: string;
  left?: string;
  right?: string;
  state: ValueState;
}

export interface BugcheckDiff {
  left?: BugcheckInfo;
  right?: BugcheckInfo;
  sameCode: boolean;
  /** Each argument with its class (see argumentClass): `sameClass` even where the value changed. */
  args: (ValueDiff & { leftClass?: string; rightClass?: string; sameClass: boolean })[];
}

export interface ExceptionDiff {
  left?: ExceptionInfo;
  right?: ExceptionInfo;
  fields: ValueDiff[];
}

export type ModuleState = 'same' | 'other-version' | 'only-left' | 'only-right';

export interface ModuleDiff {
  /** normalized name (lower case, no extension). */
  name: string;
  left?: ModuleInfo;
  right?: ModuleInfo;
  state: ModuleState;
  /** what differs for `other-version`: version, timestamp, size, debugId. */
  differences?: string[];
}

export interface FindingsDiff {
  both: { kind: string; left: Finding; right: Finding }[];
  onlyLeft: Finding[];
  onlyRight: Finding[];
}

/** The side-by-side comparison of two reports; `crashbench compare --json` prints it as it is. */
export interface Comparison {
  left: ReportHeadline;
  right: ReportHeadline;
  similarity: SimilarityResult;
  stack: AlignedRow[];
  sharedFrames: string[];
  bugcheck: BugcheckDiff;
  exception: ExceptionDiff;
  registers: ValueDiff[];
  modules: ModuleDiff[];
  findings: FindingsDiff;
}

export interface ReportHeadline {
  name?: string;
  format: CrashReport['format'];
  bucket?: string;
  osBuild?: number;
  arch?: string;
  process?: string;
  frames: number;
}

function valueDiff(name: string, left: string | undefined, right: string | undefined): ValueDiff {
  const state: ValueState =
    left === undefined ? 'only-right' : right === undefined ? 'only-left' : left.toLowerCase() === right.toLowerCase() ? 'same' : 'changed';
  return { name, left, right, state };
}

function diffBugcheck(a: CrashReport, b: CrashReport): BugcheckDiff {
  const l = a.bugcheck;
  const r = b.bugcheck;
  const n = Math.max(l?.args.length ?? 0, r?.args.length ?? 0);
  const args: BugcheckDiff['args'] = [];
  for (let i = 0; i < n; i++) {
    const lv = l?.args[i];
    const rv = r?.args[i];
    const leftClass = lv === undefined ? undefined : argumentClass(lv, a.system.arch);
    const rightClass = rv === undefined ? undefined : argumentClass(rv, b.system.arch);
    args.push({ ...valueDiff(`Arg${i + 1}`, lv, rv), leftClass, rightClass, sameClass: leftClass !== undefined && leftClass === rightClass });
  }
  const sameCode = !!l && !!r && normalizeBugcheckCode(l.code) === normalizeBugcheckCode(r.code);
  return { left: l, right: r, sameCode, args };
}

function diffException(a: CrashReport, b: CrashReport): ExceptionDiff {
  const l = a.exception;
  const r = b.exception;
  if (!l && !r) return { fields: [] };
  const fields = [
    valueDiff('code', l?.code, r?.code),
    valueDiff('address', l?.address, r?.address),
    valueDiff('access', l?.accessType, r?.accessType),
    valueDiff('accessAddress', l?.accessAddress, r?.accessAddress),
  ].filter((d) => d.left !== undefined || d.right !== undefined);
  return { left: l, right: r, fields };
}

function diffRegisters(a: CrashReport, b: CrashReport): ValueDiff[] {
  const l = a.context?.registers ?? {};
  const r = b.context?.registers ?? {};
  const names = [...new Set([...Object.keys(l), ...Object.keys(r)])];
  return names.map((n) => valueDiff(n, l[n], r[n]));
}

function diffModules(a: CrashReport, b: CrashReport): ModuleDiff[] {
  const index = (mods: ModuleInfo[]) => {
    const map = new Map<string, ModuleInfo>();
    for (const m of mods) if (!m.unloaded && !map.has(normalizeModule(m.name))) map.set(normalizeModule(m.name), m);
    return map;
  };
  const l = index(a.modules);
  const r = index(b.modules);
  const out: ModuleDiff[] = [];
  for (const [name, left] of l) {
    const right = r.get(name);
    if (!right) {
      out.push({ name, left, state: 'only-left' });
      continue;
    }
    const differences: string[] = [];
    if (left.version && right.version && left.version !== right.version) differences.push('version');
    if (left.timestamp !== undefined && right.timestamp !== undefined && left.timestamp !== right.timestamp) differences.push('timestamp');
    if (left.debugId && right.debugId && left.debugId !== right.debugId) differences.push('debugId');
    if (left.size && right.size && left.size.toLowerCase() !== right.size.toLowerCase()) differences.push('size');
    out.push(differences.length ? { name, left, right, state: 'other-version', differences } : { name, left, right, state: 'same' });
  }
  for (const [name, right] of r) if (!l.has(name)) out.push({ name, right, state: 'only-right' });
  return out;
}

function diffFindings(a: CrashReport, b: CrashReport): FindingsDiff {
  const rightLeft = [...b.findings];
  const both: FindingsDiff['both'] = [];
  const onlyLeft: Finding[] = [];
  for (const f of a.findings) {
    let k = rightLeft.findIndex((g) => g.id === f.id);
    if (k < 0) k = rightLeft.findIndex((g) => g.kind === f.kind);
    if (k < 0) onlyLeft.push(f);
    else both.push({ kind: f.kind, left: f, right: rightLeft.splice(k, 1)[0]! });
  }
  return { both, onlyLeft, onlyRight: rightLeft };
}

function headline(r: CrashReport, name: string | undefined, frames: StackFrame[]): ReportHeadline {
  return { name, format: r.format, bucket: r.bucket, osBuild: r.system.osBuild, arch: r.system.arch, process: r.process, frames: frames.length };
}

export interface CompareOptions {
  stats?: FrameStats;
  weights?: Partial<FrameWeights>;
  leftName?: string;
  rightName?: string;
}

export function compareReports(a: CrashReport, b: CrashReport, options: CompareOptions = {}): Comparison {
  const stack = alignStacks(a.stack, b.stack);
  return {
    left: headline(a, options.leftName, a.stack),
    right: headline(b, options.rightName, b.stack),
    similarity: similarity(a, b, { stats: options.stats, weights: options.weights }),
    stack,
    sharedFrames: sharedFrames(stack),
    bugcheck: diffBugcheck(a, b),
    exception: diffException(a, b),
    registers: diffRegisters(a, b),
    modules: diffModules(a, b),
    findings: diffFindings(a, b),
  };
}
