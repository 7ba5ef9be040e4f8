import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';
import type { ImageReader } from './image-reader';

export const IMAGE_FILE_MACHINE_I386 = 0x14c;
export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
export const IMAGE_FILE_MACHINE_ARM64 = 0xaa64;

export const IMAGE_DIRECTORY_ENTRY_EXPORT = 0;
export const IMAGE_DIRECTORY_ENTRY_EXCEPTION = 3;
export const IMAGE_DIRECTORY_ENTRY_DEBUG = 6;

export interface IMAGE_SECTION_HEADER {
  Name: string;
  VirtualSize: number;
  VirtualAddress: number;
  SizeOfRawData: number;
  PointerToRawData: number;
  Characteristics: number;
}

export interface IMAGE_DATA_DIRECTORY {
  VirtualAddress: number;
  Size: number;
}

export interface PeHeaders {
  Machine: number;
  NumberOfSections: number;
  TimeDateStamp: number;
  Characteristics: number;
  /** 0x10b PE32, 0x20b PE32+ */
  Magic: number;
  AddressOfEntryPoint: number;
  ImageBase: bigint;
  SizeOfImage: number;
  SizeOfHeaders: number;
  CheckSum: number;
  DataDirectory: IMAGE_DATA_DIRECTORY[];
  sections: IMAGE_SECTION_HEADER[];
}

const MAX_SECTIONS = 96;
const MAX_DIRECTORIES = 16;
export const IMAGE_SCN_MEM_EXECUTE = 0x20000000;
export const IMAGE_SCN_CNT_CODE = 0x20;

/** Reads IMAGE_DOS_HEADER, IMAGE_NT_HEADERS (32 or 64) and the section table. */
export function readPeHeaders(image: ImageReader): PeHeaders {
  const dos = new StructReader(image.read(0, 0x40, 'IMAGE_DOS_HEADER'), image.name, 'IMAGE_DOS_HEADER', 0);
  if (dos.u16(0, 'e_magic') !== 0x5a4d) dos.fail('invalid', 0, 'e_magic', 'not "MZ"');
  const lfanew = dos.u32(0x3c, 'e_lfanew');
  if (lfanew > 0x10000000) dos.fail('invalid', 0x3c, 'e_lfanew', `0x${lfanew.toString(16)} is implausible`);
  const fh = new StructReader(image.read(lfanew, 24, 'IMAGE_NT_HEADERS'), image.name, 'IMAGE_NT_HEADERS', lfanew);
  if (fh.u32(0, 'Signature') !== 0x4550) fh.fail('invalid', 0, 'Signature', 'not "PE\\0\\0"');
  const Machine = fh.u16(4, 'FileHeader.Machine');
  const NumberOfSections = fh.u16(6, 'FileHeader.NumberOfSections');
  const TimeDateStamp = fh.u32(8, 'FileHeader.TimeDateStamp');
  const SizeOfOptionalHeader = fh.u16(20, 'FileHeader.SizeOfOptionalHeader');
  const Characteristics = fh.u16(22, 'FileHeader.Characteristics');
  if (NumberOfSections > MAX_SECTIONS) fh.fail('limit', 6, 'FileHeader.NumberOfSections', `${NumberOfSections} sections is more than ${MAX_SECTIONS}`);
  const optAt = lfanew + 24;
  const opt = new StructReader(image.read(optAt, SizeOfOptionalHeader, 'IMAGE_OPTIONAL_HEADER'), image.name, 'IMAGE_OPTIONAL_HEADER', optAt);
  const Magic = opt.u16(0, 'Magic');
  if (Magic !== 0x10b && Magic !== 0x20b) opt.fail('invalid', 0, 'Magic', `0x${Magic.toString(16)} is neither PE32 (0x10b) nor PE32+ (0x20b)`);
  const is64 = Magic === 0x20b;
  const AddressOfEntryPoint = opt.u32(16, 'AddressOfEntryPoint');
  const ImageBase = is64 ? opt.u64(24, 'ImageBase') : BigInt(opt.u32(28, 'ImageBase'));
  const SizeOfImage = opt.u32(56, 'SizeOfImage');
  const SizeOfHeaders = opt.u32(60, 'SizeOfHeaders');
  const CheckSum = opt.u32(64, 'CheckSum');
  const countAt = is64 ? 108 : 92;
  const count = Math.min(opt.u32(countAt, 'NumberOfRvaAndSizes'), MAX_DIRECTORIES);
  const DataDirectory: IMAGE_DATA_DIRECTORY[] = [];
  for (let i = 0; i < count; i++) {
    const at = countAt + 4 + i * 8;
    if (at + 8 > opt.length) break;
    DataDirectory.push({ VirtualAddress: opt.u32(at, `DataDirectory[${i}].VirtualAddress`), Size: opt.u32(at + 4, `DataDirectory[${i}].Size`) });
  }
  const secAt = optAt + SizeOfOptionalHeader;
  const sec = new StructReader(image.read(secAt, NumberOfSections * 40, 'IMAGE_SECTION_HEADER'), image.name, 'IMAGE_SECTION_HEADER', secAt);
  const sections: IMAGE_SECTION_HEADER[] = [];
  for (let i = 0; i < NumberOfSections; i++) {
    const b = i * 40;
    sections.push({
      Name: sec.ascii(b, 8, 'Name'),
      VirtualSize: sec.u32(b + 8, 'VirtualSize'),
      VirtualAddress: sec.u32(b + 12, 'VirtualAddress'),
      SizeOfRawData: sec.u32(b + 16, 'SizeOfRawData'),
      PointerToRawData: sec.u32(b + 20, 'PointerToRawData'),
      Characteristics: sec.u32(b + 36, 'Characteristics'),
    });
  }
  if (SizeOfImage === 0) throw new ParseError('invalid', image.name, 'IMAGE_OPTIONAL_HEADER.SizeOfImage', optAt + 56, 'is zero');
  return { Machine, NumberOfSections, TimeDateStamp, Characteristics, Magic, AddressOfEntryPoint, ImageBase, SizeOfImage, SizeOfHeaders, CheckSum, DataDirectory, sections };
}
