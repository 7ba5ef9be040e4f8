import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { llvmPdbutil } from '../../../tests/fixtures/pdb/llvm-pdbutil';
import { BufferByteSource } from '../../io/byte-source';
import { isParseError } from '../../io/parse-error';
import { readC13InlineeLines } from './c13-lines';
import { inlineSiteLines, readInlineSiteRecords, S_INLINESITE, S_INLINESITE2 } from './inline-sites';
import { inlineeName } from './ipi-names';
import { parsePdb } from './pdb-file';
import { symbolRecord } from './synthetic/build-pdb';

// inline.pdb was written by llvm-pdbutil yaml2pdb from inline.yaml (the annotations are spelled out there).
const FIXTURE = path.resolve(__dirname, '../../../tests/fixtures/pdb/inline.pdb');
const bytes = readFileSync(FIXTURE);

describe('binary annotations', () => {
  const u = (...b: number[]) => Uint8Array.from(b);

  it('turns code offset, length and line changes into ranges', () => {
    // ChangeCodeOffset 0x10; ChangeCodeOffsetAndLineOffset +4,+1; ChangeCodeLength 0xc; ChangeLineOffset -2;
    // ChangeCodeLengthAndCodeOffset 8,+0x10; padding
    expect(inlineSiteLines(u(0x03, 0x10, 0x0b, 0x24, 0x04, 0x0c, 0x06, 0x05, 0x0c, 0x08, 0x10, 0x00))).toEqual([
      { offset: 0x10, length: 4, lineDelta: 0 },
      { offset: 0x14, length: 0xc, lineDelta: 1 },
      { offset: 0x30, length: 8, lineDelta: -1 },
    ]);
  });

  it('reads 2- and 4-byte operands, the code offset base, file changes, and skips column operands', () => {
    // ChangeCodeOffsetBase 0x1000; ChangeFile 0x18; ChangeColumnStart 3; ChangeCodeOffset 0x1234 (2 bytes);
    // ChangeCodeLength 0x12345 (4 bytes)
    expect(inlineSiteLines(u(0x02, 0x90, 0x00, 0x05, 0x18, 0x09, 0x03, 0x03, 0x92, 0x34, 0x04, 0xc0, 0x01, 0x23, 0x45))).toEqual([
      { offset: 0x2234, length: 0x12345, lineDelta: 0, fileChecksum: 0x18 },
    ]);
    // CodeOffset sets the offset outright; the next ChangeCodeOffset starts the range from there.
    expect(inlineSiteLines(u(0x01, 0x40, 0x03, 0x00, 0x04, 0x02))).toEqual([{ offset: 0x40, length: 2, lineDelta: 0 }]);
  });

  it('drops a range left open at the end and stops at a malformed operand', () => {
    expect(inlineSiteLines(u(0x03, 0x10, 0x03, 0x04))).toEqual([{ offset: 0x10, length: 4, lineDelta: 0 }]);
    expect(inlineSiteLines(u(0x03, 0x10, 0x04, 0x02, 0x03, 0xe0))).toEqual([{ offset: 0x10, length: 2, lineDelta: 0 }]);
    expect(inlineSiteLines(u(0x0c, 0x04))).toEqual([]);
    expect(inlineSiteLines(u())).toEqual([]);
  });
});

describe('inline site records', () => {
  const proc = symbolRecord(0x1110, Uint8Array.from([...new Array(28).fill(0), 0x40, 0, 0, 0, 1, 0, 0, 0x66, 0]));
  const site = (kind: number, inlinee: number, ann: number[]) => symbolRecord(kind, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, inlinee & 0xff, inlinee >> 8, 0, 0, ...(kind === S_INLINESITE2 ? [1, 0, 0, 0] : []), ...ann]));
  const end = (kind: number) => symbolRecord(kind, new Uint8Array(0));
  const stream = (...recs: Uint8Array[]) => {
    const out = new Uint8Array(recs.reduce((n, r) => n + r.length, 0));
    recs.reduce((at, r) => (out.set(r, at), at + r.length), 0);
    return out;
  };

  it('follows the nesting by end records and reads both record kinds', () => {
    const b = stream(proc, site(S_INLINESITE, 0x1001, [0x03, 0x02, 0x04, 0x01]), site(S_INLINESITE2, 0x1002, [0x03, 0x02]), end(0x114e), end(0x114e), symbolRecord(0x1103, new Uint8Array(20)), site(S_INLINESITE, 0x1003, []), end(0x114e), end(0x0006), end(0x114f), site(S_INLINESITE, 0x1004, []));
    const r = readInlineSiteRecords(b, 0, b.length);
    expect(r.map((s) => [s.inlinee, s.depth, s.parentSite, s.procSegment, s.procOffset, s.annotations.length])).toEqual([
      [0x1001, 0, undefined, 1, 0x40, 4],
      [0x1002, 1, proc.length, 1, 0x40, 4],
      [0x1003, 0, undefined, 1, 0x40, 0],
    ]);
  });
});

describe('inline.pdb written by llvm-pdbutil yaml2pdb', () => {
  const pdb = parsePdb(new BufferByteSource('inline.pdb', bytes));

  it('reads the sites, their nesting, names from the IPI stream and lines from DEBUG_S_INLINEELINES', () => {
    expect(pdb.inlineSites().map((s) => [s.name, s.inlinee, s.depth, s.parentSite, s.procSegment, s.procOffset])).toEqual([
      ['Widget::poke', 0x1002, 0, undefined, 1, 16],
      ['ns::store', 0x1001, 1, 48, 1, 16],
      ['plain', 0x1003, 0, undefined, 1, 16],
    ]);
    const [poke, store, plain] = pdb.inlineSites();
    expect(poke!.lines).toEqual([
      { offset: 0x10, length: 4, line: 20, file: 'c:\\src\\inline.h' },
      { offset: 0x14, length: 0xc, line: 21, file: 'c:\\src\\inline.h' },
      { offset: 0x30, length: 8, line: 24, file: 'c:\\src\\inline.h' },
    ]);
    expect(store!.lines).toEqual([
      { offset: 0x16, length: 2, line: 40, file: 'c:\\src\\inline.h' },
      { offset: 0x18, length: 4, line: 39, file: 'c:\\src\\inline.cpp' },
    ]);
    expect(plain!.lines).toEqual([]);
  });

  const tool = llvmPdbutil();
  it.skipIf(!tool)('agrees with llvm-pdbutil dump -il -ids on inlinee lines and names', () => {
    const text = execFileSync(tool!, ['dump', '-il', '-ids', FIXTURE], { encoding: 'utf8' });
    const lines = [...text.matchAll(/0x([0-9A-F]{4}) \|\s+(\d+) \| (\S+)/g)].map((m) => [parseInt(m[1]!, 16), Number(m[2]), m[3]]);
    expect(lines.length).toBe(3);
    const m = pdb.dbi()!.modules[0]!;
    const stream = pdb.msf.readStream(m.ModuleSymStream, 'module');
    const il = readC13InlineeLines(stream, m.SymByteSize + m.C11ByteSize, m.C13ByteSize, pdb.names());
    for (const [id, line, file] of lines) {
      const e = il.inlinees.get(id as number)!;
      expect([e.line, il.fileName(e.fileChecksum)]).toEqual([line, file]);
    }
    const names = [...text.matchAll(/0x([0-9A-F]{4}) \| LF_M?FUNC_ID[^\n]*\n\s+name = (\w+)/g)].map((x) => [parseInt(x[1]!, 16), x[2]]);
    expect(names.length).toBe(3);
    for (const [id, name] of names) expect(inlineeName(pdb.ipi(), pdb.types(), id as number)).toMatch(new RegExp(`(^|::)${name}$`));
  });

  it.skipIf(!tool)('decodes the annotations as llvm-pdbutil does', () => {
    // llvm-pdbutil prints the annotations of S_INLINESITE only: turn the S_INLINESITE2 records of a copy into
    // S_INLINESITE, their 4-byte invocation count becoming two neutral ChangeLineOffset 0 operations.
    const copy = Uint8Array.from(bytes);
    const v = new DataView(copy.buffer);
    for (let i = 0; i + 16 < copy.length; i++) {
      if (v.getUint16(i, true) === S_INLINESITE2 && [0x1001, 0x1002].includes(v.getUint32(i + 10, true))) {
        v.setUint16(i, S_INLINESITE, true);
        copy.set([6, 0, 6, 0], i + 14);
      }
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-inl-'));
    try {
      writeFileSync(path.join(dir, 'patched.pdb'), copy);
      const text = execFileSync(tool!, ['dump', '-symbols', path.join(dir, 'patched.pdb')], { encoding: 'utf8' });
      const theirs = text.split(/\n\s+\d+ \| S_INLINESITE /).slice(1).map((block) => {
        // One operation per output line: "code 0x14 (+0x4) line 1 (+1)", "code end 0x20 (+0xC)", "line 4 (+3)".
        let line = 0;
        const out: [number, number][] = [];
        for (const text of block.split('\n')) {
          const l = / line (-?\d+) /.exec(` ${text} `);
          if (l) line = Number(l[1]);
          const c = /(?:^|\s)code (0x[0-9A-F]+)/.exec(text);
          if (c) out.push([Number(c[1]), line]);
        }
        return out;
      });
      const ours = parsePdb(new BufferByteSource('patched.pdb', copy)).inlineSites().map((st) => st.lines.map((l) => [l.offset, l.line! - (st.inlinee === 0x1002 ? 20 : 40)]));
      expect(ours.slice(0, 2)).toEqual(theirs.slice(0, 2));
      expect(theirs[0]).toEqual([[0x10, 0], [0x14, 1], [0x30, 4]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws anything but ParseError when the file is damaged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }), (edits) => {
        const b = Uint8Array.from(bytes);
        for (const [at, value] of edits) b[at] = value;
        try {
          const p = parsePdb(new BufferByteSource('fuzz.pdb', b));
          for (const s of p.inlineSites()) void s.lines.length;
        } catch (e) {
          if (!isParseError(e)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary module stream, annotation or id bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.nat(300), (b, n) => {
        readInlineSiteRecords(b, Math.min(n, b.length), b.length);
        inlineSiteLines(b);
        const il = readC13InlineeLines(b, 0, n, () => 'x');
        for (const id of il.inlinees.keys()) il.fileName(id);
      }),
      { numRuns: 1000 },
    );
  });
});
