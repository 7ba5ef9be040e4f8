import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import { readU32, readU64 } from '../../model/address-space';
import { openDump } from '../open';
import { MinidumpFile, describeMinidump, parseMinidump } from './index';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');
const BREAKPAD = path.join(CORPUS, 'minidump/breakpad');
const load = (p: string) => new BufferByteSource(path.basename(p), readFileSync(p));
const parse = (name: string) => parseMinidump(load(path.join(BREAKPAD, name)));

function allMinidumps(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.dmp')) {
        const head = readFileSync(p).subarray(0, 4);
        if (head.length === 4 && head.toString('latin1') === 'MDMP') out.push(p);
      }
    }
  };
  walk(path.join(CORPUS, 'minidump'));
  return out;
}

describe('every corpus minidump', () => {
  const files = allMinidumps();
  it('finds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(25));
  for (const f of files) {
    it(`opens ${path.relative(CORPUS, f)}`, () => {
      const source = load(f);
      if (f.includes('invalid-')) {
        // rust-minidump's fuzz-style files: the header parses, broken streams are warnings.
        const file = MinidumpFile.open(source);
        expect(file.directory.length).toBeGreaterThan(0);
        const { report } = parseMinidump(source);
        expect(report.format).toBe('minidump');
        return;
      }
      const { report, memory } = openDump(source);
      expect(report.format).toBe('minidump');
      expect(report.dumpType).toBe('minidump');
      expect(report.system.arch).toMatch(/^(x86|x64)$/);
      expect(report.threads.length).toBeGreaterThan(0);
      expect(report.modules.length).toBeGreaterThan(0);
      expect(report.warnings).toEqual([]);
      expect([...memory.ranges()].length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
      expect(describeMinidump({ report, memory }).length).toBeGreaterThan(5);
    });
  }
});

describe('minidump2.dmp against Breakpad minidump_stackwalk', () => {
  const { report } = parse('minidump2.dmp');
  const stackwalk = readFileSync(path.join(BREAKPAD, 'expected/minidump2.stackwalk.out'), 'utf8');
  const machine = readFileSync(path.join(BREAKPAD, 'expected/minidump2.stackwalk.machine_readable.out'), 'utf8');

  it('OS and CPU', () => {
    expect(stackwalk).toContain(`${report.system.osProduct}\n                  ${report.system.osVersion} ${report.system.csdVersion}`);
    expect(report.system).toMatchObject({ arch: 'x86', osVersion: '5.1.2600', osBuild: 2600, csdVersion: 'Service Pack 2', processors: 1, cpu: 'GenuineIntel family 6 model 13 stepping 8' });
    expect(stackwalk).toContain(`     ${report.system.cpu}\n     1 CPU`);
  });

  it('crash reason, address and parameters', () => {
    expect(stackwalk).toContain('Crash reason:  EXCEPTION_ACCESS_VIOLATION_WRITE');
    expect(report.exception).toMatchObject({ code: '0xc0000005', address: '0x40429e', accessType: 'write', accessAddress: '0x45', parameters: ['0x1', '0x45'], threadId: 0xbf4 });
    expect(stackwalk).toContain(`Crash address: ${report.exception!.accessAddress}`);
    expect(report.crashingThreadId).toBe(3060);
    expect(report.threads.find((t) => t.crashed)?.id).toBe(3060);
  });

  it('top frame registers as Breakpad prints them', () => {
    const regs = report.context!.registers;
    const frame0 = stackwalk.slice(stackwalk.indexOf('Thread 0'), stackwalk.indexOf(' 1  test_app'));
    for (const [, name, value] of frame0.matchAll(/(\w+) = 0x([0-9a-f]{8})/g)) {
      expect(regs[name === 'efl' ? 'eflags' : name!]).toBe('0x' + BigInt('0x' + value).toString(16));
    }
    expect(report.stack).toEqual([expect.objectContaining({ index: 0, address: '0x40429e', trust: 'context', module: 'test_app.exe', offset: '0x429e' })]);
  });

  it('module list: ranges, names and versions', () => {
    const expected = [...stackwalk.matchAll(/^0x([0-9a-f]+) - 0x([0-9a-f]+)  (\S+)  (\S+)/gm)].map((m) => ({ base: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), name: m[3], version: m[4] === '???' ? undefined : m[4] }));
    expect(expected).toHaveLength(13);
    const got = report.modules.map((m) => ({ base: BigInt(m.base), end: BigInt(m.base) + BigInt(m.size) - 1n, name: m.name, version: m.version })).sort((a, b) => (a.base < b.base ? -1 : 1));
    expect(got).toEqual(expected);
    expect(report.process).toBe('test_app.exe');
    expect(report.processId).toBe(3932);
    expect(report.crashTime).toBe('2007-02-14T19:13:55.000Z');
    expect(report.uptimeSeconds).toBe(0);
  });

  it('debug files and ids as minidump_stackwalk -m prints them', () => {
    const rows = machine.split('\n').filter((l) => l.startsWith('Module|')).map((l) => l.split('|'));
    expect(rows).toHaveLength(13);
    for (const [, name, version, debugFile, debugId, base] of rows) {
      const m = report.modules.find((x) => x.name === name)!;
      expect({ version: m.version ?? '', debugFile: m.debugFile, debugId: m.debugId, base: BigInt(m.base) }).toEqual({ version, debugFile, debugId, base: BigInt(base!) });
    }
    expect(report.modules[0]).toMatchObject({ path: 'c:\\test_app.exe', codeId: '45D35F6C2d000', debugId: '5A9832E5287241C1838ED98914E9B7FF1' });
  });
});

/** Blocks of minidump_dump output: the structure name and its `field = value` lines. */
function dumpOutBlocks(text: string): Array<{ title: string; fields: Map<string, string> }> {
  const blocks: Array<{ title: string; fields: Map<string, string> }> = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    let title = '';
    const fields = new Map<string, string>();
    for (const line of chunk.split('\n')) {
      const m = /^\s+(\S.*?)\s+= (.*)$/.exec(line);
      if (m && title) fields.set(m[1]!, m[2]!);
      else if (/^MD/.test(line)) title = line.trim();
    }
    if (title) blocks.push({ title, fields });
  }
  return blocks;
}
const num = (s: string | undefined) => BigInt(s!.split(' ')[0]!);

describe('raw structures of minidump2.dmp against minidump_dump (minidump2.dump.out)', () => {
  const file = MinidumpFile.open(load(path.join(BREAKPAD, 'minidump2.dmp')));
  const blocks = dumpOutBlocks(readFileSync(path.join(BREAKPAD, 'expected/minidump2.dump.out'), 'utf8'));
  const of = (title: string) => blocks.filter((b) => b.title === title).map((b) => b.fields);

  it('MINIDUMP_HEADER and MINIDUMP_DIRECTORY', () => {
    const h = of('MDRawHeader')[0]!;
    expect([file.header.Signature, file.header.Version, file.header.NumberOfStreams, file.header.StreamDirectoryRva, file.header.CheckSum, file.header.TimeDateStamp].map(BigInt)).toEqual(
      ['signature', 'version', 'stream_count', 'stream_directory_rva', 'checksum', 'time_date_stamp'].map((k) => num(h.get(k))),
    );
    expect(file.header.Flags).toBe(num(h.get('flags')));
    const dirs = of('MDRawDirectory');
    expect(dirs).toHaveLength(file.directory.length);
    dirs.forEach((d, i) => {
      const e = file.directory[i]!;
      expect([e.StreamType, e.Location.DataSize, e.Location.Rva].map(BigInt)).toEqual([num(d.get('stream_type')), num(d.get('location.data_size')), num(d.get('location.rva'))]);
    });
  });

  it('MINIDUMP_THREAD and their CONTEXT_X86', () => {
    const threads = of('MDRawThread');
    const list = file.threadList()!;
    expect(list).toHaveLength(threads.length);
    threads.forEach((t, i) => {
      const r = list[i]!;
      expect([r.ThreadId, r.SuspendCount, r.PriorityClass, r.Priority, r.Teb, r.Stack.StartOfMemoryRange, r.Stack.Memory.DataSize, r.Stack.Memory.Rva, r.ThreadContext.DataSize, r.ThreadContext.Rva].map(BigInt)).toEqual(
        ['thread_id', 'suspend_count', 'priority_class', 'priority', 'teb', 'stack.start_of_memory_range', 'stack.memory.data_size', 'stack.memory.rva', 'thread_context.data_size', 'thread_context.rva'].map((k) => num(t.get(k))),
      );
    });
    const { report } = parse('minidump2.dmp');
    const contexts = of('MDRawContextX86');
    const decoded = [report.threads[0]!.context!, report.threads[1]!.context!, report.context!];
    contexts.forEach((c, i) => {
      expect(BigInt(decoded[i]!.flags!)).toBe(num(c.get('context_flags')));
      for (const reg of ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'esp', 'eip', 'eflags', 'cs', 'ss', 'ds', 'es', 'fs', 'gs', 'dr0', 'dr7']) {
        expect(BigInt(decoded[i]!.registers[reg]!), reg).toBe(num(c.get(reg)));
      }
    });
  });

  it('MINIDUMP_MODULE, VS_FIXEDFILEINFO and CodeView records', () => {
    const mods = blocks.filter((b) => b.title === 'MDRawModule').map((b) => b.fields);
    const list = file.moduleList()!;
    const { report } = parse('minidump2.dmp');
    expect(list).toHaveLength(13);
    mods.forEach((m, i) => {
      const r = list[i]!;
      expect([r.BaseOfImage, r.SizeOfImage, r.CheckSum, r.TimeDateStamp, r.ModuleNameRva, r.VersionInfo.dwSignature, r.CvRecord.DataSize, r.CvRecord.Rva].map(BigInt)).toEqual(
        ['base_of_image', 'size_of_image', 'checksum', 'time_date_stamp', 'module_name_rva', 'version_info.signature', 'cv_record.data_size', 'cv_record.rva'].map((k) => num(m.get(k))),
      );
      expect(`0x${r.VersionInfo.dwFileVersionMS.toString(16)}:0x${r.VersionInfo.dwFileVersionLS.toString(16)}`).toBe(m.get('version_info.file_version'));
      const cv = file.codeView(r)!;
      expect('PdbFileName' in cv && `"${cv.PdbFileName}"`).toBe(m.get('(debug_file)'));
      expect(`"${report.modules[i]!.path}"`).toBe(m.get('(code_file)'));
      expect(`"${report.modules[i]!.codeId}"`).toBe(m.get('(code_identifier)'));
      expect(`"${report.modules[i]!.debugId}"`).toBe(m.get('(debug_identifier)'));
      expect(`"${report.modules[i]!.version ?? ''}"`).toBe(m.get('(version)'));
    });
  });

  it('MINIDUMP_MEMORY_DESCRIPTOR, MINIDUMP_EXCEPTION_STREAM, MINIDUMP_SYSTEM_INFO, MINIDUMP_MISC_INFO, Breakpad info', () => {
    of('MDMemoryDescriptor').forEach((d, i) => {
      const r = file.memoryList()![i]!;
      expect([r.StartOfMemoryRange, BigInt(r.Memory.DataSize), BigInt(r.Memory.Rva)]).toEqual([num(d.get('start_of_memory_range')), num(d.get('memory.data_size')), num(d.get('memory.rva'))]);
    });
    const e = of('MDException')[0]!;
    const ex = file.exception()!;
    expect([ex.ThreadId, ex.ExceptionRecord.ExceptionCode, ex.ExceptionRecord.ExceptionFlags, ex.ExceptionRecord.ExceptionRecord, ex.ExceptionRecord.ExceptionAddress, ex.ExceptionRecord.NumberParameters, ex.ExceptionRecord.ExceptionInformation[0], ex.ExceptionRecord.ExceptionInformation[1], ex.ThreadContext.DataSize, ex.ThreadContext.Rva].map(BigInt)).toEqual(
      ['thread_id', 'exception_record.exception_code', 'exception_record.exception_flags', 'exception_record.exception_record', 'exception_record.exception_address', 'exception_record.number_parameters', 'exception_record.exception_information[ 0]', 'exception_record.exception_information[ 1]', 'thread_context.data_size', 'thread_context.rva'].map((k) => num(e.get(k))),
    );
    const s = of('MDRawSystemInfo')[0]!;
    const si = file.systemInfo()!;
    expect([si.ProcessorArchitecture, si.ProcessorLevel, si.ProcessorRevision, si.NumberOfProcessors, si.ProductType, si.MajorVersion, si.MinorVersion, si.BuildNumber, si.PlatformId, si.CSDVersionRva, si.SuiteMask, ...si.Cpu.X86CpuInfo.VendorId, si.Cpu.X86CpuInfo.VersionInformation, si.Cpu.X86CpuInfo.FeatureInformation, si.Cpu.X86CpuInfo.AMDExtendedCpuFeatures].map(BigInt)).toEqual(
      ['processor_architecture', 'processor_level', 'processor_revision', 'number_of_processors', 'product_type', 'major_version', 'minor_version', 'build_number', 'platform_id', 'csd_version_rva', 'suite_mask', 'cpu.x86_cpu_info.vendor_id[0]', 'cpu.x86_cpu_info.vendor_id[1]', 'cpu.x86_cpu_info.vendor_id[2]', 'cpu.x86_cpu_info.version_information', 'cpu.x86_cpu_info.feature_information', 'cpu.x86_cpu_info.amd_extended_cpu_features'].map((k) => num(s.get(k))),
    );
    expect(`"${file.csdVersion()}"`).toBe(s.get('(csd_version)'));
    const m = of('MDRawMiscInfo')[0]!;
    const mi = file.miscInfo()!;
    expect([mi.SizeOfInfo, mi.Flags1, mi.ProcessId, mi.ProcessCreateTime, mi.ProcessUserTime, mi.ProcessKernelTime].map(BigInt)).toEqual(
      ['size_of_info', 'flags1', 'process_id', 'process_create_time', 'process_user_time', 'process_kernel_time'].map((k) => num(m.get(k))),
    );
    const b = of('MDRawBreakpadInfo')[0]!;
    const bi = file.breakpadInfo()!;
    expect([bi.Validity, bi.DumpThreadId, bi.RequestingThreadId].map(BigInt)).toEqual(['validity', 'dump_thread_id', 'requesting_thread_id'].map((k) => num(b.get(k))));
  });
});

describe('rust-minidump expectations for minidump2.dmp (their test.dmp)', () => {
  const { report, memory } = parse('minidump2.dmp');
  it('module 12 and the module list order', () => {
    expect(report.modules.map((m) => m.name)).toEqual(['test_app.exe', 'ntdll.dll', 'kernel32.dll', 'ole32.dll', 'advapi32.dll', 'rpcrt4.dll', 'gdi32.dll', 'user32.dll', 'msvcrt.dll', 'imm32.dll', 'dbghelp.dll', 'version.dll', 'psapi.dll']);
    expect(report.modules[12]).toMatchObject({ base: '0x76bf0000', size: '0xb000', path: 'C:\\WINDOWS\\system32\\psapi.dll', codeId: '411096CAb000', debugFile: 'psapi.pdb', debugId: 'A5C3A1F9689F43D8AD228A09293889702', version: '5.1.2600.2180' });
  });
  it('thread contexts', () => {
    expect(report.threads.map((t) => t.id)).toEqual([0xbf4, 0x11c0]);
    expect(report.threads[0]!.context!.registers).toMatchObject({ eip: '0x7c90eb94', esp: '0x12f320' });
    expect(report.context!.registers).toMatchObject({ eip: '0x40429e', esp: '0x12fe84' });
    expect(report.extra!.breakpadInfo).toMatchObject({ DumpThreadId: 0x11c0, RequestingThreadId: 0xbf4 });
  });
  it('stack memory of thread 0xbf4', () => {
    expect(memory.read(0x12f31cn, 1)).toEqual(new Uint8Array([0]));
    expect(readU32(memory, 0x12f31cn)).toBe(0);
    expect(readU64(memory, 0x12f31cn)).toBe(0x7c90e9c000000000n);
    expect(memory.read(0x12ffffn, 1)).toEqual(new Uint8Array([0]));
    expect(readU32(memory, 0x12fffcn)).toBe(0);
    expect(readU64(memory, 0x12fff8n)).toBe(0x405443n);
    expect(memory.read(0x12fff9n, 8)).toBeNull();
    expect(memory.read(0x10000n, 4)).toBeNull();
    expect(memory.pointerSize).toBe(4);
  });
});

describe('other Breakpad expectations', () => {
  it('Test32BitCrashingAddress: 0xffffffff00000045 is reported as 0x45', () => {
    const { report } = parse('minidump_32bit_crash_addr.dmp');
    expect(report.exception!.parameters![1]).toBe('0xffffffff00000045');
    expect(report.exception).toMatchObject({ accessType: 'write', accessAddress: '0x45', address: '0x40429e' });
  });
  it('XSTATE/CET contexts (x86 and amd64) decode and the dumps are not crashes', () => {
    const x86 = parse('tiny-exe-with-cet-xsave-x86.dmp').report;
    expect(x86.system).toMatchObject({ arch: 'x86', osVersion: '10.0.22631', cpu: 'GenuineIntel family 6 model 151 stepping 2' });
    expect(x86.exception).toBeUndefined();
    expect(x86.threads).toHaveLength(3);
    for (const t of x86.threads) expect(t.context!.registers.eip).toMatch(/^0x[0-9a-f]+$/);
    const x64 = parse('tiny-exe-with-cet-xsave.dmp').report;
    expect(x64.system).toMatchObject({ arch: 'x64', osVersion: '10.0.22000', csdVersion: '282', cpu: 'family 6 model 140 stepping 1' });
    expect(x64.exception).toBeUndefined();
    expect(x64.stack).toEqual([]);
    expect(x64.threads).toHaveLength(1);
    expect(BigInt(x64.threads[0]!.context!.flags!) & 0x100040n).toBe(0x100040n);
    expect(x64.threads[0]!.context!.registers.rip).toMatch(/^0x7ff/);
    expect(x64.modules.filter((m) => !m.unloaded)).toHaveLength(25);
    expect(x64.modules.filter((m) => m.unloaded).map((m) => m.name)).toEqual(['shcore.dll']);
    expect(x64.system.buildString).toBeTruthy();
    expect(x64.extra!.header).toMatchObject({ flags: '0x200000', flagNames: ['MiniDumpWithAvxXStateContext'] });
    // CET_U state after the CONTEXT: the shadow stack pointer, whose first entries are return addresses into loaded modules.
    const ssp = BigInt(x64.threads[0]!.context!.registers.ssp!);
    expect(ssp).toBe(0xcbc83fefc8n);
    const first = readU64(parse('tiny-exe-with-cet-xsave.dmp').memory, ssp)!;
    expect(x64.modules.some((m) => !m.unloaded && first >= BigInt(m.base) && first < BigInt(m.base) + BigInt(m.size))).toBe(true);
  });
  it('write_av_non_canonical: the raw parameters Windows recorded for a GPF', () => {
    const { report } = parse('write_av_non_canonical.dmp');
    expect(report.exception).toMatchObject({ code: '0xc0000005', address: '0x7ff738721331', accessType: 'read', accessAddress: '0xffffffffffffffff' });
    expect(report.context!.registers.rip).toBe('0x7ff738721331');
  });
  it('thread_name_list: names from ThreadNamesStream', () => {
    const { report } = parse('thread_name_list.dmp');
    const named = Object.fromEntries(report.threads.filter((t) => t.name).map((t) => [t.id, t.name]));
    expect(named).toEqual({ 0x19a4: 'main thread', 0x2274: 'sleep thread', 0x2ae0: 'overflow thread' });
    expect(report.threads.find((t) => t.crashed)!.name).toBe('overflow thread');
    expect(report.exception).toMatchObject({ code: '0xc0000005', address: '0x4015fd', accessType: 'read', accessAddress: '0xf1004' });
  });

  // CATALOG.md: code, pc, access and address of each exploitability dump.
  const exploitability: Array<[string, string, string, string | undefined, string | undefined]> = [
    ['ascii_read_av.dmp', '0xc0000005', '0xd6a6cd', 'read', '0x41414141'],
    ['ascii_read_av_block_write.dmp', '0xc0000005', '0x111a6cd', 'read', '0x41414141'],
    ['ascii_read_av_clobber_write.dmp', '0xc0000005', '0x96a6cd', 'read', '0x41414141'],
    ['ascii_read_av_conditional.dmp', '0xc0000005', '0x15a80d', 'read', '0x41414141'],
    ['ascii_read_av_then_jmp.dmp', '0xc0000005', '0xe2a6cd', 'read', '0x41414141'],
    ['ascii_read_av_xchg_write.dmp', '0xc0000005', '0xa3a6cd', 'read', '0x41414141'],
    ['ascii_write_av.dmp', '0xc0000005', '0x3a6cd', 'write', '0x41414141'],
    ['ascii_write_av_arg_to_call.dmp', '0xc0000005', '0x2ba6cd', 'write', '0x41414141'],
    ['exec_av_on_stack.dmp', '0xc0000005', '0x3df944', 'execute', '0x3df944'],
    ['null_read_av.dmp', '0xc0000005', '0x90a6cd', 'read', '0x0'],
    ['null_write_av.dmp', '0xc0000005', '0x103a6cd', 'write', '0x0'],
    ['read_av_clobber_write.dmp', '0xc0000005', '0x101098', 'read', '0x4e3c9'],
    ['read_av_conditional.dmp', '0xc0000005', '0xd4109e', 'read', '0x4e3c9'],
    ['read_av_non_null.dmp', '0xc0000005', '0x991098', 'read', '0x4e3c9'],
    ['write_av_non_null.dmp', '0xc0000005', '0xc11097', 'write', '0x4e3c9'],
    ['stack_exhaustion.dmp', '0xc00000fd', '0xdea637', undefined, undefined],
  ];
  for (const [name, code, address, accessType, accessAddress] of exploitability) {
    it(`exploitability dump ${name}: ${code} at ${address}`, () => {
      const { report } = parse(name);
      expect(report.exception!.code).toBe(code);
      expect(report.exception!.address).toBe(address);
      expect(report.exception!.accessType).toBe(accessType);
      expect(report.exception!.accessAddress).toBe(accessAddress);
      expect(report.system).toMatchObject({ arch: 'x86', osVersion: '6.1.7600' });
      expect(report.stack[0]!.address).toBe(address);
    });
  }
});

describe('rust-minidump test files', () => {
  it('invalid-parameter.dmp: Breakpad assertion stream', () => {
    const { report } = parseMinidump(load(path.join(CORPUS, 'minidump/rust-minidump/invalid-parameter.dmp')));
    expect(report.extra!.assertion).toEqual({ Expression: 'format != nullptr', Function: 'common_vfprintf', File: 'minkernel\\crts\\ucrt\\src\\appcrt\\stdio\\output.cpp', Line: 32, Type: 1 });
    expect(report.exception).toMatchObject({ code: '0xc000000d' });
    expect(describeMinidump(parseMinidump(load(path.join(CORPUS, 'minidump/rust-minidump/invalid-parameter.dmp'))))).toContain(
      'Assertion: format != nullptr in common_vfprintf (minkernel\\crts\\ucrt\\src\\appcrt\\stdio\\output.cpp:32)',
    );
  });
  for (const name of ['invalid-range.dmp', 'invalid-record-count.dmp']) {
    it(`${name}: header parses, streams outside the file give ParseErrors and warnings`, () => {
      const source = load(path.join(CORPUS, 'minidump/rust-minidump', name));
      const file = MinidumpFile.open(source);
      const outside = file.directory.filter((d) => d.Location.Rva + d.Location.DataSize > source.size);
      expect(outside.length).toBeGreaterThan(0);
      for (const d of outside) expect(() => file.readStream(d)).toThrow(ParseError);
      const { report } = parseMinidump(source);
      expect(report.warnings.filter((w) => /run past the end of the file/.test(w))).toHaveLength(outside.length);
    });
  }
  it('an empty input fails with "missing header"', () => {
    expect(() => parseMinidump(new BufferByteSource('empty.dmp', new Uint8Array(0)))).toThrow(/missing header/);
  });
});

describe('corpus/malformed minidumps', () => {
  const dir = path.join(CORPUS, 'malformed');
  for (const name of readdirSync(dir).filter((f) => f.startsWith('mdmp-'))) {
    it(`${name} gives a ParseError or a report with warnings`, () => {
      const source = load(path.join(dir, name));
      try {
        const { report } = parseMinidump(source);
        expect(report.warnings.length).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        expect((e as ParseError).message).toMatch(/^mdmp-.*: \S+.* at offset 0x[0-9a-f]+: /);
      }
    });
  }
  it('NumberOfStreams 0xffffffff names the directory and its offset', () => {
    expect(() => parseMinidump(load(path.join(dir, 'mdmp-num-streams-ffffffff.dmp')))).toThrow(/MINIDUMP_DIRECTORY\[\] at offset 0x20: NumberOfStreams 4294967295/);
  });
  it('StreamDirectoryRva past the end', () => {
    expect(() => parseMinidump(load(path.join(dir, 'mdmp-stream-dir-rva-past-eof.dmp')))).toThrow(/MINIDUMP_DIRECTORY\[\] at offset 0x7fffffff/);
  });
  it('half a file still yields what it holds', () => {
    const { report } = parseMinidump(load(path.join(dir, 'mdmp-trunc-half-5658b.dmp')));
    expect(report.system.arch).toBe('x86');
    expect(report.exception?.code).toBe('0xc0000005');
    expect(report.warnings.some((w) => /ModuleListStream|MemoryList/.test(w))).toBe(true);
  });
});
