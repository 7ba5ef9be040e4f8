import type { ParsedArgs } from './args';
import type { CliIO } from './io';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** returns the exit status: 0 success, 1 bad input file, 2 bad usage. */
  run(args: ParsedArgs, io: CliIO): Promise<number> | number;
}

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
