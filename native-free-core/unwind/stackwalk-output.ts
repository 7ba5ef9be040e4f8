import type { ParsedDump } from '../model/parsed-dump';
import type { WalkedFrame } from './frame';
import { formatBreakpadStack, formatWinDbgStack } from './format';
import { crashingContext } from './walk';

export type StackwalkTextFormat = 'windbg' | 'breakpad';

/**
 * The text `crashbench stackwalk FILE` prints: WinDbg's `k` (default) of the
 * walked frames (their registers give x86's ChildEBP), or of the report's own
 * stack for a transcript, which is not walked; or minidump_stackwalk's text
 * of the walked frames (`--breakpad`). Symbol
 * messages go to stderr, printed by the caller; `--json` prints the report's
 * stack array instead.
 */
export function formatStackwalk(parsed: ParsedDump, frames: readonly WalkedFrame[], format: StackwalkTextFormat): string {
  if (format === 'breakpad') return formatBreakpadStack(parsed, frames);
  const arch = crashingContext(parsed)?.arch ?? parsed.report.system.arch ?? 'x64';
  return formatWinDbgStack(frames.length > 0 ? frames : parsed.report.stack, arch).join('\n') + '\n';
}
