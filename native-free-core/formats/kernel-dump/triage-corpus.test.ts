import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../../io/byte-source';
import { isParseError } from '../../io/parse-error';
import { parseHex } from '../../model/hex';
import { openDump } from '../open';
import { describeKernelDump } from './describe';
import { parseKernelDump } from './index';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');
const DUMP = path.join(CORPUS, 'kernel/triage_x64.dmp');
const have = existsSync(DUMP);

/** "  Name : 0x..." lines of one section of rizin's `iH` output, and the `dr` register lines. */
function expected() {
  const text = readFileSync(path.join(CORPUS, 'kernel/triage_x64.expected.txt'), 'utf8');
  const sections: Record<string, Record<string, bigint>> = {};
  let current = '';
  const registers: Record<string, bigint> = {};
  for (const line of text.split('\n')) {
    const head = /^(DUMP_HEADER64|TRIAGE_DUMP64):$/.exec(line);
    if (head) { current = head[1]!; sections[current] = {}; continue; }
    const field = /^ {2}(\w+) : (0x[0-9a-f]+)/.exec(line);
    if (field && current) { sections[current]![field[1]!] = BigInt(field[2]!); continue; }
    if (line === '') current = '';
    const reg = /^(\w+) = (0x[0-9a-f]+)$/.exec(line);
    if (reg) registers[reg[1]!] = BigInt(reg[2]!);
  }
  return { header: sections['DUMP_HEADER64']!, triage: sections['TRIAGE_DUMP64']!, registers };
}

describe.skipIf(!have)('triage_x64.dmp against rizin ground truth', () => {
  const bytes = have ? new Uint8Array(readFileSync(DUMP)) : new Uint8Array();
  const parsed = have ? parseKernelDump(new BufferByteSource('triage_x64.dmp', bytes)) : null!;
  const r = parsed?.report;
  const exp = have ? expected() : null!;

  it('has every DUMP_HEADER64 field rizin prints', () => {
    const h = r.extra!['header'] as Record<string, string>;
    expect(Object.keys(exp.header).length).toBeGreaterThan(15);
    for (const [k, v] of Object.entries(exp.header)) expect(parseHex(h[k]!), k).toBe(v);
    expect(r.bugcheck).toEqual({ code: '0x1000007e', args: ['0xffffffffc0000005', '0xfffff8048b58334c', '0xffff850429891ee8', '0xffff850429891720'] });
    expect(r.system).toMatchObject({ arch: 'x64', osBuild: 19041, osVersion: '10.0.19041', processors: 16 });
    expect(r.dumpType).toBe('triage');
  });

  it('has every TRIAGE_DUMP64 field rizin prints', () => {
    const t = r.extra!['triage'] as Record<string, string>;
    expect(Object.keys(exp.triage).length).toBe(29);
    for (const [k, v] of Object.entries(exp.triage)) expect(parseHex(t[k]!), k).toBe(v);
  });

  it('lists the 151 drivers with names from the string pool', () => {
    expect(r.modules.filter((m) => !m.unloaded)).toHaveLength(151);
    expect(r.modules.filter((m) => m.unloaded).map((m) => [m.name, m.base, m.size])).toEqual([
      ['dam.sys', '0xfffff80487de0000', '0x1c000'],
      ['WdBoot.sys', '0xfffff80479d30000', '0x12000'],
      ['hwpolicy.sys', '0xfffff804802c0000', '0x11000'],
      ['mcupdate.dll', '0xfffff804793e0000', '0x29000'],
    ]);
    expect(r.modules[0]).toMatchObject({ name: 'ntoskrnl.exe', base: '0xfffff8047ba00000', size: '0x1046000' });
    expect(r.modules.map((m) => m.name)).toContain('amdppm.sys');
    const amdppm = r.modules.find((m) => m.name === 'amdppm.sys')!;
    const p2 = 0xfffff8048b58334cn;
    expect(p2 >= parseHex(amdppm.base) && p2 < parseHex(amdppm.base) + parseHex(amdppm.size)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it("the bug-checking thread's context is rizin's `dr` (KeBugCheckEx), the fault context is BugCheckParameter4", () => {
    const thread = r.threads[0]!.context!;
    for (const [name, v] of Object.entries(exp.registers)) {
      const ours = name === 'rflags' ? thread.registers['eflags'] : thread.registers[name];
      expect(parseHex(ours!), name).toBe(v);
    }
    // KeBugCheckEx's context comes from RtlCaptureContext (no CONTEXT_DEBUG_REGISTERS): its Dr slots are not shown.
    expect(thread.flags).toBe('0x10000f');
    expect(Object.keys(thread.registers).filter((k) => k.startsWith('dr'))).toEqual([]);
    expect(r.context?.flags).toBe('0x10001f');
    expect(r.context?.registers['dr7']).toBe('0x0');
    // The fault: the CONTEXT at Arg4 lies in the triage call stack; it is also what the header's ContextRecord holds.
    expect(r.context?.registers['rip']).toBe('0xfffff8048b58334c');
    expect(r.context?.registers['rsp']).toBe('0xffff850429892120'); // rizin's frame 8 (amdppm) sp
    expect(r.provenance['context']?.detail).toBe('CONTEXT at 0xffff850429891720 (DUMP_HEADER64.BugCheckParameter4)');
    expect(r.extra!['faultContextMatchesSaved']).toBe(true);
    expect(r.exception).toMatchObject({ code: '0xc0000005', address: '0xfffff8048b58334c', accessType: 'write', accessAddress: '0xffffffffffffffff' });
  });

  it('names the process and thread from the EPROCESS / ETHREAD copies', () => {
    expect(r.process).toBe('System');
    expect(r.processId).toBe(4);
    expect(r.crashingThreadId).toBe(0x108);
    expect(r.threads[0]!.id).toBe(0x108);
  });

  it('exposes the call stack through the AddressSpace', () => {
    const top = 0xffff850429890ee8n;
    const ret = parsed.memory.read(top + 8n * 0n, 8)!; // [rsp] at KeBugCheckEx = return into nt (rizin frame 1)
    expect(new DataView(ret.buffer, ret.byteOffset, 8).getBigUint64(0, true)).toBe(0xfffff8047be0f4e1n);
    expect(r.memory.find((m) => m.source === 'stack')).toEqual({ address: '0xffff850429890ee8', size: 0x2118, source: 'stack', label: 'call stack' });
    expect(r.crashTime).toBe('2021-02-21T01:38:22.987Z');
    expect(r.extra!['kdDebuggerData']).toMatchObject({ state: 'plain', KernBase: '0xfffff8047ba00000', PsLoadedModuleList: '0xfffff8047c62a390' });
  });

  it('lists the secondary data blobs after SizeOfDump', () => {
    const sd = r.extra!['secondaryData'] as { offset: string; BuildNumber: string; blobs: { Tag: string; DataOffset: string; DataSize: string }[] };
    expect(sd.offset).toBe('0x13a28c');
    expect(sd.BuildNumber).toBe('0xf0004a61');
    expect(sd.blobs).toHaveLength(20);
    expect(sd.blobs[0]).toEqual({ Tag: '54c84888-01d1-4c1e-bed6-282c98241303', DataOffset: '0x13a2bc', DataSize: '0x1000' });
    const last = sd.blobs[19]!;
    expect(parseHex(last.DataOffset) + parseHex(last.DataSize) + 4n).toBe(BigInt(bytes.length));
  });

  it('describes itself for `crashbench info`', () => {
    const lines = describeKernelDump(parsed);
    expect(lines[0]).toBe('Kernel dump (triage), DUMP_HEADER64');
    expect(lines.join('\n')).toContain('Drivers:       151 loaded, 4 unloaded');
    expect(lines.join('\n')).toContain('0x1000007e');
  });

  it('survives byte mutations with a ParseError or a report, never another exception', () => {
    const regions = [
      [0, 0x1100], // DUMP_HEADER64 incl. the PhysicalMemoryBlock, context, exception
      [0x2000, 0x2080], // TRIAGE_DUMP64
      [0x10828, 0x10828 + 151 * 0x90], // driver list
      [0x19438, 0x19438 + 0x7270], // data block table
      [0xe390 + 0x838, 0xe390 + 0x1100], // fault context and exception record on the stack
    ];
    let runs = 0;
    const work = bytes.slice();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(regions.length - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(7)), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 40 }),
        (muts, cut) => {
          runs++;
          // Mutate one working copy in place and restore it afterwards: copying 1.4 MB per case would dominate the run time.
          const copy = work;
          const saved: [number, number][] = [];
          const view = new DataView(copy.buffer, copy.byteOffset, copy.length);
          for (const [ri, at, value, width] of muts) {
            const [lo, hi] = regions[ri]!;
            const o = lo! + (at % (hi! - lo!));
            if (width >= 6) {
              const w = o & ~3;
              for (let k = 0; k < 4; k++) saved.push([w + k, copy[w + k]!]);
              view.setUint32(w, [0xffffffff, 0x7fffffff, 0x45474150, 0x80000000][value & 3]!, true);
            } else {
              saved.push([o, copy[o]!]);
              copy[o] = value;
            }
          }
          const restore = () => { for (let k = saved.length - 1; k >= 0; k--) copy[saved[k]![0]] = saved[k]![1]; };
          const src = new BufferByteSource('fuzz.dmp', cut === 0 ? copy.subarray(0, (muts[0]![1] % copy.length)) : copy);
          try {
            const p = openDump(src);
            JSON.stringify(p.report);
            p.memory.read(0xffff850429891720n, 0x100);
            describeKernelDump(p);
          } catch (e) {
            if (!isParseError(e)) throw e;
          } finally {
            restore();
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(runs).toBe(400);
    expect(work.every((v, i) => v === bytes[i])).toBe(true); // every mutation was undone
  });
});

describe('malformed corpus files', () => {
  const dir = path.join(CORPUS, 'malformed');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => !f.endsWith('.py')) : [];
  it.skipIf(files.length === 0)('each gives a ParseError naming structure and offset (kernel reader)', () => {
    for (const f of files) {
      const src = new BufferByteSource(f, new Uint8Array(readFileSync(path.join(dir, f))));
      let err: unknown;
      try {
        parseKernelDump(src);
      } catch (e) {
        err = e;
      }
      expect(isParseError(err), f).toBe(true);
      const pe = err as { structure: string; offset: number; message: string };
      expect(pe.structure.length, f).toBeGreaterThan(0);
      expect(pe.message, f).toMatch(/at offset 0x[0-9a-f]+/);
    }
  });
  it.skipIf(files.length === 0)('the kernel-dump ones name what is wrong', () => {
    const msg = (f: string) => {
      try {
        parseKernelDump(new BufferByteSource(f, new Uint8Array(readFileSync(path.join(dir, f)))));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(msg('pagedu64-triage-dumptype-0x77.dmp')).toContain('unsupported dump type 119');
    expect(msg('pagedu64-triage-trunc-4096b.dmp')).toContain('DUMP_HEADER64');
    expect(msg('pagedu64-triage-trunc-8192b.dmp')).toContain('TRIAGE_DUMP64');
  });
});
