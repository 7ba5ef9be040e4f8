import { formatStackwalk } from '../../../native-free-core/unwind/stackwalk-output';
import { toReportFrames } from '../../../native-free-core/unwind/frame';
import { messagesForStack, openAndWalkFile } from '../../pipeline/walk';
import { flagBool } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { printJson } from '../io';
import { openOneDump } from './one-dump-arg';
import { symbolPathOf } from './symbol-path-arg';

export const stackwalkCommand: Command = {
  name: 'stackwalk',
  usage: 'stackwalk FILE [--symbols PATH] [--thread] [--breakpad] [--json]',
  summary: 'walk the crashing thread\'s stack from the fault context (--thread: from the thread\'s saved context, through the trap frame): WinDbg k style, or minidump_stackwalk style with --breakpad',
  async run(args, io) {
    const symbolPath = await symbolPathOf(args);
    const opened = openOneDump(args, io, (file) => openAndWalkFile(file, { symbolPath, thread: flagBool(args, 'thread') }));
    if (!opened) return EXIT_BAD_INPUT;
    const { dump } = opened;
    const frames = dump.threadFrames ?? dump.walkedFrames;
    const stack = dump.threadFrames ? toReportFrames(dump.threadFrames) : dump.report.stack;
    if (flagBool(args, 'json')) {
      printJson(io, stack.map((f) => ({ index: f.index, ...(f.module ? { module: f.module } : {}), ...(f.function ? { function: f.function } : {}), ...(f.offset ? { offset: f.offset } : {}), address: f.address, ...(f.file ? { file: f.file, line: f.line } : {}), trust: f.trust, ...(f.inline ? { inline: true } : {}) })));
      return EXIT_OK;
    }
    io.out(formatStackwalk(dump, frames, flagBool(args, 'breakpad') ? 'breakpad' : 'windbg').replace(/\n$/, ''));
    if (!flagBool(args, 'breakpad')) for (const m of messagesForStack(dump)) io.err(`note: ${m}`);
    return EXIT_OK;
  },
};
