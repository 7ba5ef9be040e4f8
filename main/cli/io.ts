/** Where a command writes; tests capture it instead of the real streams. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** progress lines that overwrite each other on a terminal */
  progress?(line: string): void;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  progress: (line) => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K' + line);
  },
};

export function printJson(io: CliIO, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
