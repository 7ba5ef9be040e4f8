import type { Disassembler } from '../disasm/disassembler';
import type { Hex } from '../model/hex';
import type { AddressSpace } from '../model/address-space';
import type { Arch, CrashReport, Finding, Registers } from '../model/report';
import type { PoolTagTable } from './catalog/pool-tags';

/** Start and end (exclusive) of the function holding an address, from .pdata or symbols. */
export type FunctionRangeLookup = (address: bigint) => { start: bigint; end?: bigint } | undefined;

export interface AnalysisDeps {
  disassembler?: Disassembler;
  poolTags?: PoolTagTable;
  functionRange?: FunctionRangeLookup;
}

export type FaultClass =
  | 'null-pointer'
  | 'non-canonical-address'
  | 'user-address-in-kernel'
  | 'write-to-read-only'
  | 'execute-non-code'
  | 'stack-overflow'
  | 'fail-fast'
  | 'misaligned-access'
  | 'breakpoint'
  | 'invalid-instruction'
  | 'divide-by-zero';

/** The fault as analysis sees it; plain JSON (hex strings), so it can travel with the report. */
export interface FaultDescription {
  /** address of the faulting instruction. */
  address: Hex;
  /** "fltmgr!TreeUnlinkMulti+0x51" when a frame names it. */
  symbol?: string;
  module?: string;
  frameIndex?: number;
  instruction?: { text: string; bytes?: string; source: 'disassembler' | 'transcript' };
  access?: 'read' | 'write' | 'execute';
  effectiveAddress?: Hex;
  memoryOperand?: {
    text?: string;
    base?: string;
    baseValue?: Hex;
    index?: string;
    indexValue?: Hex;
    scale: number;
    displacement: Hex;
    size: number;
    segment?: string;
  };
  classes: FaultClass[];
  exceptionCode?: Hex;
  exceptionName?: string;
  failFastCode?: Hex;
  failFastName?: string;
  kernelMode: boolean;
}

/** What every analysis step gets. */
export interface AnalysisContext {
  report: CrashReport;
  memory: AddressSpace;
  arch: Arch | undefined;
  registers: Registers | undefined;
  deps: AnalysisDeps;
}

export interface AnalysisResult {
  findings: Finding[];
  bucket?: string;
  summary: string;
  fault?: FaultDescription;
  groupingSignature?: string;
}
