import type { ParsedDump } from '../model/parsed-dump';
import type { StackFrame } from '../model/report';
import type { WalkedFrame } from './frame';
import { toReportFrames } from './frame';
import { formatBreakpadStack, formatWinDbgStack } from './format';
import { crashingContext } from './walk';

export type StackwalkFormat = 'windbg' | 'breakpad' | 'json';

/**
 * What `crashbench stackwalk FILE` prints: WinDbg's `k` (default),
 * minidump_stackwalk's text (`--breakpad`) or `{ "stack": [...] }` with the
 * DESIGN.md frame fields (`--json`). Symbol messages are printed by the
 * caller (to stderr for text, inside the JSON object here).
 */
export function formatStackwalk(parsed: ParsedDump, frames: readonly WalkedFrame[], format: StackwalkFormat, messages: readonly string[] = []): string {
  if (format === 'json') {
    const out: { stack: StackFrame[]; symbolMessages?: string[] } = { stack: toReportFrames(frames) };
    if (messages.length) out.symbolMessages = [...messages];
    return JSON.stringify(out, null, 2) + '\n';
  }
  if (format === 'breakpad') return formatBreakpadStack(parsed, frames);
  const arch = crashingContext(parsed)?.arch ?? parsed.report.system.arch ?? 'x64';
  return formatWinDbgStack(frames, arch).join('\n') + '\n';
}
