import path from 'node:path';
import { formatAnalyzeText, toAnalyzeJson } from '../../../native-free-core/analysis/summary';
import { formatBreakpadStack, formatWinDbgStack } from '../../../native-free-core/unwind/format';
import { sha256File } from '../../fs/sha256';
import { processFile, type ProcessedDump } from '../../pipeline/process';
import { symbolPathFrom } from '../../symbols/symbol-path';
import { flagBool, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { describeFileError } from '../errors';
import { printJson, type CliIO } from '../io';

function symbolPathOf(args: ParsedArgs): string[] {
  const cli = flagString(args, 'symbols');
  return symbolPathFrom({ cli: cli ? [cli] : [], env: process.env });
}

/** Runs the pipeline on the one FILE argument; a bad file is one line on stderr and exit 1. */
function processArg(args: ParsedArgs, io: CliIO, analyze: boolean): { file: string; result: ProcessedDump } | number {
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('give exactly one FILE');
  try {
    return { file, result: processFile(file, { symbolPath: symbolPathOf(args), analyze }) };
  } catch (e) {
    io.err(`crashbench: ${describeFileError(file, e)}`);
    return EXIT_BAD_INPUT;
  }
}

export const analyzeCommand: Command = {
  name: 'analyze',
  usage: 'analyze FILE [--symbols PATH] [--json]',
  summary: 'an !analyze -v like summary: bugcheck or exception, fault, stack, findings with evidence, bucket',
  run(args, io) {
    const r = processArg(args, io, true);
    if (typeof r === 'number') return r;
    const { report, analysis } = r.result;
    if (flagBool(args, 'json')) {
      printJson(io, toAnalyzeJson(report, { file: path.basename(r.file), sha256: sha256File(r.file) }));
    } else {
      for (const line of formatAnalyzeText(report, analysis!)) io.out(line);
      for (const m of r.result.symbolMessages) io.err(`note: ${m}`);
    }
    return EXIT_OK;
  },
};

export const stackwalkCommand: Command = {
  name: 'stackwalk',
  usage: 'stackwalk FILE [--symbols PATH] [--breakpad] [--json]',
  summary: 'walk the crashing thread\'s stack: WinDbg k style, or minidump_stackwalk style with --breakpad',
  run(args, io) {
    const r = processArg(args, io, false);
    if (typeof r === 'number') return r;
    const { report, walkedFrames } = r.result;
    if (flagBool(args, 'json')) {
      printJson(io, report.stack.map((f) => ({ index: f.index, ...(f.module ? { module: f.module } : {}), ...(f.function ? { function: f.function } : {}), ...(f.offset ? { offset: f.offset } : {}), address: f.address, ...(f.file ? { file: f.file, line: f.line } : {}), trust: f.trust })));
    } else if (flagBool(args, 'breakpad')) {
      io.out(formatBreakpadStack(r.result, walkedFrames));
    } else {
      for (const line of formatWinDbgStack(report.stack, report.context?.arch ?? report.system.arch ?? 'x64')) io.out(line);
      for (const m of r.result.symbolMessages) io.err(`note: ${m}`);
    }
    return EXIT_OK;
  },
};
