import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWinDbgText } from './index';
import { describeTranscript } from './describe';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus');
const TRANSCRIPTS = [
  ...['seed/crash1-analyze.txt', 'seed/crash2-stack.txt'],
  ...readdirSync(path.join(CORPUS, 'windbg-text')).filter((f) => f.endsWith('.txt')).map((f) => `windbg-text/${f}`),
].map((rel) => readFileSync(path.join(CORPUS, rel), 'utf8').split('\n'));

type Edit = { kind: 'delete' | 'duplicate' | 'truncate' | 'swap' | 'garble'; at: number; n: number };

const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'truncate', 'swap', 'garble'),
  at: fc.nat(1000),
  n: fc.nat(200),
});

function applyEdits(lines: string[], edits: Edit[]): string[] {
  const out = [...lines];
  for (const e of edits) {
    if (out.length === 0) break;
    const i = e.at % out.length;
    const line = out[i]!;
    switch (e.kind) {
      case 'delete':
        out.splice(i, 1);
        break;
      case 'duplicate':
        out.splice(i, 0, line);
        break;
      case 'truncate':
        out[i] = line.slice(0, e.n % (line.length + 1));
        break;
      case 'swap': {
        const j = (e.at + e.n) % out.length;
        out[i] = out[j]!;
        out[j] = line;
        break;
      }
      case 'garble':
        out[i] = line.slice(0, e.n % (line.length + 1)) + ' `:!@+0x()[]=?* ' + line.slice(e.n % (line.length + 1));
        break;
    }
  }
  return out;
}

function checkReport(text: string): void {
  const parsed = parseWinDbgText(text, 'fuzz.txt');
  const r = parsed.report;
  expect(r.format).toBe('windbg-text');
  expect(Array.isArray(r.stack)).toBe(true);
  expect(Array.isArray(r.warnings)).toBe(true);
  // Must stay plain JSON.
  JSON.stringify(r);
  for (const f of r.stack) expect(f.address).toMatch(/^0x[0-9a-f]+$/);
  for (const k of r.knownMemory ?? []) expect(k.bytes).toMatch(/^([0-9a-f]{2})+$/);
  describeTranscript(parsed);
  for (const range of parsed.memory.ranges()) parsed.memory.read(range.address, range.size);
  expect(r.warnings.some((w) => w.includes('could not be read'))).toBe(false);
}

describe('fuzzing the corpus transcripts', () => {
  it('never throws on random line deletions, duplications, truncations, swaps and garbling', () => {
    fc.assert(
      fc.property(fc.nat(TRANSCRIPTS.length - 1), fc.array(editArb, { minLength: 1, maxLength: 25 }), fc.boolean(), (which, edits, crlf) => {
        const lines = applyEdits(TRANSCRIPTS[which]!, edits);
        checkReport(lines.join(crlf ? '\r\n' : '\n'));
      }),
      { numRuns: 1000, seed: 20261125 },
    );
  });

  it('never throws on arbitrary text cut at any point', () => {
    fc.assert(
      fc.property(fc.nat(TRANSCRIPTS.length - 1), fc.nat(), (which, cut) => {
        const text = TRANSCRIPTS[which]!.join('\n');
        checkReport(text.slice(0, cut % (text.length + 1)));
      }),
      { numRuns: 500, seed: 7 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => checkReport(s)), { numRuns: 500, seed: 11 });
  });
});

describe('hostile text', () => {
  it('reads very long lines, whitespace runs and prompt floods without blowing up', () => {
    const cases = [
      'kd> kb\n' + ('8013ed5c 801263ba' + ' '.repeat(6000) + 'x\n').repeat(50),
      'kd> u x\n' + ('fffff880`0106f11e 488b31 mov ' + '!'.repeat(5000) + '\n').repeat(50),
      ('(1.2): ' + 'a '.repeat(3000) + ' - code \n').repeat(50),
      'kd> r\n'.repeat(5000),
      'kd> db 0\n' + ('00000000  ' + '00 '.repeat(2000) + '\n').repeat(50),
    ];
    for (const text of cases) {
      const r = parseWinDbgText(text, 'hostile.txt').report;
      expect(Array.isArray(r.warnings)).toBe(true);
    }
    const long = parseWinDbgText('kd> kb\n' + 'x'.repeat(10000) + '\n', 'long.txt').report;
    expect(long.warnings.some((w) => w.includes('longer than 4096'))).toBe(true);
  });
});
