import type { ParsedDump } from '../../native-free-core/model/parsed-dump';
import { formatStackwalk, type StackwalkFormat } from '../../native-free-core/unwind/stackwalk-output';
import { walkStack } from '../../native-free-core/unwind/walk';
import type { WalkedFrame } from '../../native-free-core/unwind/frame';
import { addExportsFromDump } from '../../native-free-core/symbols/image-exports';
import { resolveSymbols, symbolPathFrom } from './symbol-path';

export interface StackwalkResult {
  frames: WalkedFrame[];
  /** "symbols not found for X (looked in …)" and ignored files. */
  messages: string[];
  text: string;
}

/**
 * The whole `crashbench stackwalk` step for a parsed dump: resolve symbols
 * from `--symbols` folders, settings and _NT_SYMBOL_PATH, walk the crashing
 * thread, and format the result.
 */
export function stackwalkParsed(
  parsed: ParsedDump,
  options: { symbols?: string[]; settings?: string[]; env?: Record<string, string | undefined>; format?: StackwalkFormat } = {},
): StackwalkResult {
  const folders = symbolPathFrom({ cli: options.symbols, settings: options.settings, env: options.env });
  const { provider, messages } = resolveSymbols(parsed.report.modules, folders);
  addExportsFromDump(parsed, provider);
  const frames = walkStack(parsed, provider);
  // Only modules that appear on the stack matter to the reader.
  const onStack = new Set(frames.map((f) => f.moduleFile?.toLowerCase()).filter(Boolean));
  const relevant = messages.filter((m) => {
    const hit = /^symbols not found for (\S+)/.exec(m);
    return !hit || onStack.has(hit[1]!.toLowerCase());
  });
  return { frames, messages: relevant, text: formatStackwalk(parsed, frames, options.format ?? 'windbg', relevant) };
}
