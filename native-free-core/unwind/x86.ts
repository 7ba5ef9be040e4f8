import type { FrameTrust } from '../model/report';
import type { WindowsFrameInfo } from '../symbols/types';
import { findCallerRegisters } from './cfi-rules';
import { PostfixEvaluator } from './postfix';
import type { RawFrame, WalkContext } from './walk-context';
import { instructionSeemsValid, readWord, scanForReturnAddress, scanWords } from './walk-context';

const M32 = 0xffffffffn;
const MAX_REASONABLE_GAP_BETWEEN_FRAMES = 128n * 1024n;
const CALLEE_SAVED = ['ebp', 'ebx', 'esi', 'edi'] as const;

/** Address used to look up the frame's code: the pc itself for the context frame, pc-1 (inside the call) for callers. */
function lookupAddress(frame: RawFrame): bigint {
  const eip = frame.regs.get('eip') ?? 0n;
  return frame.trust === 'context' ? eip : (eip - 1n) & M32;
}

function moduleRva(ctx: WalkContext, address: bigint) {
  const m = ctx.modules.find(address);
  return m ? { module: m, rva: Number(address - m.base) } : undefined;
}

/** x86: STACK WIN (program string or FPO), then STACK CFI, then the %ebp chain with scanning as fallback. */
export function unwindX86(ctx: WalkContext, frames: RawFrame[]): RawFrame | null {
  const last = frames[frames.length - 1]!;
  const where = moduleRva(ctx, lookupAddress(last));
  let caller: RawFrame | null = null;
  if (where) {
    const wfi = ctx.symbols.windowsFrameInfo(where.module.info, where.rva);
    if (wfi) caller = byWindowsFrameInfo(ctx, frames, wfi);
    if (!caller) {
      const rules = ctx.symbols.cfiRules(where.module.info, where.rva);
      if (rules) caller = byCfi(ctx, last, rules);
    }
  }
  return caller ?? byFramePointer(ctx, last);
}

function byWindowsFrameInfo(ctx: WalkContext, frames: RawFrame[], info: WindowsFrameInfo): RawFrame | null {
  const last = frames[frames.length - 1]!;
  last.windowsFrameInfo = info;
  if (info.valid !== 'all') return null;
  const esp = last.regs.get('esp');
  const ebp = last.regs.get('ebp');
  if (esp === undefined || ebp === undefined) return null;
  const isContext = last.trust === 'context';

  // Breakpad takes the parameter size of the deepest callee that recorded one.
  let calleeParams = 0n;
  for (let i = frames.length - 2; i >= 0; i--) {
    const w = frames[i]!.windowsFrameInfo;
    if (w) calleeParams = BigInt(w.parameterSize);
  }

  const dict = new Map<string, bigint>();
  dict.set('$ebp', ebp);
  dict.set('$esp', esp);
  const ebx = last.regs.get('ebx');
  if (ebx !== undefined) dict.set('$ebx', ebx);
  dict.set('.cbCalleeParams', calleeParams);
  dict.set('.cbSavedRegs', BigInt(info.savedRegisterSize));
  dict.set('.cbLocals', BigInt(info.localSize));

  let raSearchStart = (esp + calleeParams + BigInt(info.localSize) + BigInt(info.savedRegisterSize)) & M32;
  const original = raSearchStart;
  const found = scanForReturnAddress(ctx, raSearchStart, 3);
  if (found) {
    raSearchStart = found.location;
    // An FPO system call whose callee already returned: the current pc is still on top of the stack.
    if (isContext && info.type === 0 && original === raSearchStart && found.ip === last.regs.get('eip')) {
      raSearchStart = (raSearchStart + 4n) & M32;
      const again = scanForReturnAddress(ctx, raSearchStart, 3);
      if (again) raSearchStart = again.location;
    }
  }
  dict.set('.cbParams', BigInt(info.parameterSize));

  let program: string;
  let recoverEbp = true;
  let trust: FrameTrust = 'cfi';
  if (info.programString) {
    program = info.programString;
  } else if (info.allocatesBasePointer) {
    program = '$eip .raSearchStart ^ = $ebp $esp .cbCalleeParams + .cbSavedRegs + 8 - ^ = $esp .raSearchStart 4 + =';
  } else {
    program = '$eip .raSearchStart ^ = $esp .raSearchStart 4 + =';
    if (ebx !== undefined) program += ' $ebx $ebx =';
    recoverEbp = false;
  }
  // With stack realignment (@) only %ebp locates the return address.
  if (program.includes('@')) raSearchStart = (ebp + 4n) & M32;
  dict.set('.raSearchStart', raSearchStart);
  dict.set('.raSearch', raSearchStart);

  const evaluator = new PostfixEvaluator(dict, (a) => readWord(ctx, a), M32);
  const result = evaluator.evaluate(program);
  if (!result.ok || !result.assigned.has('$eip') || !result.assigned.has('$esp')) {
    if (!ctx.scanAllowed) return null;
    const s = scanForReturnAddress(ctx, esp, scanWords(isContext));
    if (!s) return null;
    dict.set('$eip', s.ip);
    dict.set('$esp', (s.location + 4n) & M32);
    trust = 'scan';
  }

  if ((dict.get('$eip') ?? 0n) !== 0n || (dict.get('$ebp') ?? 0n) !== 0n) {
    let offset = 0n;
    const eip = dict.get('$eip') ?? 0n;
    if (!ctx.modules.find(eip)) {
      const start = ((dict.get('.raSearchStart') ?? 0n) + 4n) & M32;
      const s = ctx.scanAllowed ? scanForReturnAddress(ctx, start, scanWords(isContext)) : null;
      if (s) {
        dict.set('$eip', s.ip);
        dict.set('$esp', (s.location + 4n) & M32);
        offset = s.location - start;
        trust = 'scan';
      }
    }
    if (recoverEbp) {
      let newEbp = dict.get('$ebp') ?? 0n;
      const skipped = trust !== 'cfi' && newEbp <= raSearchStart + offset;
      if (skipped || readWord(ctx, newEbp) === null) {
        const searchBytes = BigInt(info.savedRegisterSize) + offset;
        const end = (esp + calleeParams) & M32;
        for (let loc = end + searchBytes; loc >= end; loc -= 4n) {
          const candidate = readWord(ctx, loc);
          if (candidate === null) break;
          if (readWord(ctx, candidate) !== null) {
            dict.set('$ebp', candidate);
            break;
          }
        }
      }
    }
  }

  const regs = new Map<string, bigint>();
  regs.set('eip', dict.get('$eip') ?? 0n);
  regs.set('esp', dict.get('$esp') ?? 0n);
  regs.set('ebp', dict.get('$ebp') ?? 0n);
  for (const r of ['ebx', 'esi', 'edi']) {
    if (result.assigned.has('$' + r)) regs.set(r, dict.get('$' + r)!);
  }
  return { regs, trust };
}

function byCfi(ctx: WalkContext, last: RawFrame, rules: string): RawFrame | null {
  const found = findCallerRegisters(rules, last.regs, (a) => readWord(ctx, a), M32);
  if (!found) return null;
  const regs = new Map<string, bigint>();
  for (const r of CALLEE_SAVED) {
    const v = last.regs.get(r);
    if (v !== undefined) regs.set(r, v);
  }
  for (const [k, v] of found.registers) regs.set(k, v);
  regs.set('eip', found.ra);
  regs.set('esp', found.cfa);
  if (!regs.has('ebp')) return null;
  return { regs, trust: 'cfi' };
}

function byFramePointer(ctx: WalkContext, last: RawFrame): RawFrame | null {
  const esp = last.regs.get('esp');
  const ebp = last.regs.get('ebp');
  if (esp === undefined || ebp === undefined) return null;
  let eip = readWord(ctx, (ebp + 4n) & M32);
  let callerEbp = readWord(ctx, ebp);
  let callerEsp: bigint;
  let trust: FrameTrust;
  if (eip !== null && callerEbp !== null) {
    callerEsp = (ebp + 8n) & M32;
    trust = 'frame-pointer';
  } else {
    if (!ctx.scanAllowed) return null;
    const s = scanForReturnAddress(ctx, esp, scanWords(last.trust === 'context'));
    if (!s) return null;
    eip = s.ip;
    callerEsp = (s.location + 4n) & M32;
    const chain = callerEsp - 8n;
    callerEbp = readWord(ctx, chain);
    if (callerEbp === null || callerEbp <= chain || callerEbp - chain > MAX_REASONABLE_GAP_BETWEEN_FRAMES) callerEbp = ebp;
    trust = 'scan';
  }
  const regs = new Map<string, bigint>([
    ['eip', eip],
    ['esp', callerEsp],
    ['ebp', callerEbp],
  ]);
  return { regs, trust };
}

export { instructionSeemsValid };
