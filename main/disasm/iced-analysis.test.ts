import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeReport } from '../../native-free-core/analysis';
import { openDump } from '../../native-free-core/formats/open';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { IcedDisassembler } from './iced';

// Analysis with the real disassembler over the corpus: the faults each file is known for.
const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const dis = new IcedDisassembler();
afterAll(() => dis.dispose());

function analyze(rel: string) {
  const file = path.join(CORPUS, rel);
  const parsed = openDump(new BufferByteSource(path.basename(file), new Uint8Array(readFileSync(file))));
  return { parsed, result: analyzeReport(parsed, { disassembler: dis }) };
}

describe('analysis with iced-x86 on the corpus', () => {
  it('seed crash1: decodes the function from the u bytes and finds every step of the story', () => {
    const { result } = analyze('seed/crash1-analyze.txt');
    expect(result.findings.map((f) => f.id).sort()).toEqual([
      'branch-taken:0xfffff8800106f124', 'byte-lane-corruption:fltmgr!_NAME_CACHE_NODE@0xfffff8a00d106d40:4', 'fault-instruction',
      'pool-block:0xfffff8a00d106d58', 'pool-block:0xfffffa8008e13318', 'register-memory-mismatch:rsi', 'register-provenance:rsi', 'user-address-in-kernel',
    ]);
    expect(result.fault?.instruction).toEqual({ text: 'mov rax,qword ptr [rsi+20h]', bytes: '488b4620', source: 'disassembler' });
    const prov = result.findings.find((f) => f.id === 'register-provenance:rsi')!;
    expect(prov.data).toMatchObject({ walk: 'function', steps: [{ kind: 'load', address: '0xfffff8800106f11e', text: 'mov rsi,qword ptr [rcx]' }] });
    expect(result.findings.find((f) => f.id === 'register-memory-mismatch:rsi')!.data).toMatchObject({ hammingDistance: 38 });
  });

  it('minidump2 (x86): write AV at 0x45 is a NULL-pointer write', () => {
    const { result } = analyze('minidump/breakpad/minidump2.dmp');
    expect(result.fault).toMatchObject({ address: '0x40429e', access: 'write', effectiveAddress: '0x45', classes: ['null-pointer'] });
    expect(analyze('minidump/breakpad/minidump_32bit_crash_addr.dmp').result.fault?.effectiveAddress).toBe('0x45');
  });

  it('null_read_av: reads 0 through eax, which was set to 0 just before', () => {
    const { result } = analyze('minidump/breakpad/null_read_av.dmp');
    expect(result.fault).toMatchObject({ effectiveAddress: '0x0', access: 'read', classes: ['null-pointer'] });
    expect(result.fault?.instruction?.text).toBe('mov eax,dword ptr [eax]');
    expect(result.findings.find((f) => f.id === 'register-provenance:eax')?.text).toContain('mov eax,0');
  });

  it('write_av_non_canonical: the target comes from the instruction (0xfefefefefefefefe), not the exception parameter', () => {
    const { result } = analyze('minidump/breakpad/write_av_non_canonical.dmp');
    expect(result.fault).toMatchObject({ effectiveAddress: '0xfefefefefefefefe', access: 'write', classes: ['non-canonical-address'] });
  });

  it('exec_av_on_stack: execution outside any module', () => {
    const { result } = analyze('minidump/breakpad/exec_av_on_stack.dmp');
    expect(result.fault).toMatchObject({ address: '0x3df944', access: 'execute' });
    expect(result.fault?.classes).toContain('execute-non-code');
  });

  it('stack_exhaustion: stack overflow at the probe', () => {
    const { result } = analyze('minidump/breakpad/stack_exhaustion.dmp');
    expect(result.fault).toMatchObject({ classes: ['stack-overflow'], effectiveAddress: '0x102000' });
  });

  it('ascii_read_av: reads 0x41414141, a user address in a user process (no kernel finding)', () => {
    const { result } = analyze('minidump/breakpad/ascii_read_av.dmp');
    expect(result.fault).toMatchObject({ effectiveAddress: '0x41414141', access: 'read', classes: [] });
  });

  it('triage_x64: the exception context of 0x1000007E points into amdppm', () => {
    const { result } = analyze('kernel/triage_x64.dmp');
    expect(result.fault?.address).toBe('0xfffff8048b58334c');
    expect(result.fault?.instruction?.source).toBe('disassembler');
    expect(result.summary).toMatch(/^SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M \(1000007e\): c0000005 access violation/);
  });
});
