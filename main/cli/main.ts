import { VERSION } from '../version';
import { parseArgs, UsageError } from './args';
import { EXIT_OK, EXIT_USAGE } from './command';
import { commands } from './commands';
import { processIO, type CliIO } from './io';

function helpText(): string[] {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    `crashbench ${VERSION}: Windows crash dumps, minidumps and WinDbg transcripts from the command line`,
    '',
    'Usage: crashbench COMMAND [ARGS] [--json] [--library DIR]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    `  ${'version'.padEnd(width)}  print the version`,
    '',
    'Options:',
    '  --json           machine-readable output (field names are a stable contract)',
    '  --library DIR    the case library to use (default: the app\'s library in the user data folder)',
    '  --symbols PATH   symbol folders, separated by ";" (also read from _NT_SYMBOL_PATH)',
    '',
    'Exit status: 0 success, 1 a bad input file, 2 bad usage.',
  ];
}

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'version' || args.flags.has('version')) {
      io.out(VERSION);
      return EXIT_OK;
    }
    if (!args.command || args.command === 'help' || args.flags.has('help')) {
      const target = args.command === 'help' ? args.positional[0] : args.command;
      const cmd = commands.find((c) => c.name === target);
      if (cmd) io.out(`Usage: crashbench ${cmd.usage}\n  ${cmd.summary}`);
      else helpText().forEach((l) => io.out(l));
      return args.command || args.flags.has('help') ? EXIT_OK : EXIT_USAGE;
    }
    const entry = commands.find((c) => c.name === args.command);
    if (!entry) throw new UsageError(`unknown command '${args.command}' (see crashbench --help)`);
    const command = await entry.load();
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`crashbench: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
