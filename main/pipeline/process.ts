import { analyzeReport } from '../../native-free-core/analysis/analyze';
import { applyAnalysis } from '../../native-free-core/analysis/apply';
import type { AnalysisResult } from '../../native-free-core/analysis/types';
import type { ByteSource } from '../../native-free-core/io/byte-source';
import { FunctionRangeFinder } from '../../native-free-core/unwind/function-range';
import { sharedDisassembler } from '../disasm/shared';
import { withFileSource } from '../fs/file-byte-source';
import { openAndWalk, type WalkedDump, type WalkOptions } from './walk';

export interface ProcessOptions extends WalkOptions {
  /** false: stop after the stack walk (same as openAndWalk) */
  analyze?: boolean;
}

export interface ProcessedDump extends WalkedDump {
  analysis?: AnalysisResult;
}

/**
 * The one path every file takes, in the CLI, the import workers and the app:
 * parse by content, find symbols, walk the stack, analyze with iced-x86.
 * Writes the stack, the findings, the bucket and the catalog names into the
 * report. Throws ParseError for bad input.
 */
export function processSource(source: ByteSource, options: ProcessOptions = {}): ProcessedDump {
  const dump: ProcessedDump = openAndWalk(source, options);
  if (options.analyze === false) return dump;
  const before = dump.report;
  const ranges = new FunctionRangeFinder(dump, dump.symbols);
  const analysis = analyzeReport(dump, { disassembler: sharedDisassembler(), functionRange: (address) => ranges.at(address) });
  const report = applyAnalysis(before, analysis);
  // A transcript's own FAILURE_BUCKET_ID is what WinDbg said: keep it over ours.
  if (before.bucket) report.bucket = before.bucket;
  report.extra = { ...report.extra, analysis: { summary: analysis.summary, fault: analysis.fault, groupingSignature: analysis.groupingSignature } };
  return { ...dump, report, analysis };
}

export function processFile(filePath: string, options: ProcessOptions = {}): ProcessedDump {
  return withFileSource(filePath, (source) => processSource(source, options));
}
