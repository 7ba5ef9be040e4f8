import type { StackFrame } from '../model/report';
import { frameSignature, normalizeModule } from './signature';

/**
 * One row of two stacks laid side by side. `gap-left`: the left stack has
 * nothing here (the frame is only on the right); `gap-right`: the reverse.
 * `mismatch` pairs two different frames that sit between the same matches.
 */
export interface AlignedRow {
  left?: StackFrame;
  right?: StackFrame;
  kind: 'match' | 'mismatch' | 'gap-left' | 'gap-right';
  /** The shared signature of a match. */
  signature?: string;
}

const MATCH = 10;
// small enough that all same-module pairings together never outweigh one match
const SAME_MODULE = 0.001;
/** Stacks longer than this are aligned on their first MAX_ALIGNED frames, the rest shown as gaps. */
export const MAX_ALIGNED = 512;

/**
 * Global (Needleman–Wunsch) alignment of two stacks, top first. Frames match
 * when their signatures are equal (skipped frames never match); a mismatch
 * and a gap cost nothing, so unmatched frames between two matches pair up
 * row by row, preferring frames of the same module, and the surplus becomes
 * gaps.
 */
export function alignStacks(a: readonly StackFrame[], b: readonly StackFrame[]): AlignedRow[] {
  const n = Math.min(a.length, MAX_ALIGNED);
  const m = Math.min(b.length, MAX_ALIGNED);
  const sa = a.slice(0, n).map(frameSignature);
  const sb = b.slice(0, m).map(frameSignature);
  const ma = a.slice(0, n).map((f) => (f.module ? normalizeModule(f.module) : undefined));
  const mb = b.slice(0, m).map((f) => (f.module ? normalizeModule(f.module) : undefined));
  const pair = (i: number, j: number): number => {
    if (sa[i] !== null && sa[i] === sb[j]) return MATCH;
    return ma[i] !== undefined && ma[i] === mb[j] ? SAME_MODULE : 0;
  };
  const w = m + 1;
  const score = new Float64Array((n + 1) * w);
  // 0 = diagonal, 1 = up (left frame alone), 2 = left (right frame alone)
  const move = new Uint8Array((n + 1) * w);
  for (let i = 1; i <= n; i++) move[i * w] = 1;
  for (let j = 1; j <= m; j++) move[j] = 2;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const diag = score[(i - 1) * w + j - 1]! + pair(i - 1, j - 1);
      const up = score[(i - 1) * w + j]!;
      const left = score[i * w + j - 1]!;
      let best = diag;
      let mv = 0;
      if (up > best) { best = up; mv = 1; }
      if (left > best) { best = left; mv = 2; }
      score[i * w + j] = best;
      move[i * w + j] = mv;
    }
  }
  const rows: AlignedRow[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const mv = i === 0 ? 2 : j === 0 ? 1 : move[i * w + j]!;
    if (mv === 0) {
      const left = a[i - 1]!;
      const right = b[j - 1]!;
      const same = sa[i - 1] !== null && sa[i - 1] === sb[j - 1];
      rows.push(same ? { left, right, kind: 'match', signature: sa[i - 1]! } : { left, right, kind: 'mismatch' });
      i--; j--;
    } else if (mv === 1) {
      rows.push({ left: a[i - 1]!, kind: 'gap-right' });
      i--;
    } else {
      rows.push({ right: b[j - 1]!, kind: 'gap-left' });
      j--;
    }
  }
  rows.reverse();
  for (let k = n; k < a.length; k++) rows.push({ left: a[k]!, kind: 'gap-right' });
  for (let k = m; k < b.length; k++) rows.push({ right: b[k]!, kind: 'gap-left' });
  return rows;
}

/** Signatures of the matched rows, top first. */
export function sharedFrames(rows: readonly AlignedRow[]): string[] {
  return rows.filter((r) => r.kind === 'match').map((r) => r.signature!);
}
