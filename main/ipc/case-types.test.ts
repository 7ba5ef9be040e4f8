import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_AT, sampleDump, sampleSymbolStore } from '../../tests/fixtures/pdb/sample-dump';
import { createAppContext } from '../app/context';
import type { AppContext } from './app-context';
import type { ResponseOf } from './contract';
import { dispatch, type Handlers } from './dispatch';
import { createHandlers } from './handlers';

const SEED1 = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'seed', 'crash1-analyze.txt');

let dir: string;
let ctx: AppContext;
let handlers: Handlers;
let dumpCase = 0;
let transcriptCase = 0;

async function dt(request: unknown): Promise<ResponseOf<'case:dt'>> {
  const r = await dispatch(handlers, 'case:dt', request);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as ResponseOf<'case:dt'>;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-dt-'));
  ctx = createAppContext('browser', path.join(dir, 'library'));
  handlers = createHandlers(ctx);
  const file = path.join(dir, 'sample.dmp');
  fs.writeFileSync(file, sampleDump());
  const r = await dispatch(handlers, 'import:paths', { paths: [file, SEED1] });
  if (!r.ok) throw new Error(r.error.message);
  const imported = (r.value as { imported: { caseId: number; file: string }[] }).imported;
  dumpCase = imported.find((i) => i.file.endsWith('sample.dmp'))!.caseId;
  transcriptCase = imported.find((i) => i.file.endsWith('crash1-analyze.txt'))!.caseId;
});

afterAll(() => {
  ctx.library.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("'case:dt' on a case's stored dump", () => {
  it('without the PDB on the symbol folders, says which PDB it looked for and where to add it', async () => {
    await dispatch(handlers, 'settings:set', { symbolPath: [path.join(dir, 'nothing-here')] });
    const r = await dispatch(handlers, 'case:dt', { caseId: dumpCase, type: 'sample!_EXAMPLE', address: '0x' + EXAMPLE_AT.toString(16) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('not-found');
    expect(r.error.message).toContain('looked for sample.pdb {5A9832E5-2872-41C1-838E-D98914E9B7FF} age 2');
    expect(r.error.message).toContain(path.join(dir, 'nothing-here'));
    expect(r.error.message).toContain('Settings → Symbol folders');
  });

  it('with the symbol folder in the settings, lays the type out and reads the values from the stored dump', async () => {
    const store = sampleSymbolStore(path.join(dir, 'symbols'));
    expect((await dispatch(handlers, 'settings:set', { symbolPath: [store] })).ok).toBe(true);
    const r = await dt({ caseId: dumpCase, type: 'sample!_EXAMPLE', address: '0x' + EXAMPLE_AT.toString(16) });
    expect(r).toMatchObject({ type: 'sample!_EXAMPLE', size: 72, address: '0x7ff610000000' });
    expect(r.pdb).toBe(path.join(store, 'sample.pdb', '5A9832E5287241C1838ED98914E9B7FF2', 'sample.pdb'));
    expect(r.fields.map((f) => [f.name, f.value])).toEqual([
      ['Links', '_LIST_ENTRY [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]'],
      ['Kind', '0y110'],
      ['Count', '0y00000000000000000001111101000 (0x3e8)'],
      ['Name', '[16]  "FMsl stream"'],
      ['Color', '1 ( Green )'],
      ['U', '<unnamed-tag>'],
      ['Stamp', '0x3f`00067e77'],
      ['Handler', '(null)'],
      ['AllocatorBackTraceIndex', '0x1234'],
    ]);
    const nested = await dt({ caseId: dumpCase, type: 'sample!_EXAMPLE', address: '0x' + EXAMPLE_AT.toString(16), depth: 1 });
    expect(nested.fields[0]!.children!.map((c) => c.value)).toEqual(['0xfffffa80`07043c60 _LIST_ENTRY', '0xfffffa80`08e03390 _LIST_ENTRY']);
    const layout = await dt({ caseId: dumpCase, type: '_VALUES' });
    expect(layout.fields.map((f) => [f.name, f.type, f.value])).toContainEqual(['Next', 'Ptr64 _EXAMPLE', undefined]);
  });

  it('refuses a transcript case and a malformed request with a message', async () => {
    const t = await dispatch(handlers, 'case:dt', { caseId: transcriptCase, type: '_EXAMPLE' });
    expect(t.ok ? 'ok' : t.error.code).toBe('bad-input');
    const bad = await dispatch(handlers, 'case:dt', { caseId: dumpCase, type: '_EXAMPLE', address: 'fffff880`0106f141' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid-request');
    const missing = await dispatch(handlers, 'case:dt', { caseId: 999_999, type: '_EXAMPLE' });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not-found');
  });
});
