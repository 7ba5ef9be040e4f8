import { describe, expect, it } from 'vitest';
import { analyzeReport } from './analyze';
import { syntheticCrash, type SyntheticCrash } from './testdata/synthetic';

const RIP = 0xfffff80012340010n;

function classify(d: Partial<SyntheticCrash> & { text?: string }) {
  const parsed = syntheticCrash({
    registers: { rip: RIP, rsp: 0xfffff88000001000n, ...(d.registers ?? {}) },
    code: d.code ?? (d.text ? [[RIP, d.text]] : undefined),
    ...d,
  } as SyntheticCrash);
  return analyzeReport(parsed);
}

describe('fault classification', () => {
  it('near-NULL reads are NULL-pointer dereferences', () => {
    const r = classify({ text: 'mov rax,qword ptr [rcx+18h]', registers: { rip: RIP, rcx: 0n }, exception: { code: 0xc0000005 } });
    expect(r.fault?.classes).toEqual(['null-pointer']);
    expect(r.fault?.effectiveAddress).toBe('0x18');
    expect(r.findings.find((f) => f.id === 'null-pointer')?.evidence).toContainEqual({ kind: 'register', name: 'rcx', value: '0x0' });
  });

  it('non-canonical effective addresses are named from the instruction, not the exception parameter', () => {
    const r = classify({ code: [[0x7ff738721331n, 'mov qword ptr [rax+rcx],41414141h']], registers: { rip: 0x7ff738721331n, rax: 0n, rcx: 0xfefefefefefefefen }, exception: { code: 0xc0000005, accessType: 'read', accessAddress: 0xffffffffffffffffn } });
    expect(r.fault).toMatchObject({ classes: ['non-canonical-address'], effectiveAddress: '0xfefefefefefefefe', access: 'write' });
  });

  it('user addresses touched by kernel code', () => {
    const r = classify({ text: 'mov rax,qword ptr [rsi+20h]', registers: { rip: RIP, rsi: 0x9d00000000n }, bugcheck: { code: 0x3b, args: [0xc0000005n, RIP, 0n, 0n] } });
    expect(r.fault?.classes).toEqual(['user-address-in-kernel']);
    expect(r.fault?.kernelMode).toBe(true);
  });

  it('write to read-only memory (bug check 0xBE and writes into module images)', () => {
    expect(classify({ text: 'mov dword ptr [rcx],eax', registers: { rip: RIP, rcx: 0xfffff80012000000n }, bugcheck: { code: 0xbe, args: [0xfffff80012000000n, 0n, 0n, 0n] } }).fault?.classes).toContain('write-to-read-only');
    const user = classify({
      text: 'mov dword ptr [ecx],eax', arch: 'x86', registers: { eip: 0x401000n, ecx: 0x402010n, esp: 0x12f000n },
      code: [[0x401000n, 'mov dword ptr [ecx],eax']], exception: { code: 0xc0000005, accessType: 'write', accessAddress: 0x402010n },
      modules: [{ name: 'app.exe', base: 0x400000n, size: 0x10000 }],
    });
    expect(user.fault?.classes).toEqual(['write-to-read-only']);
  });

  it('execution outside any module', () => {
    const r = classify({ arch: 'x86', registers: { eip: 0x3df944n, esp: 0x3df000n }, exception: { code: 0xc0000005, accessType: 'execute', accessAddress: 0x3df944n }, modules: [{ name: 'crashme.exe', base: 0x900000n, size: 0x20000 }] });
    expect(r.fault?.classes).toContain('execute-non-code');
    expect(r.findings.map((f) => f.id)).toContain('execute-non-code');
  });

  it('stack overflow', () => {
    const r = classify({ arch: 'x86', text: 'test dword ptr [eax],eax', registers: { eip: 0xdea637n, eax: 0x102000n, esp: 0x102100n }, code: [[0xdea637n, 'test dword ptr [eax],eax']], exception: { code: 0xc00000fd } });
    expect(r.fault?.classes).toEqual(['stack-overflow']);
  });

  it('fail-fast with its subcode, from the exception or bug check 0x139', () => {
    const ex = classify({ text: 'int 29h', registers: { rip: RIP, rcx: 3n }, exception: { code: 0xc0000409, parameters: [3n] } });
    expect(ex.fault?.instruction?.text).toBe('int 29h');
    expect(classify({ text: 'int 29h', registers: { rip: RIP, rcx: 7n } }).fault?.failFastName).toBe('FAST_FAIL_FATAL_APP_EXIT');
    expect(ex.fault).toMatchObject({ classes: ['fail-fast'], failFastCode: '0x3', failFastName: 'FAST_FAIL_CORRUPT_LIST_ENTRY' });
    expect(ex.summary).toContain('stack buffer overrun (FAST_FAIL_CORRUPT_LIST_ENTRY)');
    const bc = classify({ bugcheck: { code: 0x139, args: [2n, 0n, 0n, 0n] } });
    expect(bc.fault?.failFastName).toBe('FAST_FAIL_STACK_COOKIE_CHECK_FAILURE');
  });

  it('misaligned SSE accesses', () => {
    const r = classify({ text: 'movaps xmmword ptr [rsp+28h],xmm0', registers: { rip: RIP, rsp: 0xfffff88000001000n }, exception: { code: 0xc0000005 } });
    expect(r.fault?.classes).toContain('misaligned-access');
  });

  it('int3 and ud2', () => {
    expect(classify({ text: 'int 3', exception: { code: 0x80000003 } }).fault?.classes).toEqual(['breakpoint']);
    expect(classify({ text: 'int3' }).fault?.classes).toEqual(['breakpoint']);
    expect(classify({ text: 'ud2' }).fault?.classes).toEqual(['invalid-instruction']);
    expect(classify({ text: 'ud2', registers: { rip: RIP }, exception: { code: 0xc000001d } }).fault?.classes).toEqual(['invalid-instruction']);
  });

  it('software exceptions do not blame the instruction at ip', () => {
    const r = classify({ text: 'mov dword ptr [rsp+390h],0C000000Dh', registers: { rip: 0x7ff612340010n, rsp: 0x10000n }, exception: { code: 0xc000000d } });
    expect(r.fault?.instruction).toBeUndefined();
    expect(r.findings.map((f) => f.id)).not.toContain('fault-instruction');
  });

  it('no fault address, no fault', () => {
    const parsed = syntheticCrash({ registers: {}, bugcheck: { code: 0xe2, args: [0n, 0n, 0n, 0n] } });
    const r = analyzeReport(parsed);
    expect(r.fault).toBeUndefined();
    expect(r.summary).toBe('MANUALLY_INITIATED_CRASH (e2): 0x0 0x0 0x0 0x0');
  });
});
