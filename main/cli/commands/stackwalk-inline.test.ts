import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../run-captured';

const ROOT = path.resolve(__dirname, '../../..');
const DMP = path.resolve(ROOT, '../shared/corpus/minidump/breakpad/minidump2.dmp');

// A symbol folder whose test_app.sym is tests/fixtures/pdb/inline.sym (hand-written INLINE records).
const symbols = mkdtempSync(path.join(tmpdir(), 'cb-inline-'));
mkdirSync(path.join(symbols, 'test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1'), { recursive: true });
copyFileSync(path.join(ROOT, 'tests/fixtures/pdb/inline.sym'), path.join(symbols, 'test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym'));
afterAll(() => rmSync(symbols, { recursive: true, force: true }));

describe('inline frames in the CLI JSON', () => {
  it('stackwalk --json marks them "inline": true and keeps every other field', async () => {
    const r = await runCliCaptured('stackwalk', DMP, '--symbols', symbols, '--json');
    expect(r.code).toBe(0);
    const stack = JSON.parse(r.out) as Record<string, unknown>[];
    expect(stack.map((f) => [f.index, f.function, f.inline])).toEqual([
      [0, 'StoreValue(int *,int)', true],
      [1, "`anonymous namespace'::Poke(int *)", true],
      [2, "`anonymous namespace'::CrashFunction", undefined],
      [3, 'InvokeCrash()', true],
      [4, 'main', undefined],
      [5, '__tmainCRTStartup', undefined],
      [6, undefined, undefined],
    ]);
    expect(Object.keys(stack[0]!)).toEqual(['index', 'module', 'function', 'offset', 'address', 'file', 'line', 'trust', 'inline']);
  });

  it('analyze --json carries the same flag in its stack', async () => {
    const r = await runCliCaptured('analyze', DMP, '--symbols', symbols, '--json');
    expect(r.code).toBe(0);
    const stack = (JSON.parse(r.out) as { stack: Record<string, unknown>[] }).stack;
    expect(stack.filter((f) => f.inline === true).map((f) => f.function)).toEqual(['StoreValue(int *,int)', "`anonymous namespace'::Poke(int *)", 'InvokeCrash()']);
  });
});
