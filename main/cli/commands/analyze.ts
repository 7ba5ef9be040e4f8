import path from 'node:path';
import { formatAnalyzeText, toAnalyzeJson } from '../../../native-free-core/analysis/summary';
import { sha256File } from '../../fs/sha256';
import { processFile } from '../../pipeline/process';
import { messagesForStack } from '../../pipeline/walk';
import { flagBool } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { printJson } from '../io';
import { openOneDump } from './one-dump-arg';
import { symbolPathOf } from './symbol-path-arg';

export const analyzeCommand: Command = {
  name: 'analyze',
  usage: 'analyze FILE [--symbols PATH] [--json]',
  summary: 'an !analyze -v like summary: bugcheck or exception, fault, stack, findings with evidence, bucket',
  async run(args, io) {
    const symbolPath = await symbolPathOf(args);
    const opened = openOneDump(args, io, (file) => processFile(file, { symbolPath: symbolPath }));
    if (!opened) return EXIT_BAD_INPUT;
    const { file, dump } = opened;
    if (flagBool(args, 'json')) {
      printJson(io, toAnalyzeJson(dump.report, { file: path.basename(file), sha256: sha256File(file) }));
    } else {
      for (const line of formatAnalyzeText(dump.report, dump.analysis!)) io.out(line);
      for (const m of messagesForStack(dump)) io.err(`note: ${m}`);
    }
    return EXIT_OK;
  },
};
