import path from 'node:path';
import { formatAnalyzeText, toAnalyzeJson } from '../../../native-free-core/analysis/summary';
import { sha256File } from '../../fs/sha256';
import { processFile, type ProcessedDump } from '../../pipeline/process';
import { messagesForStack } from '../../pipeline/walk';
import { flagBool, UsageError } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { describeFileError } from '../errors';
import { printJson } from '../io';
import { symbolPathOf } from './symbol-path-arg';

export const analyzeCommand: Command = {
  name: 'analyze',
  usage: 'analyze FILE [--symbols PATH] [--json]',
  summary: 'an !analyze -v like summary: bugcheck or exception, fault, stack, findings with evidence, bucket',
  run(args, io) {
    const file = args.positional[0];
    if (!file || args.positional.length > 1) throw new UsageError('give exactly one FILE');
    let dump: ProcessedDump;
    try {
      dump = processFile(file, { symbolPath: symbolPathOf(args) });
    } catch (e) {
      io.err(`crashbench: ${describeFileError(file, e)}`);
      return EXIT_BAD_INPUT;
    }
    if (flagBool(args, 'json')) {
      printJson(io, toAnalyzeJson(dump.report, { file: path.basename(file), sha256: sha256File(file) }));
    } else {
      for (const line of formatAnalyzeText(dump.report, dump.analysis!)) io.out(line);
      for (const m of messagesForStack(dump)) io.err(`note: ${m}`);
    }
    return EXIT_OK;
  },
};
