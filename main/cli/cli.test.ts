import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './io';
import { runCli } from './main';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

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
});
