import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeMinidump } from '../../../tests/synth/minidump-writer';
import { BufferByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import { MinidumpFile, describeMinidump, parseMinidump } from './index';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/minidump');
const seeds: Array<[string, Uint8Array]> = [
  ['minidump2.dmp', readFileSync(path.join(CORPUS, 'breakpad/minidump2.dmp'))],
  ['thread_name_list.dmp', readFileSync(path.join(CORPUS, 'breakpad/thread_name_list.dmp'))],
  ['tiny-exe-with-cet-xsave.dmp', readFileSync(path.join(CORPUS, 'breakpad/tiny-exe-with-cet-xsave.dmp'))],
  ['invalid-parameter.dmp', readFileSync(path.join(CORPUS, 'rust-minidump/invalid-parameter.dmp'))],
  [
    'synthetic.dmp',
    writeMinidump({
      system: { arch: 'amd64', major: 10, minor: 0, build: 1, csd: 'x' },
      threads: [{ id: 1, stack: { address: 0x1000n, bytes: new Uint8Array(64) }, context: { arch: 'amd64', registers: { rip: 5n } } }],
      modules: [{ base: 0x400000n, size: 0x1000, path: 'a.exe', version: [1, 2, 3, 4], codeView: { kind: 'RSDS', guid: '00112233445566778899aabbccddeeff', age: 1, pdb: 'a.pdb' } }],
      unloadedModules: [{ base: 0x500000n, size: 0x1000, path: 'b.dll' }],
      memory64: [{ address: 0x2000n, bytes: new Uint8Array(32) }],
      exception: { threadId: 1, code: 0xc0000005, address: 5n, parameters: [0n, 0n], context: { arch: 'amd64', registers: { rip: 5n } } },
      threadNames: [{ id: 1, name: 'main' }],
      misc: { version: 5, processId: 1, createTime: 1, buildString: 'b' },
      commentW: 'c',
      handles: [{ handle: 4n, typeName: 'File' }],
      rawStreams: [{ type: 0x47670002, bytes: new Uint8Array(776) }],
      crashpad: { reportId: '00112233445566778899aabbccddeeff', clientId: '00112233445566778899aabbccddeeff', simple: { a: 'b' }, modules: [{ moduleIndex: 0, simple: { c: 'd' }, list: ['e'] }] },
    }),
  ],
];

/** File offsets worth mutating: the header, the directory and the first bytes of every stream. */
function structureOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < 32; i += 4) out.push(i);
  try {
    const file = MinidumpFile.open(new BufferByteSource('seed', bytes));
    for (let i = 0; i < file.directory.length * 12; i += 4) out.push(file.header.StreamDirectoryRva + i);
    for (const d of file.directory) for (let i = 0; i < Math.min(d.Location.DataSize, 256); i += 4) out.push(d.Location.Rva + i);
  } catch {
    // a seed that does not open only gets random positions
  }
  return out.filter((o) => o + 4 <= bytes.length);
}

const INTERESTING = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0x10000, 0x100, 24, 44, 232, 832, 1364];

type Mutation = { kind: 'u32'; slot: number; value: number } | { kind: 'byte'; at: number; value: number } | { kind: 'truncate'; at: number };

const mutation = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('u32' as const), slot: fc.nat(), value: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat({ max: 0xffffffff })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

function mutate(seed: Uint8Array, offsets: number[], mutations: Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(seed);
  for (const m of mutations) {
    if (m.kind === 'u32') {
      const at = offsets.length ? offsets[m.slot % offsets.length]! : 0;
      if (at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at, m.value >>> 0, true);
    } else if (m.kind === 'byte') {
      if (bytes.length) bytes[m.at % bytes.length] = m.value;
    } else {
      bytes = bytes.subarray(0, m.at % (bytes.length + 1));
    }
  }
  return bytes;
}

/** Everything a caller may do with a parsed dump: none of it may throw anything but ParseError. */
function exercise(bytes: Uint8Array): void {
  const source = new BufferByteSource('fuzz.dmp', bytes);
  try {
    const parsed = parseMinidump(source);
    JSON.stringify(parsed.report);
    describeMinidump(parsed);
    for (const r of parsed.memory.ranges()) parsed.memory.read(r.address, Math.min(r.size, 64));
    parsed.memory.read(0x12fe84n, 16);
    const file = MinidumpFile.open(source);
    for (const d of file.directory) {
      try {
        file.readStream(d);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
}

describe('hostile string tables', () => {
  it('many thread names over one long string cost a bounded amount of work', () => {
    // Header, one directory entry, a 60,000-byte MINIDUMP_STRING, then 4,000 names that each start 4 bytes further into it.
    const stringAt = 64;
    const stringBytes = 60_000;
    const listAt = stringAt + 4 + stringBytes;
    const count = 4000;
    const bytes = new Uint8Array(listAt + 4 + count * 12);
    const v = new DataView(bytes.buffer);
    v.setUint32(0, 0x504d444d, true);
    v.setUint32(4, 0xa793, true);
    v.setUint32(8, 1, true);
    v.setUint32(12, 32, true);
    v.setUint32(32, 24, true);
    v.setUint32(36, 4 + count * 12, true);
    v.setUint32(40, listAt, true);
    bytes.fill(0x41, stringAt + 4, listAt);
    for (let i = 0; i < count; i++) v.setUint32(stringAt + i * 4, stringBytes - i * 4, true);
    v.setUint32(listAt, count, true);
    for (let i = 0; i < count; i++) {
      v.setUint32(listAt + 4 + i * 12, i + 1, true);
      v.setBigUint64(listAt + 8 + i * 12, BigInt(stringAt + i * 4), true);
    }
    const started = Date.now();
    const file = MinidumpFile.open(new BufferByteSource('names.dmp', bytes));
    expect(() => file.threadNames()).toThrow(/strings decoded so far exceed twice the file size/);
    expect(parseMinidump(new BufferByteSource('names.dmp', bytes)).report.warnings.join()).toMatch(/ThreadNamesStream/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('minidump mutation fuzz', () => {
  for (const [name, seed] of seeds) {
    it(`mutations of ${name} give a report or a ParseError`, () => {
      const offsets = structureOffsets(seed);
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
          exercise(mutate(seed, offsets, ms));
        }),
        // The 90 KiB seed costs more per case; fewer runs keep each test to about a second.
        { numRuns: seed.length > 64 * 1024 ? 250 : 400, seed: 0x5eed + name.length },
      );
    });
  }

  it('random bytes behind a valid signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 512 }), (tail) => {
        const bytes = new Uint8Array(4 + tail.length);
        bytes.set([0x4d, 0x44, 0x4d, 0x50]);
        bytes.set(tail, 4);
        exercise(bytes);
      }),
      { numRuns: 1000, seed: 42 },
    );
  });
});
