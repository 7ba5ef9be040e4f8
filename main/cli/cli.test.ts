import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './run-captured';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');


describe('crashbench CLI', () => {
  it('prints help and version', async () => {
    expect((await run('--help')).out).toMatch(/Usage: crashbench COMMAND/);
    expect((await run('version')).out).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on bad usage', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
    expect((await run('info')).code).toBe(2);
  });

  it('names the format of corpus files by content', async () => {
    const r = await run('info', '--json', path.join(CORPUS, 'kernel/triage_x64.dmp'), path.join(CORPUS, 'minidump/breakpad/minidump2.dmp'), path.join(CORPUS, 'seed/crash1-analyze.txt'));
    const results = JSON.parse(r.out) as { format: string }[];
    expect(results.map((x) => x.format)).toEqual(['kernel-dump', 'minidump', 'windbg-text']);
  });

  it('rejects a file that is not a crash dump with one line naming it', async () => {
    const r = await run('info', path.join(CORPUS, 'malformed/random-64KiB-seed1.bin'));
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/random-64KiB-seed1\.bin: not a crash dump/);
  });

  it('rejects an empty file and a missing file', async () => {
    expect((await run('info', path.join(CORPUS, 'malformed/empty-0b.dmp'))).err).toMatch(/empty-0b\.dmp: not a crash dump/);
    const missing = await run('info', path.join(CORPUS, 'no-such-file.dmp'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no such file/);
  });

  it('names the format of every dump and transcript in the corpus and reads it without error', async () => {
    const files = corpusFiles(CORPUS).filter((f) => !f.includes(`${path.sep}malformed${path.sep}`));
    expect(files.length).toBeGreaterThanOrEqual(39);
    for (const file of files) {
      const r = await run('info', '--json', file);
      const info = JSON.parse(r.out) as { format?: string; error?: string };
      expect({ file: path.basename(file), format: info.format, error: info.error }).toEqual({ file: path.basename(file), format: expect.stringMatching(/kernel-dump|minidump|windbg-text/), error: undefined });
    }
  });

  it('rejects every malformed file that is not a dump, and names structure and offset for damaged dumps', async () => {
    for (const file of corpusFiles(path.join(CORPUS, 'malformed'))) {
      const r = await run('info', file);
      const name = path.basename(file);
      if (/random|empty|trunc-0000b/.test(name)) expect(r.err).toMatch(new RegExp(`${name.replace(/\./g, '\\.')}: not a crash dump`));
      else if (r.code !== 0) expect(r.err).toMatch(new RegExp(`^crashbench: ${name.replace(/\./g, '\\.')}: \\S.* at offset 0x[0-9a-f]+: `));
    }
  });
});

function corpusFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['expected', 'licenses', 'symbols'].includes(e.name) ? [] : corpusFiles(p);
    return /\.(dmp|txt|bin)$/.test(e.name) && !e.name.endsWith('.expected.txt') ? [p] : [];
  });
}
