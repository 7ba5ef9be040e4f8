import type { RawFrame, WalkContext } from './walk-context';
import { readWord, scanForReturnAddress, scanWords } from './walk-context';

/** Strips pointer-authentication bits from a code address (keeps the 48-bit user or kernel address). */
function stripPac(address: bigint): bigint {
  const high = (address >> 55n) & 1n;
  return high ? address | 0xffff000000000000n : address & 0x0000ffffffffffffn;
}

/**
 * ARM64 by frame pointer: the frame record at fp holds the caller's fp and
 * lr; the caller's pc is this frame's lr and its sp is fp + 16. Falls back
 * to scanning when fp does not point into the dump.
 */
export function unwindArm64(ctx: WalkContext, frames: RawFrame[]): RawFrame | null {
  const last = frames[frames.length - 1]!;
  const fp = last.regs.get('fp');
  const lr = last.regs.get('lr');
  const sp = last.regs.get('sp');
  if (fp !== undefined && fp !== 0n && lr !== undefined) {
    const callerFp = readWord(ctx, fp);
    const callerLr = readWord(ctx, fp + 8n);
    if (callerFp !== null && callerLr !== null) {
      const regs = new Map<string, bigint>([
        ['pc', stripPac(lr)],
        ['sp', fp + 16n],
        ['fp', callerFp],
        ['lr', stripPac(callerLr)],
      ]);
      return { regs, trust: 'frame-pointer' };
    }
  }
  if (!ctx.scanAllowed || sp === undefined) return null;
  const s = scanForReturnAddress(ctx, sp, scanWords(last.trust === 'context'));
  if (!s) return null;
  const regs = new Map<string, bigint>([
    ['pc', stripPac(s.ip)],
    ['sp', s.location + 8n],
  ]);
  if (fp !== undefined) regs.set('fp', fp);
  return { regs, trust: 'scan' };
}
