import { ParseError } from './parse-error';

/**
 * Random access to the bytes of one file. Implementations in main/ read a
 * file descriptor; tests and the browser use an in-memory array. Reads are
 * synchronous so parsers stay simple; callers run them in workers.
 */
export interface ByteSource {
  /** File name used in error messages (no directories needed). */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Reads exactly `length` bytes at `offset`. Implementations may return a
   * view into a shared buffer: copy it if you keep it.
   * Throws ParseError('truncated') when the range is not inside the file.
   */
  read(offset: number, length: number, structure?: string): Uint8Array;
}

/** Largest single read a parser may ask for; guards against absurd sizes in hostile headers. */
export const MAX_SINGLE_READ = 256 * 1024 * 1024;

export function checkRange(source: { name: string; size: number }, offset: number, length: number, structure: string): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ParseError('invalid', source.name, structure, Math.max(0, Number.isFinite(offset) ? offset : 0), `bad offset ${offset}`);
  }
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_SINGLE_READ) {
    throw new ParseError('limit', source.name, structure, offset, `refusing to read ${length} bytes`);
  }
  if (offset + length > source.size) {
    throw new ParseError(
      'truncated',
      source.name,
      structure,
      offset,
      `needs ${length} bytes but the file ends at 0x${source.size.toString(16)} (${source.size} bytes)`,
    );
  }
}

/** A ByteSource over bytes already in memory. */
export class BufferByteSource implements ByteSource {
  readonly size: number;
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {
    this.size = bytes.length;
  }
  read(offset: number, length: number, structure = 'data'): Uint8Array {
    checkRange(this, offset, length, structure);
    return this.bytes.subarray(offset, offset + length);
  }
}
