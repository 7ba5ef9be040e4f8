import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { formatStackwalk } from '../../native-free-core/unwind/stackwalk-output';
import { symbolPathFrom } from '../symbols/symbol-path';
import { messagesForStack, openAndWalk } from './walk';

const BP = path.resolve(__dirname, '../../../shared/corpus/minidump/breakpad');
const source = () => new BufferByteSource('minidump2.dmp', readFileSync(path.join(BP, 'minidump2.dmp')));

describe('openAndWalk (the stackwalk half of the pipeline)', () => {
  it('prints minidump_stackwalk output with the symbol folder', () => {
    const dump = openAndWalk(source(), { symbolPath: [path.join(BP, 'symbols')] });
    expect(formatStackwalk(dump, dump.walkedFrames, 'breakpad')).toBe(readFileSync(path.join(BP, 'expected/minidump2.stackwalk.out'), 'utf8'));
    expect(messagesForStack(dump)).toEqual([]);
  });

  it('takes the folders from _NT_SYMBOL_PATH and prints WinDbg k', () => {
    const symbolPath = symbolPathFrom({ env: { _NT_SYMBOL_PATH: `srv*${path.join(BP, 'symbols')}*https://msdl.example/symbols` } });
    const dump = openAndWalk(source(), { symbolPath });
    expect(formatStackwalk(dump, dump.walkedFrames, 'windbg').split('\n').slice(0, 3)).toEqual([
      'ChildEBP RetAddr  Call Site',
      "0012fe88 00404200 test_app!`anonymous namespace'::CrashFunction+0xe [c:\\test_app.cc @ 58]",
      '0012ff70 004053ec test_app!main+0x50 [c:\\test_app.cc @ 65]',
    ]);
  });

  it('gives the report stack and names the modules on the stack that lack symbols', () => {
    const dump = openAndWalk(source(), { symbolPath: [] });
    expect(dump.report.stack[0]).toEqual({ index: 0, address: '0x40429e', trust: 'context', module: 'test_app', offset: '0x429e', sp: '0x12fe84', returnAddress: '0x404200', args: ['0x8727b8', '0x7c9131dc', '0x0'] });
    const messages = messagesForStack(dump);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^symbols not found for test_app\.exe/);
  });
});
