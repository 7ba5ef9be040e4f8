import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWinDbgText } from '../formats/windbg-text';
import { analyzeReport } from './analyze';
import { seedParsed } from './testdata/seed-report';
import { syntheticCrash } from './testdata/synthetic';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

const SEED_IDS = [
  'user-address-in-kernel',
  'register-memory-mismatch:rsi',
  'byte-lane-corruption:fltmgr!_NAME_CACHE_NODE@0xfffff8a00d106d40:4',
  'fault-instruction',
  'register-provenance:rsi',
  'branch-taken:0xfffff8800106f124',
  'pool-block:0xfffffa8008e13318',
  'pool-block:0xfffff8a00d106d58',
];

function checkSeed(result: ReturnType<typeof analyzeReport>) {
  const byId = new Map(result.findings.map((f) => [f.id, f]));
  expect(result.findings.map((f) => f.id).sort()).toEqual([...SEED_IDS].sort());
  expect(result.summary).toBe('SYSTEM_SERVICE_EXCEPTION (3b): c0000005 access violation reading 0000009d`00000020 in fltmgr!TreeUnlinkMulti+0x51');
  expect(result.bucket).toBe('X64_0x3B_fltmgr!TreeUnlinkMulti+51');
  expect(result.fault).toMatchObject({ address: '0xfffff8800106f141', effectiveAddress: '0x9d00000020', access: 'read', classes: ['user-address-in-kernel'] });

  const mismatch = byId.get('register-memory-mismatch:rsi')!;
  expect(mismatch.severity).toBe('high');
  expect(mismatch.text).toContain('mov rsi,qword ptr [rcx] at fffff880`0106f11e');
  expect(mismatch.text).toContain('fffff8a0`0d106d58');
  expect(mismatch.data).toMatchObject({ registerValue: '0x9d00000000', memoryValue: '0xfffff8a00d106d58', sourceAddress: '0xfffffa8008e13318', hammingDistance: 38 });
  expect(mismatch.evidence).toEqual(expect.arrayContaining([
    { kind: 'register', name: 'rsi', value: '0x9d00000000' },
    { kind: 'instruction', address: '0xfffff8800106f11e', text: 'mov rsi,qword ptr [rcx]' },
    { kind: 'memory', address: '0xfffffa8008e13318', size: 8, label: 'loaded from' },
    { kind: 'register', name: 'rcx', value: '0xfffffa8008e13318' },
  ]));

  const branch = byId.get('branch-taken:0xfffff8800106f124')!;
  expect(branch.text).toBe('test rsi,rsi; jne at fffff880`0106f121 took the branch on the non-zero value (rsi = 0000009d`00000000) on the way to the fault');

  const lane = byId.get('byte-lane-corruption:fltmgr!_NAME_CACHE_NODE@0xfffff8a00d106d40:4')!;
  const members = (lane.data!.members as { field: string; value: string; expected?: string }[]);
  expect(members.map((m) => [m.field, m.value, m.expected])).toEqual([
    ['ProvidingInstance', '0x8100000000', undefined],
    ['TreeLink.Link.Parent', '0xfffff8890d106d58', '0xfffff8a00d106d58'],
    ['TreeLink.Link.LeftChild', '0x1d00000000', undefined],
    ['TreeLink.TreeRoot', '0xfffffaff08e13318', '0xfffffa8008e13318'],
    ['NameInfo.Share.Buffer', '0xe800000000', undefined],
    ['NameInfo.Extension.Buffer', '0xf300000000', undefined],
    ['NameInfo.Stream.Buffer', '0x4100000000', undefined],
    ['NameInfo.FinalComponent.Buffer', '0xd900000000', undefined],
  ]);
  expect(lane.data!.bits).toEqual([32, 39]);
  expect(lane.data!.registers).toEqual([{ name: 'rsi', value: '0x9d00000000' }]);

  const pool = byId.get('pool-block:0xfffffa8008e13318')!;
  expect(pool.data).toMatchObject({ block: '0xfffffa8008e13270', tag: 'FMsl', offsetInBlock: 0xa8, offsetInBody: 0x98, owner: 'fltmgr.sys', description: 'STREAM_LIST_CTRL structure' });
  expect(pool.data!.structure).toMatchObject({ typeName: '_STREAM_LIST_CTRL', field: 'OpenedNameCache' });
  expect(pool.text).toContain('rcx');
  const node = byId.get('pool-block:0xfffff8a00d106d58')!;
  expect(node.data).toMatchObject({ tag: 'FMfn', description: 'NAME_CACHE_NODE structure' });
}

describe('analyzeReport on the seed crash', () => {
  it('yields exactly the seed findings from a hand-built report (text disassembly only)', () => {
    const parsed = seedParsed();
    const before = JSON.stringify(parsed.report);
    checkSeed(analyzeReport(parsed));
    expect(JSON.stringify(parsed.report)).toBe(before);
  });

  it('yields the same findings from the real transcript parser output', () => {
    const text = readFileSync(path.join(CORPUS, 'seed/crash1-analyze.txt'), 'utf8');
    const parsed = parseWinDbgText(text, 'crash1-analyze.txt');
    const result = analyzeReport(parsed);
    checkSeed(result);
    // Evidence links to the transcript lines: the load (118) and `dq @rcx` (133).
    const lines = result.findings.find((f) => f.id === 'register-memory-mismatch:rsi')!.evidence.filter((e) => e.kind === 'transcript-line');
    expect(lines).toEqual([{ kind: 'transcript-line', line: 118 }, { kind: 'transcript-line', line: 133 }]);
  });
});

describe('register provenance on synthetic cases', () => {
  const code = (first: string): [bigint, string][] => [
    [0x140001000n, first],
    [0x140001004n, 'mov     rdx,qword ptr [rax+10h]'],
  ];

  it('reports a single-bit flip between a register and its source memory', () => {
    const good = 0xffffa00012345000n;
    const parsed = syntheticCrash({
      registers: { rip: 0x140001004n, rax: good ^ (1n << 44n), rcx: 0xffffa00000001000n },
      code: code('mov     rax,qword ptr [rcx+8]'),
      memory: [[0xffffa00000001008n, good]],
      exception: { code: 0xc0000005, accessType: 'read' },
    });
    const ids = analyzeReport(parsed).findings.map((f) => f.id);
    expect(ids).toContain('register-memory-mismatch:rax');
    expect(ids).toContain('single-bit-flip:rax');
    const flip = analyzeReport(parsed).findings.find((f) => f.id === 'single-bit-flip:rax')!;
    expect(flip.data).toEqual({ bit: 44 });
    expect(flip.text).toContain('differ only in bit 44');
  });

  it('reports nothing suspicious for a consistent load', () => {
    const value = 0xffffa00012345000n;
    const parsed = syntheticCrash({
      registers: { rip: 0x140001004n, rax: value, rcx: 0xffffa00000001000n },
      code: code('mov     rax,qword ptr [rcx+8]'),
      memory: [[0xffffa00000001008n, value]],
      exception: { code: 0xc0000005, accessType: 'read' },
    });
    const findings = analyzeReport(parsed).findings;
    expect(findings.map((f) => f.kind)).not.toContain('register-memory-mismatch');
    expect(findings.map((f) => f.kind)).not.toContain('single-bit-flip');
    expect(findings.find((f) => f.id === 'register-provenance:rax')?.text).toContain('mov rax,qword ptr [rcx+8]');
  });

  it('follows mov and lea chains back to the load and adjusts the expected value', () => {
    const loaded = 0xffffa00012345000n;
    const parsed = syntheticCrash({
      registers: { rip: 0x14000100bn, rsi: loaded + 0x18n, rbx: loaded, rax: loaded, rcx: 0xffffa00000001000n },
      code: [
        [0x140001000n, 'mov     rax,qword ptr [rcx]'],
        [0x140001003n, 'mov     rbx,rax'],
        [0x140001006n, 'lea     rsi,[rbx+18h]'],
        [0x14000100bn, 'mov     edx,dword ptr [rsi+4]'],
      ],
      memory: [[0xffffa00000001000n, loaded ^ 0xff00000000n]],
      exception: { code: 0xc0000005, accessType: 'read' },
    });
    const result = analyzeReport(parsed);
    const prov = result.findings.find((f) => f.id === 'register-provenance:rsi')!;
    expect((prov.data!.steps as { kind: string }[]).map((s) => s.kind)).toEqual(['lea', 'copy', 'load']);
    const mismatch = result.findings.find((f) => f.id === 'register-memory-mismatch:rsi')!;
    expect(mismatch.data).toMatchObject({ registerValue: '0xffffa00012345000', memoryValue: '0xffffa0ff12345000', hammingDistance: 8 });
  });

  it('does not compare when the source register changed after the load', () => {
    const parsed = syntheticCrash({
      registers: { rip: 0x140001007n, rax: 0x1234n, rcx: 0xffffa00000002000n },
      code: [
        [0x140001000n, 'mov     rax,qword ptr [rcx]'],
        [0x140001003n, 'add     rcx,8'],
        [0x140001007n, 'mov     rdx,qword ptr [rax]'],
      ],
      memory: [[0xffffa00000002000n, 0x9999n], [0xffffa00000001ff8n, 0x5555n]],
      exception: { code: 0xc0000005, accessType: 'read' },
    });
    const ids = analyzeReport(parsed).findings.map((f) => f.id);
    expect(ids).toContain('register-provenance:rax');
    expect(ids).not.toContain('register-memory-mismatch:rax');
  });
});

describe('buckets of the WinDbg doc transcripts match the BUCKET_ID WinDbg printed', () => {
  for (const [file, bucket] of [
    ['analyze-v-0xd1-usbport-x86.txt', '0xD1_W_USBPORT!USBPORT_BadRequestFlush+7c'],
    ['analyze-v-user-80000003-x86.txt', '80000003_MyApp!FatalErrorBox+55'],
  ] as const) {
    it(file, () => {
      const parsed = parseWinDbgText(readFileSync(path.join(CORPUS, 'windbg-text', file), 'utf8'), file);
      expect(analyzeReport(parsed).bucket).toBe(bucket);
    });
  }

  it('0xD1: the write to 00000004 through edx = 0 is a NULL-pointer write', () => {
    const parsed = parseWinDbgText(readFileSync(path.join(CORPUS, 'windbg-text/analyze-v-0xd1-usbport-x86.txt'), 'utf8'), 'd1.txt');
    const r = analyzeReport(parsed);
    expect(r.fault).toMatchObject({ effectiveAddress: '0x4', access: 'write', classes: ['null-pointer'] });
    expect(r.summary).toBe('DRIVER_IRQL_NOT_LESS_OR_EQUAL (d1): writing 00000004 in USBPORT!USBPORT_BadRequestFlush+0x7c');
  });
});
