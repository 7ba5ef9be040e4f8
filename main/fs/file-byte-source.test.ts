import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../native-free-core/io/parse-error';
import { FileByteSource } from './file-byte-source';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-fbs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('FileByteSource', () => {
  const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
  const file = path.join(dir, 'data.bin');
  fs.writeFileSync(file, bytes);

  it('reads ranges inside one cache page and across pages', () => {
    const src = new FileByteSource(file);
    expect(src.size).toBe(bytes.length);
    expect(Array.from(src.read(10, 5))).toEqual(Array.from(bytes.subarray(10, 15)));
    expect(Array.from(src.read(65530, 20))).toEqual(Array.from(bytes.subarray(65530, 65550)));
    expect(Buffer.from(src.read(0, 290_000)).equals(Buffer.from(bytes.subarray(0, 290_000)))).toBe(true);
    src.close();
  });

  it('names the file, structure and offset when a read passes the end', () => {
    const src = new FileByteSource(file);
    let error: unknown;
    try {
      src.read(299_990, 64, 'MINIDUMP_DIRECTORY');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^data\.bin: MINIDUMP_DIRECTORY at offset 0x493d6: needs 64 bytes/);
    src.close();
  });
});
