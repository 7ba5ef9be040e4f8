import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import type { AddressSpace } from '../../model/address-space';

/**
 * Reads an image by RVA, whether it is a file on disk (sections mapped by
 * their raw data) or an image mapped in dump memory. Reads outside what is
 * available throw ParseError naming the structure and the RVA.
 */
export interface ImageReader {
  readonly name: string;
  read(rva: number, length: number, structure: string): Uint8Array;
  /** Like read but returns null when the bytes are not available (dump pages missing). */
  tryRead(rva: number, length: number): Uint8Array | null;
}

export interface SectionMapping {
  virtualAddress: number;
  virtualSize: number;
  pointerToRawData: number;
  sizeOfRawData: number;
}

/** A PE file: RVAs below SizeOfHeaders map to file offsets directly, the rest through the section table. */
export class FileImageReader implements ImageReader {
  sections: SectionMapping[] = [];
  sizeOfHeaders = 0x1000;
  constructor(readonly source: ByteSource) {}
  get name(): string {
    return this.source.name;
  }
  private toOffset(rva: number, length: number): number | null {
    if (rva + length <= this.sizeOfHeaders) return rva;
    for (const s of this.sections) {
      const span = Math.max(s.virtualSize, s.sizeOfRawData);
      if (rva >= s.virtualAddress && rva < s.virtualAddress + span) {
        const delta = rva - s.virtualAddress;
        if (delta + length > s.sizeOfRawData) return null;
        return s.pointerToRawData + delta;
      }
    }
    return null;
  }
  read(rva: number, length: number, structure: string): Uint8Array {
    const off = this.toOffset(rva, length);
    if (off === null) throw new ParseError('invalid', this.name, structure, rva, `RVA 0x${rva.toString(16)} (+0x${length.toString(16)}) is not in any section's file data`);
    return this.source.read(off, length, structure);
  }
  tryRead(rva: number, length: number): Uint8Array | null {
    const off = this.toOffset(rva, length);
    if (off === null || off + length > this.source.size) return null;
    return this.source.read(off, length);
  }
}

/** An image mapped in dump memory at `base`; reads are bounded by the image size once it is known. */
export class MemoryImageReader implements ImageReader {
  sizeOfImage = 0x1000;
  constructor(
    readonly space: AddressSpace,
    readonly base: bigint,
    readonly name: string,
  ) {}
  tryRead(rva: number, length: number): Uint8Array | null {
    if (rva < 0 || length < 0 || rva + length > this.sizeOfImage) return null;
    return this.space.read(this.base + BigInt(rva), length);
  }
  read(rva: number, length: number, structure: string): Uint8Array {
    if (rva < 0 || length < 0 || rva + length > this.sizeOfImage) {
      throw new ParseError('invalid', this.name, structure, rva, `RVA 0x${rva.toString(16)} (+0x${length.toString(16)}) lies outside the 0x${this.sizeOfImage.toString(16)}-byte image`);
    }
    const b = this.space.read(this.base + BigInt(rva), length);
    if (!b) throw new ParseError('truncated', this.name, structure, rva, `the dump does not hold RVA 0x${rva.toString(16)} (+0x${length.toString(16)}) of the image`);
    return b;
  }
}
