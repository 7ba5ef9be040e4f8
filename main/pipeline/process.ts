import { analyzeReport } from '../../native-free-core/analysis/analyze';
import { applyAnalysis } from '../../native-free-core/analysis/apply';
import { lookupBugcheck, lookupNtStatus } from '../../native-free-core/analysis/catalog';
import type { AnalysisResult } from '../../native-free-core/analysis/types';
import { openDump } from '../../native-free-core/formats/open';
import type { ByteSource } from '../../native-free-core/io/byte-source';
import type { ParsedDump } from '../../native-free-core/model/parsed-dump';
import type { SymbolProvider } from '../../native-free-core/symbols/types';
import { FunctionRangeFinder } from '../../native-free-core/unwind/function-range';
import { toReportFrames, type WalkedFrame } from '../../native-free-core/unwind/frame';
import { walkStack } from '../../native-free-core/unwind/walk';
import { IcedDisassembler } from '../disasm/iced';
import { withFileSource } from '../fs/file-byte-source';
import { resolveSymbols } from '../symbols/symbol-path';
import { symbolPathFromEnvironment } from './symbol-path-setting';

export interface ProcessOptions {
  /** symbol folders; defaults to _NT_SYMBOL_PATH's local folders */
  symbolPath?: string[];
  /** skip analysis (stackwalk only) */
  analyze?: boolean;
}

export interface ProcessedDump extends ParsedDump {
  /** the walker's frames with their recovered registers (for Breakpad-style output) */
  walkedFrames: WalkedFrame[];
  analysis?: AnalysisResult;
  /** "symbols not found for X (looked in …)" and the like */
  symbolMessages: string[];
  symbols: SymbolProvider;
}

let disassembler: IcedDisassembler | undefined;
function sharedDisassembler(): IcedDisassembler {
  disassembler ??= new IcedDisassembler();
  return disassembler;
}

/**
 * The one path every file takes, in the CLI, the import workers and the app:
 * parse by content, find symbols, walk the stack, analyze. Writes the stack,
 * the findings, the bucket and the catalog names into the report. Throws
 * ParseError for bad input.
 */
export function processSource(source: ByteSource, options: ProcessOptions = {}): ProcessedDump {
  const parsed = openDump(source);
  const report = parsed.report;
  const symbolPath = options.symbolPath ?? symbolPathFromEnvironment();
  const resolved = resolveSymbols(report.modules, symbolPath);
  let walkedFrames: WalkedFrame[] = [];
  // Transcripts carry the debugger's own stack; dumps are walked from the fault context.
  if (report.format !== 'windbg-text') {
    try {
      walkedFrames = walkStack(parsed, resolved.provider);
      if (walkedFrames.length > 0) {
        report.stack = toReportFrames(walkedFrames);
        report.provenance['stack'] = { source: 'derived', detail: 'stack walk from the fault context over dump memory' };
      }
    } catch (e) {
      report.warnings.push(`stack walk stopped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  nameCodes(parsed);
  let analysis: AnalysisResult | undefined;
  if (options.analyze !== false) {
    const ranges = new FunctionRangeFinder(parsed, resolved.provider);
    analysis = analyzeReport(parsed, { disassembler: sharedDisassembler(), functionRange: (address) => ranges.at(address) });
    parsed.report = applyAnalysis(report, analysis);
    // A transcript's own FAILURE_BUCKET_ID is what WinDbg said: keep it over ours.
    if (report.bucket) parsed.report.bucket = report.bucket;
    parsed.report.extra = { ...parsed.report.extra, analysis: { summary: analysis.summary, fault: analysis.fault, groupingSignature: analysis.groupingSignature } };
  }
  if (resolved.messages.length) parsed.report.extra = { ...parsed.report.extra, symbolMessages: resolved.messages };
  return { ...parsed, walkedFrames, analysis, symbolMessages: resolved.messages, symbols: resolved.provider };
}

/** Bugcheck and exception names from the catalogs, where the format did not name them. */
function nameCodes(parsed: ParsedDump): void {
  const r = parsed.report;
  if (r.bugcheck && !r.bugcheck.name) r.bugcheck.name = lookupBugcheck(r.bugcheck.code)?.name;
  if (r.exception && !r.exception.name) r.exception.name = lookupNtStatus(r.exception.code)?.name;
}

export function processFile(filePath: string, options: ProcessOptions = {}): ProcessedDump {
  return withFileSource(filePath, (source) => processSource(source, options));
}
