import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMinidump } from '../../native-free-core/formats/minidump';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { stackwalkParsed } from './stackwalk';

const BP = path.resolve(__dirname, '../../../shared/corpus/minidump/breakpad');
const parsed = () => parseMinidump(new BufferByteSource('minidump2.dmp', readFileSync(path.join(BP, 'minidump2.dmp'))));

describe('stackwalkParsed', () => {
  it('prints minidump_stackwalk output with --symbols', () => {
    const r = stackwalkParsed(parsed(), { symbols: [path.join(BP, 'symbols')], format: 'breakpad' });
    expect(r.text).toBe(readFileSync(path.join(BP, 'expected/minidump2.stackwalk.out'), 'utf8'));
    expect(r.messages).toEqual([]);
  });

  it('takes the path from _NT_SYMBOL_PATH and prints WinDbg k', () => {
    const r = stackwalkParsed(parsed(), { env: { _NT_SYMBOL_PATH: `srv*${path.join(BP, 'symbols')}*https://msdl.example/symbols` } });
    expect(r.text.split('\n').slice(0, 3)).toEqual([
      'ChildEBP RetAddr  Call Site',
      "0012fe88 00404200 test_app!`anonymous namespace'::CrashFunction+0xe [c:\\test_app.cc @ 58]",
      '0012ff70 004053ec test_app!main+0x50 [c:\\test_app.cc @ 65]',
    ]);
  });

  it('gives the JSON stack array and names modules on the stack that lack symbols', () => {
    const r = stackwalkParsed(parsed(), { format: 'json' });
    const json = JSON.parse(r.text);
    expect(json.stack[0]).toEqual({ index: 0, address: '0x40429e', trust: 'context', module: 'test_app', offset: '0x429e', sp: '0x12fe84', returnAddress: '0x404200', args: ['0x8727b8', '0x7c9131dc', '0x0'] });
    expect(json.symbolMessages).toHaveLength(2);
    expect(json.symbolMessages[0]).toMatch(/^symbols not found for test_app\.exe/);
  });
});
