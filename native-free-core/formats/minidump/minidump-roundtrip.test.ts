import { describe, expect, it } from 'vitest';
import { type SynthMinidump, writeMinidump } from '../../../tests/synth/minidump-writer';
import { BufferByteSource } from '../../io/byte-source';
import { readU64 } from '../../model/address-space';
import { MinidumpFile, describeMinidump, minidumpInfo, parseMinidump } from './index';

const src = (d: SynthMinidump, name = 'synth.dmp') => new BufferByteSource(name, writeMinidump(d));
const fill = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

const AMD64_DUMP: SynthMinidump = {
  timeDateStamp: 1_700_000_000,
  system: { arch: 'amd64', major: 10, minor: 0, build: 19045, csd: '', processors: 8, level: 6, revision: (0x9e << 8) | 0x0a },
  threads: [
    { id: 0x1000, teb: 0x7ff6000n, stack: { address: 0x5000_0000n, bytes: fill(0x200, 1) }, context: { arch: 'amd64', registers: { rip: 0x7ff7_0000_1234n, rsp: 0x5000_0100n, rax: 1n, r15: 0xdead_beef_cafe_f00dn, cs: 0x33, eflags: 0x246 } } },
    { id: 0x2000, teb: 0x7ff8000n, context: { arch: 'amd64', registers: { rip: 0x7ff8_0000_0010n, rsp: 0x6000_0000n } } },
  ],
  modules: [
    { base: 0x7ff7_0000_0000n, size: 0x20000, path: 'C:\\Program Files\\App\\app.exe', timestamp: 0x6543_2100, checksum: 0x1234, version: [1, 2, 3, 4], codeView: { kind: 'RSDS', guid: '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9', age: 0x1a, pdb: 'D:\\build\\app.pdb' } },
    { base: 0x7ff8_0000_0000n, size: 0x1000, path: 'C:\\Windows\\System32\\old.dll', codeView: { kind: 'NB10', signature: 0x3c4d5e6f, age: 3, pdb: 'old.pdb' } },
  ],
  unloadedModules: [{ base: 0x7ff9_0000_0000n, size: 0x3000, path: 'C:\\gone.dll', timestamp: 5 }],
  memory: [{ address: 0x1_0000n, bytes: fill(0x100, 2) }],
  memory64: [
    { address: 0x2000_0000n, bytes: fill(0x1000, 3) },
    { address: 0x2000_1000n, bytes: fill(0x1000, 4) },
    { address: 0x3000_0000n, bytes: fill(0x10, 5) },
  ],
  exception: {
    threadId: 0x1000,
    code: 0xc0000005,
    address: 0x7ff7_0000_1234n,
    parameters: [8n, 0x7ff7_0000_1234n],
    context: { arch: 'amd64', registers: { rip: 0x7ff7_0000_1234n, rsp: 0x5000_0080n, rbx: 42n } },
  },
  threadNames: [{ id: 0x2000, name: 'worker ü' }],
  misc: { version: 5, processId: 4242, createTime: 1_699_999_900, buildString: '19041.1.amd64fre.vb_release.191206-1406', dbgBuildString: 'dbg', timeZoneName: 'W. Europe Standard Time' },
  commentA: 'hello',
  commentW: 'wide ✓',
  handles: [{ handle: 4n, typeName: 'File', objectName: '\\Device\\Null' }, { handle: 8n }],
  breakpadInfo: { dumpThreadId: 0x2000, requestingThreadId: 0x1000 },
  rawStreams: [{ type: 0x12345678, bytes: fill(10, 0) }, { type: 0x43500001, bytes: new Uint8Array(52) }],
};

describe('synthetic minidump round trip', () => {
  const { report, memory } = parseMinidump(src(AMD64_DUMP));

  it('system, process, time', () => {
    expect(report.warnings).toEqual([]);
    expect(report.system).toEqual({ arch: 'x64', osVersion: '10.0.19045', osBuild: 19045, osProduct: 'Windows NT', processors: 8, cpu: 'family 6 model 158 stepping 10', buildString: '19041.1.amd64fre.vb_release.191206-1406' });
    expect(report.process).toBe('app.exe');
    expect(report.processId).toBe(4242);
    expect(report.uptimeSeconds).toBe(100);
    expect(report.crashTime).toBe(new Date(1_700_000_000_000).toISOString());
  });

  it('exception: execute access violation, context from the exception stream', () => {
    expect(report.exception).toEqual({ code: '0xc0000005', address: '0x7ff700001234', flags: '0x0', parameters: ['0x8', '0x7ff700001234'], threadId: 0x1000, accessType: 'execute', accessAddress: '0x7ff700001234' });
    expect(report.context!.registers).toMatchObject({ rip: '0x7ff700001234', rsp: '0x50000080', rbx: '0x2a' });
    expect(report.stack).toEqual([expect.objectContaining({ index: 0, address: '0x7ff700001234', module: 'app.exe', offset: '0x1234', trust: 'context' })]);
  });

  it('threads with names, stacks, TEBs and their own contexts', () => {
    expect(report.threads.map((t) => [t.id, t.name, t.crashed, t.teb, t.stackBase, t.stackSize])).toEqual([
      [0x1000, undefined, true, '0x7ff6000', '0x50000000', 0x200],
      [0x2000, 'worker ü', undefined, '0x7ff8000', undefined, undefined],
    ]);
    expect(report.threads[0]!.context!.registers).toMatchObject({ rip: '0x7ff700001234', r15: '0xdeadbeefcafef00d', cs: '0x33', eflags: '0x246', rax: '0x1' });
    expect(report.threads[0]!.context!.flags).toBe('0x100007');
  });

  it('modules: versions, RSDS and NB10 debug ids, unloaded modules', () => {
    expect(report.modules[0]).toMatchObject({ name: 'app.exe', path: 'C:\\Program Files\\App\\app.exe', base: '0x7ff700000000', size: '0x20000', version: '1.2.3.4', timestamp: 0x65432100, checksum: '0x1234', codeId: '6543210020000', debugFile: 'app.pdb', debugId: '0A1B2C3D4E5F60718293A4B5C6D7E8F91A' });
    expect(report.modules[1]).toMatchObject({ name: 'old.dll', debugFile: 'old.pdb', debugId: '3C4D5E6F3' });
    expect(report.modules[1]!.version).toBeUndefined();
    expect(report.modules[2]).toMatchObject({ name: 'gone.dll', unloaded: true, base: '0x7ff900000000' });
  });

  it('memory: MemoryList, Memory64List (contiguous ranges join), stacks, "not in dump"', () => {
    expect(memory.read(0x1_0000n, 0x100)).toEqual(fill(0x100, 2));
    expect(memory.read(0x2000_0ff8n, 16)).toEqual(Uint8Array.from([...fill(0x1000, 3).subarray(0xff8), ...fill(0x1000, 4).subarray(0, 8)]));
    expect(memory.read(0x3000_0000n, 0x10)).toEqual(fill(0x10, 5));
    expect(memory.read(0x3000_0000n, 0x11)).toBeNull();
    expect(memory.readPartial!(0x3000_0008n, 0x100)).toEqual(fill(0x10, 5).subarray(8));
    expect(readU64(memory, 0x5000_0000n)).toBe(new DataView(fill(8, 1).buffer).getBigUint64(0, true));
    expect(memory.read(0x4000_0000n, 1)).toBeNull();
    expect(report.memory.map((m) => [m.address, m.size, m.source, m.label])).toEqual([
      ['0x10000', 0x100, 'dump', 'MemoryList'],
      ['0x20000000', 0x2000, 'dump', 'Memory64List'],
      ['0x30000000', 0x10, 'dump', 'Memory64List'],
      ['0x50000000', 0x200, 'stack', 'stack of thread 0x1000'],
    ]);
    expect([...memory.ranges()]).toHaveLength(5);
  });

  it('extras: streams by name, misc info, handles, comments, Breakpad and Crashpad info, unknown streams', () => {
    const names = (report.extra!.streams as Array<{ name: string }>).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['SystemInfoStream', 'ThreadListStream', 'ModuleListStream', 'UnloadedModuleListStream', 'MemoryListStream', 'ExceptionStream', 'ThreadNamesStream', 'MiscInfoStream', 'CommentStreamA', 'CommentStreamW', 'HandleDataStream', 'BreakpadInfoStream', 'UnknownStream(0x12345678)', 'CrashpadInfoStream', 'Memory64ListStream']));
    expect(report.extra).toMatchObject({ handleCount: 2, commentA: 'hello', commentW: 'wide ✓', breakpadInfo: { DumpThreadId: 0x2000, RequestingThreadId: 0x1000 }, crashpadInfo: { version: 0 } });
    expect(report.extra!.miscInfo).toMatchObject({ SizeOfInfo: 1364, ProcessId: 4242, TimeZone: { StandardName: 'W. Europe Standard Time' }, DbgBldStr: 'dbg' });
    const file = MinidumpFile.open(src(AMD64_DUMP));
    expect(file.handleData()!.Handles.map((h) => [h.Handle, h.TypeName, h.ObjectName])).toEqual([[4n, 'File', '\\Device\\Null'], [8n, undefined, undefined]]);
    const text = describeMinidump({ report, memory }).join('\n');
    expect(text).toContain('Exception: 0xc0000005 at 0x7ff700001234, thread 0x1000, execute of 0x7ff700001234');
    expect(text).toContain('"worker ü"');
    expect(text).toContain('Comment (W): wide ✓');
    expect(text).toContain('Handles: 2');
    expect(text).toContain('00007ff700000000 - 00007ff70001ffff  app.exe  1.2.3.4  app.pdb 0A1B2C3D4E5F60718293A4B5C6D7E8F91A');
    expect(text).toContain('[12] UnknownStream(0x12345678): 10 bytes at 0x');
    expect(text).toContain('[0] SystemInfoStream (0x7): 56 bytes');
    const info = minidumpInfo(file);
    expect(JSON.parse(JSON.stringify(info))).toMatchObject({ format: 'minidump', process: 'app.exe', crashingThreadId: 0x1000, memory: { ranges: 4, bytes: 0x2310 }, threads: [{ id: 0x1000, crashed: true }, { id: 0x2000, name: 'worker ü' }] });
    expect(describeMinidump(file)).toEqual(describeMinidump({ report, memory }));
  });
});

describe('synthetic variants', () => {
  it('x86: 32-bit addresses, sign-extended parameter, fail-fast subcode', () => {
    const { report, memory } = parseMinidump(
      src({
        system: { arch: 'x86', major: 6, minor: 1, build: 7601, csd: 'Service Pack 1', vendor: 'AuthenticAMD', level: 23, revision: 0x0102 },
        threads: [{ id: 7, context: { arch: 'x86', registers: { eip: 0x401000, esp: 0x12ff00, eax: 0xffffffff } } }],
        exception: { threadId: 7, code: 0xc0000409, address: 0xffffffff_00401000n, parameters: [7n, 0xffffffff_80000000n], context: { arch: 'x86', registers: { eip: 0x401000, esp: 0x12ff00 } } },
      }),
    );
    expect(report.system).toMatchObject({ arch: 'x86', csdVersion: 'Service Pack 1', cpu: 'AuthenticAMD family 23 model 1 stepping 2' });
    expect(report.exception).toMatchObject({ code: '0xc0000409', address: '0x401000', subcode: '0x7', parameters: ['0x7', '0xffffffff80000000'] });
    expect(report.exception!.accessType).toBeUndefined();
    expect(report.threads[0]!.context!.registers).toMatchObject({ eip: '0x401000', eax: '0xffffffff' });
    expect(memory.pointerSize).toBe(4);
  });

  it('ARM64 contexts and a ThreadExList', () => {
    const { report } = parseMinidump(
      src({
        system: { arch: 'arm64', major: 10, minor: 0, build: 22621 },
        threadEx: true,
        threads: [{ id: 1, context: { arch: 'arm64', registers: { pc: 0xfff0_0000n, sp: 0x1000n, fp: 0x2000n, lr: 0x3000n, x0: 5n, x28: 6n, cpsr: 0x6000_0000 } } }],
        exception: { threadId: 1, code: 0xc0000005, address: 0xfff0_0000n, parameters: [1n, 0x10n], context: { arch: 'arm64', registers: { pc: 0xfff0_0000n, sp: 0x1000n } } },
      }),
    );
    expect(report.system.arch).toBe('arm64');
    expect(report.threads[0]!.context!.registers).toMatchObject({ pc: '0xfff00000', sp: '0x1000', fp: '0x2000', lr: '0x3000', x0: '0x5', x28: '0x6', cpsr: '0x60000000' });
    expect(report.exception).toMatchObject({ accessType: 'write', accessAddress: '0x10' });
    expect(report.stack[0]!.address).toBe('0xfff00000');
  });

  it('AMD64 context with an XSTATE trailer and a WOW64-style x86 context under an AMD64 SystemInfo', () => {
    const { report } = parseMinidump(
      src({
        system: { arch: 'amd64', major: 10, minor: 0, build: 22000 },
        threads: [
          { id: 1, context: { arch: 'amd64', flags: 0x100000 | 0x1 | 0x2 | 0x20 | 0x40, registers: { rip: 0x1234n }, trailer: fill(0x400, 9) } },
          { id: 2, context: { arch: 'x86', registers: { eip: 0x5678 } } },
        ],
      }),
    );
    expect(report.warnings).toEqual([]);
    expect(report.threads[0]!.context).toMatchObject({ arch: 'x64', flags: '0x100063', registers: { rip: '0x1234' } });
    expect(report.threads[1]!.context).toMatchObject({ arch: 'x86', registers: { eip: '0x5678' } });
  });

  it('MiscInfo versions 1 to 4 and a dump without optional streams', () => {
    for (const version of [1, 2, 3, 4] as const) {
      const { report } = parseMinidump(src({ misc: { version, processId: 9, buildString: 'b' } }));
      expect(report.processId).toBe(9);
      expect(report.system.buildString).toBe(version === 4 ? 'b' : undefined);
      expect(report.extra!.miscInfo).toMatchObject({ SizeOfInfo: [0, 24, 44, 232, 832][version] });
    }
    const { report } = parseMinidump(src({}));
    expect(report).toMatchObject({ threads: [], modules: [], stack: [], warnings: [] });
    expect(report.exception).toBeUndefined();
  });

  it('an exception stream without a context falls back to the crashing thread', () => {
    const { report } = parseMinidump(
      src({
        system: { arch: 'amd64', major: 10, minor: 0, build: 1 },
        threads: [{ id: 3, context: { arch: 'amd64', registers: { rip: 0x4010n } } }],
        modules: [{ base: 0x4000n, size: 0x1000, path: 'x.exe' }],
        exception: { threadId: 3, code: 0xc0000409, address: 0x4010n, parameters: [7n] },
      }),
    );
    expect(report.context!.registers.rip).toBe('0x4010');
    expect(report.provenance.context!.detail).toMatch(/ThreadListStream/);
    expect(report.stack[0]).toMatchObject({ address: '0x4010', module: 'x.exe', offset: '0x10' });
    expect(report.exception!.subcode).toBe('0x7');
    expect(report.warnings).toHaveLength(1);
  });

  it('Crashpad info: report and client ids, simple and module annotations', () => {
    const { report } = parseMinidump(
      src({
        modules: [{ base: 0x1000n, size: 0x1000, path: 'chrome.dll' }],
        crashpad: {
          reportId: '00112233-4455-6677-8899-aabbccddeeff',
          clientId: 'ffeeddcc-bbaa-9988-7766-554433221100',
          simple: JSON.parse('{"prod":"Chrome","ver":"120.0.1","__proto__":"odd key"}') as Record<string, string>,
          modules: [{ moduleIndex: 0, simple: { channel: 'beta' }, list: ['first', 'second'] }],
        },
      }),
    );
    expect(report.warnings).toEqual([]);
    expect(describeMinidump({ report, memory: { pointerSize: 8, read: () => null, ranges: () => [] } })).toEqual(expect.arrayContaining(['Crashpad report 00112233445566778899AABBCCDDEEFF', '  prod = Chrome']));
    const info = report.extra!.crashpadInfo as Record<string, unknown>;
    expect(info.reportId).toBe('00112233445566778899AABBCCDDEEFF');
    expect(info.clientId).toBe('FFEEDDCCBBAA99887766554433221100');
    const simple = info.simpleAnnotations as Record<string, string>;
    expect([simple.prod, simple.ver, simple['__proto__']]).toEqual(['Chrome', '120.0.1', 'odd key']);
    expect(Object.keys(simple)).toEqual(['prod', 'ver', '__proto__']);
    expect(JSON.parse(JSON.stringify(info.moduleAnnotations))).toEqual([{ moduleIndex: 0, simple: { channel: 'beta' }, list: ['first', 'second'] }]);
  });

  it('NumberParameters above 15 is clamped with a warning', () => {
    const { report } = parseMinidump(src({ exception: { threadId: 1, code: 0x80000003, address: 0n, parameters: [1n], numberParameters: 99 } }));
    expect(report.exception!.parameters).toHaveLength(15);
    expect(report.warnings.join()).toMatch(/NumberParameters 99/);
  });
});
