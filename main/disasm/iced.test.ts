import { afterAll, describe, expect, it } from 'vitest';
import { hexToBytes } from '../../native-free-core/model/hex';
import { IcedDisassembler } from './iced';

// fltmgr!TreeUnlinkMulti from the seed's `u` listing (address, bytes, WinDbg text).
const SEED: [bigint, string, string][] = [
  [0xfffff8800106f0f8n, '33ff', 'xor edi,edi'],
  [0xfffff8800106f0fan, '488be9', 'mov rbp,rcx'],
  [0xfffff8800106f0fdn, '4883faff', 'cmp rdx,0FFFFFFFFFFFFFFFFh'],
  [0xfffff8800106f101n, '0f840c010000', 'je fffff880`0106f213'],
  [0xfffff8800106f107n, '4c89642458', 'mov qword ptr [rsp+58h],r12'],
  [0xfffff8800106f10cn, '4c8be2', 'mov r12,rdx'],
  [0xfffff8800106f10fn, '4983f8ff', 'cmp r8,0FFFFFFFFFFFFFFFFh'],
  [0xfffff8800106f113n, '0f85eb450000', 'jne fffff880`01073704'],
  [0xfffff8800106f119n, '4889742450', 'mov qword ptr [rsp+50h],rsi'],
  [0xfffff8800106f11en, '488b31', 'mov rsi,qword ptr [rcx]'],
  [0xfffff8800106f121n, '4885f6', 'test rsi,rsi'],
  [0xfffff8800106f124n, '7518', 'jne fffff880`0106f13e'],
  [0xfffff8800106f126n, '488bdf', 'mov rbx,rdi'],
  [0xfffff8800106f129n, '488b742450', 'mov rsi,qword ptr [rsp+50h]'],
  [0xfffff8800106f12en, '488bc3', 'mov rax,rbx'],
  [0xfffff8800106f131n, '4c8b642458', 'mov r12,qword ptr [rsp+58h]'],
  [0xfffff8800106f136n, '4883c430', 'add rsp,30h'],
  [0xfffff8800106f13an, '5f', 'pop rdi'],
  [0xfffff8800106f13bn, '5d', 'pop rbp'],
  [0xfffff8800106f13cn, '5b', 'pop rbx'],
  [0xfffff8800106f13dn, 'c3', 'ret'],
  [0xfffff8800106f13en, '488bdf', 'mov rbx,rdi'],
  [0xfffff8800106f141n, '488b4620', 'mov rax,qword ptr [rsi+20h]'],
];

describe('IcedDisassembler', () => {
  const dis = new IcedDisassembler();
  afterAll(() => dis.dispose());

  it('prints the seed listing as WinDbg does', () => {
    const bytes = hexToBytes(SEED.map((s) => s[1]).join(''));
    const decoded = dis.decode(bytes, SEED[0]![0], 64);
    expect(decoded.map((d) => [d.address, d.text])).toEqual(SEED.map(([a, , t]) => [a, t]));
    expect(decoded.every((d) => !d.invalid)).toBe(true);
  });

  it('decodes the faulting instruction with its memory operand', () => {
    const [fault] = dis.decode(hexToBytes('488b4620'), 0xfffff8800106f141n, 64);
    expect(fault).toMatchObject({ mnemonic: 'mov', operands: 'rax,qword ptr [rsi+20h]', length: 4, readsMemory: true, writesMemory: false, flow: 'next' });
    expect(fault!.memory).toEqual({ base: 'rsi', scale: 1, displacement: 0x20n, size: 8 });
    expect(fault!.registersWritten).toEqual(['rax']);
    expect(fault!.registersRead).toContain('rsi');
  });

  it('normalises 32-bit writes to the 64-bit register and reports flow', () => {
    const d = dis.decode(hexToBytes('33ff' + '7518' + 'c3' + '488d4c2420' + 'cc' + '0f0b'), 0x1000n, 64);
    expect(d[0]!.registersWritten).toEqual(['rdi']);
    expect(d[1]).toMatchObject({ flow: 'conditional-branch', branchTarget: 0x101cn });
    expect(d[2]!.flow).toBe('return');
    expect(d[3]).toMatchObject({ text: 'lea rcx,[rsp+20h]', readsMemory: false });
    expect(d[3]!.memory).toMatchObject({ base: 'rsp', displacement: 0x20n, size: 0 });
    expect(d[4]).toMatchObject({ text: 'int 3', flow: 'interrupt' });
    expect(d[5]).toMatchObject({ text: 'ud2', flow: 'exception' });
  });

  it('decodes x86 with negative displacements and rip-relative x64 operands', () => {
    const [x86] = dis.decode(hexToBytes('8b45f8'), 0x401000n, 32);
    expect(x86).toMatchObject({ text: 'mov eax,dword ptr [ebp-8]', registersWritten: ['eax'] });
    expect(x86!.memory).toMatchObject({ base: 'ebp', displacement: -8n, size: 4 });
    const [rip] = dis.decode(hexToBytes('488b0510000000'), 0x1000n, 64);
    expect(rip!.memory!.absolute).toBe(0x1017n);
    expect(rip!.memory!.base).toBeUndefined();
  });

  it('marks undecodable bytes invalid without throwing', () => {
    const d = dis.decode(hexToBytes('0f'), 0n, 64);
    expect(d).toHaveLength(1);
    expect(d[0]!.invalid).toBe(true);
    expect(dis.decode(new Uint8Array(0), 0n, 64)).toEqual([]);
  });
});
