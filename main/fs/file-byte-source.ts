import fs from 'node:fs';
import path from 'node:path';
import { checkRange, type ByteSource } from '../../native-free-core/io/byte-source';

const PAGE = 64 * 1024;
const CACHE_PAGES = 64;

/**
 * A ByteSource over a file descriptor with a small page cache, so parsers
 * read multi-gigabyte dumps lazily. Close it when done.
 */
export class FileByteSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  private fd: number;
  private cache = new Map<number, Uint8Array>();

  constructor(readonly filePath: string) {
    this.name = path.basename(filePath);
    this.fd = fs.openSync(filePath, 'r');
    this.size = fs.fstatSync(this.fd).size;
  }

  read(offset: number, length: number, structure = 'data'): Uint8Array {
    checkRange(this, offset, length, structure);
    const first = Math.floor(offset / PAGE);
    const last = Math.floor((offset + Math.max(length, 1) - 1) / PAGE);
    if (first === last) {
      const page = this.page(first);
      const start = offset - first * PAGE;
      return page.subarray(start, start + length);
    }
    if (length > PAGE * 4) {
      const out = new Uint8Array(length);
      fs.readSync(this.fd, out, 0, length, offset);
      return out;
    }
    const out = new Uint8Array(length);
    let done = 0;
    for (let p = first; p <= last; p++) {
      const page = this.page(p);
      const start = p === first ? offset - p * PAGE : 0;
      const n = Math.min(page.length - start, length - done);
      out.set(page.subarray(start, start + n), done);
      done += n;
    }
    return out;
  }

  private page(index: number): Uint8Array {
    const hit = this.cache.get(index);
    if (hit) {
      this.cache.delete(index);
      this.cache.set(index, hit);
      return hit;
    }
    const size = Math.min(PAGE, this.size - index * PAGE);
    const buf = new Uint8Array(size);
    fs.readSync(this.fd, buf, 0, size, index * PAGE);
    this.cache.set(index, buf);
    if (this.cache.size > CACHE_PAGES) this.cache.delete(this.cache.keys().next().value!);
    return buf;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.cache.clear();
  }
}

export function withFileSource<T>(filePath: string, fn: (source: FileByteSource) => T): T {
  const source = new FileByteSource(filePath);
  try {
    return fn(source);
  } finally {
    source.close();
  }
}
