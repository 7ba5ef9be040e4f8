import type { ByteSource } from '../../io/byte-source';
import type { AddressSpace } from '../../model/address-space';
import { type CodeViewRecord, readCodeView } from './codeview';
import { type PeExports, readExports } from './exports';
import { type PeHeaders, readPeHeaders } from './headers';
import { FileImageReader, type ImageReader, MemoryImageReader } from './image-reader';
import { type RuntimeFunctionTable, readRuntimeFunctions } from './pdata';
import { readUnwindInfo, type UNWIND_INFO } from './unwind-info';

/** A PE image (file or dump memory) with its tables read on first use. */
export class PeImage {
  private exportsCache?: PeExports | null;
  private codeViewCache?: CodeViewRecord | null;
  private pdataCache?: RuntimeFunctionTable;
  private readonly unwindCache = new Map<number, UNWIND_INFO | null>();

  private constructor(
    readonly reader: ImageReader,
    readonly headers: PeHeaders,
  ) {}

  /** Opens an image file; throws ParseError when it is not a PE. */
  static fromFile(source: ByteSource): PeImage {
    const reader = new FileImageReader(source);
    const headers = readPeHeaders(reader);
    reader.sizeOfHeaders = Math.min(headers.SizeOfHeaders || 0x1000, source.size);
    reader.sections = headers.sections.map((s) => ({ virtualAddress: s.VirtualAddress, virtualSize: s.VirtualSize, pointerToRawData: s.PointerToRawData, sizeOfRawData: s.SizeOfRawData }));
    return new PeImage(reader, headers);
  }

  /** Opens an image mapped in dump memory at `base`; reads stay inside SizeOfImage (and `maxSize` when given). */
  static fromMemory(space: AddressSpace, base: bigint, name: string, maxSize?: number): PeImage {
    const reader = new MemoryImageReader(space, base, name);
    const headers = readPeHeaders(reader);
    reader.sizeOfImage = maxSize !== undefined ? Math.min(headers.SizeOfImage, maxSize) : headers.SizeOfImage;
    return new PeImage(reader, headers);
  }

  get is64(): boolean {
    return this.headers.Magic === 0x20b;
  }

  exports(): PeExports | undefined {
    if (this.exportsCache === undefined) this.exportsCache = readExports(this.reader, this.headers) ?? null;
    return this.exportsCache ?? undefined;
  }

  codeView(): CodeViewRecord | undefined {
    if (this.codeViewCache === undefined) this.codeViewCache = readCodeView(this.reader, this.headers) ?? null;
    return this.codeViewCache ?? undefined;
  }

  runtimeFunctions(): RuntimeFunctionTable {
    if (!this.pdataCache) this.pdataCache = readRuntimeFunctions(this.reader, this.headers);
    return this.pdataCache;
  }

  /** UNWIND_INFO at an RVA, or undefined when it is malformed or not in the dump. */
  unwindInfo(rva: number): UNWIND_INFO | undefined {
    let v = this.unwindCache.get(rva);
    if (v === undefined) {
      try {
        v = readUnwindInfo(this.reader, rva);
      } catch {
        v = null;
      }
      this.unwindCache.set(rva, v);
    }
    return v ?? undefined;
  }
}
