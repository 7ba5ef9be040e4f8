import { UsageError, type ParsedArgs } from '../args';
import { describeFileError } from '../errors';
import type { CliIO } from '../io';

/**
 * Opens the one dump FILE a command takes. A file that cannot be opened is
 * reported on stderr and gives undefined: the command exits with EXIT_BAD_INPUT.
 */
export function openOneDump<T>(args: ParsedArgs, io: CliIO, open: (file: string) => T): { file: string; dump: T } | undefined {
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('give exactly one FILE');
  try {
    return { file, dump: open(file) };
  } catch (e) {
    io.err(`crashbench: ${describeFileError(file, e)}`);
    return undefined;
  }
}
