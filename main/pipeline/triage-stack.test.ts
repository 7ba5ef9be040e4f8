import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKernelDump } from '../../native-free-core/formats/kernel-dump';
import { buildPe, code, SCN_CODE, SCN_RDATA, SectionBuilder, u32le, unwindInfoBytes } from '../../native-free-core/formats/pe/synthetic/build-pe';
import { UWOP_ALLOC_LARGE, UWOP_PUSH_MACHFRAME } from '../../native-free-core/formats/pe/unwind-info';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { parseHex } from '../../native-free-core/model/hex';
import type { ModuleInfo } from '../../native-free-core/model/report';
import { InMemorySymbolProvider, NO_SYMBOLS } from '../../native-free-core/symbols/in-memory-provider';
import { walkCrashingThread, walkStack } from '../../native-free-core/unwind/walk';
import { sharedDisassembler } from '../disasm/shared';
import { openAndWalk } from './walk';

const KERNEL = path.resolve(__dirname, '../../../shared/corpus/kernel');
const dump = () => parseKernelDump(new BufferByteSource('triage_x64.dmp', readFileSync(path.join(KERNEL, 'triage_x64.dmp'))));

/** One line of rizin's `dbt` in triage_x64.expected.txt: "8  0xfffff8048b58334c sp: 0xffff850429892120  40   [??]  pdb.amdppm.WriteIoMemRawEx+112". */
interface RizinFrame {
  index: number;
  pc: bigint;
  sp: bigint;
  /** bytes from sp to the return address (or, for a trap handler, to the interrupted rsp) */
  size: number;
  /** decimal offset into the function rizin names */
  offset: number;
}

function rizinFrames(): RizinFrame[] {
  const text = readFileSync(path.join(KERNEL, 'triage_x64.expected.txt'), 'utf8');
  const out: RizinFrame[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+)\s+(0x[0-9a-f]+)\s+sp: (0x[0-9a-f]+)\s+(\d+)\s+\[\?\?\]\s*(\S*)/.exec(line);
    if (!m) continue;
    const offset = /\+(\d+)\s*$/.exec(m[5]!)?.[1];
    out.push({ index: Number(m[1]), pc: BigInt(m[2]!), sp: BigInt(m[3]!), size: Number(m[4]), offset: offset ? Number(offset) : 0 });
  }
  return out;
}

const expected = rizinFrames();
const hexOf = (v: bigint) => `0x${v.toString(16)}`;

function moduleOf(modules: ModuleInfo[], pc: bigint): ModuleInfo {
  const m = modules.find((x) => pc >= parseHex(x.base) && pc < parseHex(x.base) + BigInt(x.size));
  if (!m) throw new Error(`no module holds ${hexOf(pc)}`);
  return m;
}

/**
 * Image files carrying the unwind data the real ntoskrnl.exe, Wdf01000.sys
 * and amdppm.sys hold for the functions on this stack (rizin unwound with
 * the real images, fetched from a symbol server; this machine cannot reach
 * one). Each function gets a RUNTIME_FUNCTION from its start (pc minus
 * rizin's offset) and an UNWIND_INFO allocating rizin's frame size; the trap
 * handler's instead ends in the machine frame at the top of its KTRAP_FRAME.
 */
function imagesFromRizinFrameSizes(modules: ModuleInfo[]): Map<ModuleInfo, Uint8Array> {
  const images = new Map<ModuleInfo, Uint8Array>();
  const byModule = new Map<ModuleInfo, RizinFrame[]>();
  for (const f of expected.filter((x) => x.pc !== 0n)) {
    const m = moduleOf(modules, f.pc);
    byModule.set(m, [...(byModule.get(m) ?? []), f]);
  }
  for (const [m, frames] of byModule) {
    const base = parseHex(m.base);
    const textEnd = Math.max(...frames.map((f) => Number(f.pc - base))) + 0x1000;
    const rdataRva = (Math.ceil(textEnd / 0x1000) + 1) * 0x1000;
    const rdata = new SectionBuilder(rdataRva);
    const entries: number[][] = [];
    for (const f of frames.sort((a, b) => (a.pc < b.pc ? -1 : 1))) {
      const rva = Number(f.pc - base);
      const next = expected[f.index + 1]!;
      const isTrapHandler = next.sp - f.sp !== BigInt(f.size) + 8n;
      // A KTRAP_FRAME is 0x190 bytes and ends with the machine frame (RIP, CS, EFLAGS, RSP, SS): 0x28 bytes.
      const slots = isTrapHandler
        ? [code(0, UWOP_ALLOC_LARGE, 0), (f.size - 0x28) / 8, code(0, UWOP_PUSH_MACHFRAME, 0)]
        : f.size === 0 ? [] : [code(0, UWOP_ALLOC_LARGE, 0), f.size / 8];
      const info = rdata.add(unwindInfoBytes({ prolog: 0, slots }));
      entries.push([rva - f.offset, rva + 1, info]);
    }
    const pdataRva = Math.ceil(rdata.next() / 0x1000) * 0x1000;
    const pdata = u32le(...entries.flat());
    images.set(
      m,
      buildPe({
        ...(m.timestamp !== undefined ? { timeDateStamp: m.timestamp } : {}),
        sections: [
          { name: '.text', rva: 0x1000, bytes: new Uint8Array(textEnd - 0x1000), characteristics: SCN_CODE },
          { name: '.rdata', rva: rdataRva, bytes: rdata.bytes(), characteristics: SCN_RDATA },
          { name: '.pdata', rva: pdataRva, bytes: pdata, characteristics: SCN_RDATA },
        ],
        directories: { 3: { rva: pdataRva, size: pdata.length } },
      }),
    );
  }
  return images;
}

function providerWith(images: Map<ModuleInfo, Uint8Array>): InMemorySymbolProvider {
  const provider = new InMemorySymbolProvider();
  for (const [m, bytes] of images) provider.addImage(m.name, bytes);
  return provider;
}

/** A symbol folder in the symbol-store layout: name.sys/<TIMESTAMP><SIZEOFIMAGE>/name.sys. */
function symbolStoreWith(images: Map<ModuleInfo, Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-images-'));
  for (const [m, bytes] of images) {
    const name = m.name.slice(m.name.lastIndexOf('\\') + 1);
    const key = m.timestamp!.toString(16).toUpperCase().padStart(8, '0') + parseHex(m.size).toString(16).toUpperCase();
    mkdirSync(path.join(dir, name, key), { recursive: true });
    writeFileSync(path.join(dir, name, key, name), bytes);
  }
  return dir;
}

describe('triage_x64.dmp against rizin\'s backtrace', () => {
  it('with the images\' unwind data, walks from the KeBugCheckEx context through the trap frame to rizin\'s 37 frames', () => {
    const d = dump();
    const frames = walkCrashingThread(d, providerWith(imagesFromRizinFrameSizes(d.report.modules)));
    // rizin's last line (pc 0) is where the walk ends: KiStartSystemThread's return address is 0.
    const real = expected.filter((f) => f.pc !== 0n);
    expect(expected).toHaveLength(37);
    expect(expected[36]!.pc).toBe(0n);
    expect(frames.map((f) => [f.address, f.sp])).toEqual(real.map((f) => [hexOf(f.pc), hexOf(f.sp)]));
    expect(frames[0]!.trust).toBe('context');
    expect(new Set(frames.slice(1).map((f) => f.trust))).toEqual(new Set(['cfi']));
    // Frame 8 comes out of KiSegmentNotPresentFault's machine frame: the fault itself, looked up at its pc.
    expect([frames[8]!.module, frames[8]!.offset]).toEqual(['amdppm', '0x334c']);
  });

  it('finds those image files in a symbol store folder: stackwalk --thread and the fault stack use their .pdata', () => {
    const dir = symbolStoreWith(imagesFromRizinFrameSizes(dump().report.modules));
    try {
      const walked = openAndWalk(new BufferByteSource('triage_x64.dmp', readFileSync(path.join(KERNEL, 'triage_x64.dmp'))), { symbolPath: [dir], thread: true });
      const real = expected.filter((f) => f.pc !== 0n);
      expect(walked.threadFrames!.map((f) => [f.address, f.sp])).toEqual(real.map((f) => [hexOf(f.pc), hexOf(f.sp)]));
      expect(walked.report.stack.map((f) => f.address)).toEqual(real.slice(8).map((f) => hexOf(f.pc)));
      expect(walked.report.stack.slice(1).every((f) => f.trust === 'cfi')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const faultFrames = expected.slice(8).filter((f) => f.pc !== 0n);

  it('without images, the fault stack follows the code saved after each return address: 28 of rizin\'s frames in order, 2 stale', () => {
    const d = dump();
    const frames = walkStack(d, NO_SYMBOLS, { disassembler: sharedDisassembler });
    expect(frames[0]).toMatchObject({ address: hexOf(faultFrames[0]!.pc), sp: hexOf(faultFrames[0]!.sp), trust: 'context' });
    // Every frame rizin found is there, in order, at rizin's stack pointer.
    let at = 0;
    for (const want of faultFrames) {
      while (at < frames.length && frames[at]!.address !== hexOf(want.pc)) at++;
      expect(frames[at], `rizin frame ${want.index} (${hexOf(want.pc)})`).toBeDefined();
      expect(frames[at]!.sp).toBe(hexOf(want.sp));
    }
    // Two stale return addresses remain, where the code after a return address jumps to code the dump does not hold.
    const extra = frames.filter((f) => !faultFrames.some((w) => hexOf(w.pc) === f.address));
    expect(extra.map((f) => `${f.module}+${f.offset}`)).toEqual(['nt+0x379665', 'nt+0x225d67']);
    expect(extra.every((f) => f.trust === 'scan')).toBe(true);
    expect(frames.filter((f) => f.trust === 'epilogue').length).toBeGreaterThanOrEqual(20);
  });

  it('without images, the thread walk from KeBugCheckEx gets rizin\'s first five frames and rejoins at the trap handler and the exception context', () => {
    const d = dump();
    const frames = walkCrashingThread(d, NO_SYMBOLS, { disassembler: sharedDisassembler });
    expect(frames.slice(0, 5).map((f) => [f.address, f.sp])).toEqual(expected.slice(0, 5).map((f) => [hexOf(f.pc), hexOf(f.sp)]));
    const joined = frames.findIndex((f) => f.address === hexOf(expected[8]!.pc));
    expect(frames[joined]).toMatchObject({ sp: hexOf(expected[8]!.sp), trust: 'context' });
    // The trap handler (rizin's frame 7, KiSegmentNotPresentFault) comes from the KTRAP_FRAME under the fault context.
    expect(frames[joined - 1]).toMatchObject({ address: hexOf(expected[7]!.pc), sp: hexOf(expected[7]!.sp), trust: 'trap-frame' });
    // Between KeBugCheckEx's frames and the trap handler, the exception dispatcher's big frames (0x718, 0x6b8 bytes)
    // hold no code the dump saved past their return addresses: one stale scan frame, where rizin has two real ones.
    expect(frames.slice(5, joined - 1).map((f) => f.trust)).toEqual(['scan']);
    const fault = walkStack(d, NO_SYMBOLS, { disassembler: sharedDisassembler });
    expect(frames.slice(joined).map((f) => f.address)).toEqual(fault.map((f) => f.address));
  });

  it('without a disassembler falls back to scanning, as before', () => {
    const frames = walkStack(dump(), NO_SYMBOLS);
    expect(frames.every((f, i) => (i === 0 ? f.trust === 'context' : f.trust === 'scan' || f.trust === 'cfi'))).toBe(true);
  });
});
