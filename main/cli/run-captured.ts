import type { CliIO } from './io';
import { runCli } from './main';

/** Runs the CLI as tests do: stdout and stderr captured as text instead of written. */
export async function runCliCaptured(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
