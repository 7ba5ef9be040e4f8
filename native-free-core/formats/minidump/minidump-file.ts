import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';
import {
  type MINIDUMP_ASSERTION_INFO,
  type MINIDUMP_BREAKPAD_INFO,
  type MINIDUMP_CRASHPAD_INFO,
  type MINIDUMP_DIRECTORY,
  type MINIDUMP_EXCEPTION_STREAM,
  type MINIDUMP_HANDLE_DESCRIPTOR,
  type MINIDUMP_HEADER,
  type MINIDUMP_LOCATION_DESCRIPTOR,
  type MINIDUMP_MEMORY_DESCRIPTOR,
  type MINIDUMP_MEMORY_DESCRIPTOR64,
  type MINIDUMP_MEMORY_INFO,
  type MINIDUMP_MISC_INFO_N,
  type MINIDUMP_MODULE,
  type MINIDUMP_SYSTEM_INFO,
  type MINIDUMP_THREAD,
  type MINIDUMP_THREAD_INFO,
  type MINIDUMP_UNLOADED_MODULE,
  type CodeViewRecord,
  MINIDUMP_SIGNATURE,
  MINIDUMP_STREAM_TYPE as T,
  SIZEOF_MINIDUMP_ASSERTION_INFO,
  SIZEOF_MINIDUMP_CRASHPAD_INFO,
  SIZEOF_MINIDUMP_DIRECTORY,
  SIZEOF_MINIDUMP_EXCEPTION_STREAM,
  SIZEOF_MINIDUMP_HANDLE_DATA_STREAM,
  SIZEOF_MINIDUMP_HANDLE_DESCRIPTOR,
  SIZEOF_MINIDUMP_HEADER,
  SIZEOF_MINIDUMP_MEMORY_DESCRIPTOR,
  SIZEOF_MINIDUMP_MEMORY_DESCRIPTOR64,
  SIZEOF_MINIDUMP_MEMORY_INFO,
  SIZEOF_MINIDUMP_MEMORY_INFO_LIST,
  SIZEOF_MINIDUMP_MISC_INFO,
  SIZEOF_MINIDUMP_MODULE,
  SIZEOF_MINIDUMP_SYSTEM_INFO,
  SIZEOF_MINIDUMP_THREAD,
  SIZEOF_MINIDUMP_THREAD_EX,
  SIZEOF_MINIDUMP_THREAD_INFO,
  SIZEOF_MINIDUMP_THREAD_NAME,
  SIZEOF_MINIDUMP_UNLOADED_MODULE,
  readCodeViewRecord,
  readMINIDUMP_ASSERTION_INFO,
  readMINIDUMP_BREAKPAD_INFO,
  readMINIDUMP_CRASHPAD_INFO,
  readMINIDUMP_DIRECTORY,
  readMINIDUMP_EXCEPTION_STREAM,
  readMINIDUMP_HANDLE_DESCRIPTOR,
  readMINIDUMP_HEADER,
  readMINIDUMP_MEMORY_DESCRIPTOR,
  readMINIDUMP_MEMORY_DESCRIPTOR64,
  readMINIDUMP_MEMORY_INFO,
  readMINIDUMP_MISC_INFO_N,
  readMINIDUMP_MODULE,
  readMINIDUMP_SYSTEM_INFO,
  readMINIDUMP_THREAD,
  readMINIDUMP_THREAD_INFO,
  readMINIDUMP_THREAD_NAME,
  readMINIDUMP_UNLOADED_MODULE,
  streamTypeName,
} from './raw';

export interface MinidumpMemory64List {
  BaseRva: number;
  MemoryRanges: MINIDUMP_MEMORY_DESCRIPTOR64[];
}

export interface MinidumpThreadName {
  ThreadId: number;
  Name: string;
}

export interface MinidumpHandleData {
  SizeOfDescriptor: number;
  NumberOfDescriptors: number;
  Handles: Array<MINIDUMP_HANDLE_DESCRIPTOR & { TypeName?: string; ObjectName?: string }>;
}

/** A MINIDUMP_STRING longer than this is not a name; refuse rather than decode megabytes. */
const MAX_STRING_BYTES = 64 * 1024;
/** Longest CodeView record read: RSDS header plus a long path. */
const MAX_CODEVIEW_BYTES = 24 + 4096;

/**
 * One user-mode minidump: the header and stream directory are read when it
 * is opened; every stream is read on first use and kept. Methods throw
 * ParseError (naming the stream and file offset) for a damaged stream, and
 * return undefined for a stream the dump does not have.
 */
export class MinidumpFile {
  readonly name: string;
  private readonly cache = new Map<string, unknown>();

  private constructor(
    readonly source: ByteSource,
    readonly header: MINIDUMP_HEADER,
    readonly directory: readonly MINIDUMP_DIRECTORY[],
  ) {
    this.name = source.name;
  }

  static open(source: ByteSource): MinidumpFile {
    if (source.size < SIZEOF_MINIDUMP_HEADER) {
      throw new ParseError('truncated', source.name, 'MINIDUMP_HEADER', 0, `missing header: the file has ${source.size} bytes, the header needs ${SIZEOF_MINIDUMP_HEADER}`);
    }
    const header = readMINIDUMP_HEADER(StructReader.at(source, 0, SIZEOF_MINIDUMP_HEADER, 'MINIDUMP_HEADER'));
    if (header.Signature !== MINIDUMP_SIGNATURE) {
      throw new ParseError('invalid', source.name, 'MINIDUMP_HEADER.Signature', 0, `0x${header.Signature.toString(16)} is not 'MDMP'`);
    }
    const rva = header.StreamDirectoryRva;
    const needed = header.NumberOfStreams * SIZEOF_MINIDUMP_DIRECTORY;
    if (rva + needed > source.size) {
      throw new ParseError(
        'truncated',
        source.name,
        'MINIDUMP_DIRECTORY[]',
        rva,
        `NumberOfStreams ${header.NumberOfStreams} needs ${needed} bytes at 0x${rva.toString(16)} but the file ends at 0x${source.size.toString(16)}`,
      );
    }
    const dir = StructReader.at(source, rva, needed, 'MINIDUMP_DIRECTORY');
    const directory: MINIDUMP_DIRECTORY[] = [];
    for (let i = 0; i < header.NumberOfStreams; i++) directory.push(readMINIDUMP_DIRECTORY(dir, i * SIZEOF_MINIDUMP_DIRECTORY));
    return new MinidumpFile(source, header, directory);
  }

  /** The first directory entry of a stream type (Windows writes each type once). */
  findStream(type: number): MINIDUMP_DIRECTORY | undefined {
    return this.directory.find((d) => d.StreamType === type);
  }

  /** Bytes of a location, bounds-checked against the file. */
  readLocation(loc: MINIDUMP_LOCATION_DESCRIPTOR, structure: string): StructReader {
    if (loc.Rva + loc.DataSize > this.source.size) {
      throw new ParseError(
        'truncated',
        this.name,
        structure,
        loc.Rva,
        `${loc.DataSize} bytes at RVA 0x${loc.Rva.toString(16)} run past the end of the file (0x${this.source.size.toString(16)})`,
      );
    }
    return StructReader.at(this.source, loc.Rva, loc.DataSize, structure);
  }

  /** The raw bytes of any stream, known or not. */
  readStream(entry: MINIDUMP_DIRECTORY): StructReader {
    return this.streamReader(entry, 0);
  }

  private streamReader(entry: MINIDUMP_DIRECTORY, minSize: number): StructReader {
    const structure = streamTypeName(entry.StreamType);
    const r = this.readLocation(entry.Location, structure);
    if (r.length < minSize) {
      throw new ParseError('truncated', this.name, structure, entry.Location.Rva, `stream of ${r.length} bytes is shorter than its ${minSize}-byte header`);
    }
    return r;
  }

  private cached<V>(key: string, make: () => V): V {
    if (this.cache.has(key)) return this.cache.get(key) as V;
    const v = make();
    this.cache.set(key, v);
    return v;
  }

  private stream<V>(type: number, minSize: number, read: (r: StructReader) => V): V | undefined {
    return this.cached(`stream:${type}`, () => {
      const entry = this.findStream(type);
      return entry ? read(this.streamReader(entry, minSize)) : undefined;
    });
  }

  /**
   * A list stream that starts with a 32-bit count. Some writers pad the count
   * to 8 bytes; that layout is recognised by its exact size, as dbghelp does.
   */
  private countedList<V>(type: number, entrySize: number, read: (r: StructReader, at: number) => V): V[] | undefined {
    return this.stream(type, 4, (r) => {
      const count = r.u32(0, 'NumberOfEntries');
      const start = r.length === 8 + count * entrySize ? 8 : 4;
      if (count * entrySize > r.length - start) {
        r.fail('truncated', 0, 'NumberOfEntries', `${count} entries of ${entrySize} bytes do not fit the ${r.length}-byte stream`);
      }
      const out: V[] = [];
      for (let i = 0; i < count; i++) out.push(read(r, start + i * entrySize));
      return out;
    });
  }

  /** A list stream with SizeOfHeader / SizeOfEntry / NumberOfEntries, entries possibly larger than we know. */
  private sizedList<V>(type: number, headerMin: number, entryMin: number, count64: boolean, read: (r: StructReader, at: number, entrySize: number) => V): V[] | undefined {
    return this.stream(type, headerMin, (r) => {
      const sizeOfHeader = r.u32(0, 'SizeOfHeader');
      const sizeOfEntry = r.u32(4, 'SizeOfEntry');
      const countBig = count64 ? r.u64(8, 'NumberOfEntries') : BigInt(r.u32(8, 'NumberOfEntries'));
      if (sizeOfHeader < headerMin || sizeOfHeader > r.length) r.fail('invalid', 0, 'SizeOfHeader', `SizeOfHeader ${sizeOfHeader} is outside ${headerMin}..${r.length}`);
      if (sizeOfEntry < entryMin) r.fail('invalid', 4, 'SizeOfEntry', `SizeOfEntry ${sizeOfEntry} is smaller than ${entryMin}`);
      if (countBig * BigInt(sizeOfEntry) > BigInt(r.length - sizeOfHeader)) {
        r.fail('truncated', 8, 'NumberOfEntries', `${countBig} entries of ${sizeOfEntry} bytes do not fit the ${r.length}-byte stream`);
      }
      const count = Number(countBig);
      const out: V[] = [];
      for (let i = 0; i < count; i++) out.push(read(r, sizeOfHeader + i * sizeOfEntry, sizeOfEntry));
      return out;
    });
  }

  /**
   * Strings are cached by RVA, and the bytes decoded for distinct strings are
   * budgeted against the file size: hostile directories that point many
   * entries at the same (or overlapping) long strings cannot multiply work.
   */
  private readonly strings = new Map<string, string>();
  private stringBytesLeft = 0;

  private takeString(kind: 'utf16' | 'utf8', rva: number, structure: string, decode: () => { length: number; text: string }): string {
    const key = `${kind}:${rva}`;
    const hit = this.strings.get(key);
    if (hit !== undefined) return hit;
    const { length, text } = decode();
    if (this.strings.size === 0) this.stringBytesLeft = 2 * this.source.size + MAX_STRING_BYTES;
    this.stringBytesLeft -= length;
    if (this.stringBytesLeft < 0) {
      throw new ParseError('limit', this.name, structure, rva, `strings decoded so far exceed twice the file size; the string table is not plausible`);
    }
    this.strings.set(key, text);
    return text;
  }

  private stringRva(rva: number | bigint, structure: string): number {
    const size = this.source.size;
    if (typeof rva === 'bigint') {
      if (rva > BigInt(size)) throw new ParseError('truncated', this.name, structure, size, `RVA 0x${rva.toString(16)} is past the end of the file`);
      rva = Number(rva);
    }
    if (rva + 4 > size) throw new ParseError('truncated', this.name, `${structure}.Length`, rva, `RVA 0x${rva.toString(16)} is past the end of the file`);
    return rva;
  }

  private stringLength(rva: number, structure: string): number {
    const length = StructReader.at(this.source, rva, 4, `${structure}.Length`).u32(0, 'Length');
    if (length > MAX_STRING_BYTES) throw new ParseError('limit', this.name, `${structure}.Length`, rva, `string of ${length} bytes is too long`);
    return length;
  }

  /** MINIDUMP_STRING at an RVA: a byte length and UTF-16LE text. */
  readString(rvaIn: number | bigint, structure: string): string {
    const rva = this.stringRva(rvaIn, structure);
    return this.takeString('utf16', rva, structure, () => {
      const length = this.stringLength(rva, structure);
      const r = StructReader.at(this.source, rva + 4, length & ~1, `${structure}.Buffer`);
      let text = '';
      for (let i = 0; i + 1 < r.length; i += 2) text += String.fromCharCode(r.u16(i));
      return { length, text };
    });
  }

  /** MinidumpUTF8String at an RVA (Crashpad): a byte length, the bytes and a NUL. */
  readUtf8String(rvaIn: number, structure: string): string {
    const rva = this.stringRva(rvaIn, structure);
    return this.takeString('utf8', rva, structure, () => {
      const length = this.stringLength(rva, structure);
      return { length, text: new TextDecoder('utf-8').decode(StructReader.at(this.source, rva + 4, length, `${structure}.Buffer`).bytes) };
    });
  }

  threadList(): MINIDUMP_THREAD[] | undefined {
    return this.countedList(T.ThreadListStream, SIZEOF_MINIDUMP_THREAD, (r, at) => readMINIDUMP_THREAD(r, at, false));
  }

  threadExList(): MINIDUMP_THREAD[] | undefined {
    return this.countedList(T.ThreadExListStream, SIZEOF_MINIDUMP_THREAD_EX, (r, at) => readMINIDUMP_THREAD(r, at, true));
  }

  moduleList(): MINIDUMP_MODULE[] | undefined {
    return this.countedList(T.ModuleListStream, SIZEOF_MINIDUMP_MODULE, readMINIDUMP_MODULE);
  }

  unloadedModuleList(): MINIDUMP_UNLOADED_MODULE[] | undefined {
    return this.sizedList(T.UnloadedModuleListStream, 12, SIZEOF_MINIDUMP_UNLOADED_MODULE, false, readMINIDUMP_UNLOADED_MODULE);
  }

  memoryList(): MINIDUMP_MEMORY_DESCRIPTOR[] | undefined {
    return this.countedList(T.MemoryListStream, SIZEOF_MINIDUMP_MEMORY_DESCRIPTOR, (r, at) => readMINIDUMP_MEMORY_DESCRIPTOR(r, at));
  }

  memory64List(): MinidumpMemory64List | undefined {
    return this.stream(T.Memory64ListStream, 16, (r) => {
      const count = r.u64(0, 'NumberOfMemoryRanges');
      const baseRva = r.u64n(8, 'BaseRva');
      if (count * BigInt(SIZEOF_MINIDUMP_MEMORY_DESCRIPTOR64) > BigInt(r.length - 16)) {
        r.fail('truncated', 0, 'NumberOfMemoryRanges', `${count} ranges do not fit the ${r.length}-byte stream`);
      }
      const ranges: MINIDUMP_MEMORY_DESCRIPTOR64[] = [];
      for (let i = 0; i < Number(count); i++) ranges.push(readMINIDUMP_MEMORY_DESCRIPTOR64(r, 16 + i * SIZEOF_MINIDUMP_MEMORY_DESCRIPTOR64));
      return { BaseRva: baseRva, MemoryRanges: ranges };
    });
  }

  exception(): MINIDUMP_EXCEPTION_STREAM | undefined {
    return this.stream(T.ExceptionStream, SIZEOF_MINIDUMP_EXCEPTION_STREAM, readMINIDUMP_EXCEPTION_STREAM);
  }

  systemInfo(): MINIDUMP_SYSTEM_INFO | undefined {
    return this.stream(T.SystemInfoStream, SIZEOF_MINIDUMP_SYSTEM_INFO, readMINIDUMP_SYSTEM_INFO);
  }

  /** SystemInfo's CSDVersionRva string ("Service Pack 2"); undefined when absent. */
  csdVersion(): string | undefined {
    return this.cached('csd', () => {
      const si = this.systemInfo();
      return si && si.CSDVersionRva !== 0 ? this.readString(si.CSDVersionRva, 'MINIDUMP_SYSTEM_INFO.CSDVersion') : undefined;
    });
  }

  miscInfo(): MINIDUMP_MISC_INFO_N | undefined {
    return this.stream(T.MiscInfoStream, SIZEOF_MINIDUMP_MISC_INFO, readMINIDUMP_MISC_INFO_N);
  }

  memoryInfoList(): MINIDUMP_MEMORY_INFO[] | undefined {
    return this.sizedList(T.MemoryInfoListStream, SIZEOF_MINIDUMP_MEMORY_INFO_LIST, SIZEOF_MINIDUMP_MEMORY_INFO, true, readMINIDUMP_MEMORY_INFO);
  }

  threadInfoList(): MINIDUMP_THREAD_INFO[] | undefined {
    return this.sizedList(T.ThreadInfoListStream, 12, SIZEOF_MINIDUMP_THREAD_INFO, false, readMINIDUMP_THREAD_INFO);
  }

  threadNames(): MinidumpThreadName[] | undefined {
    const list = this.countedList(T.ThreadNamesStream, SIZEOF_MINIDUMP_THREAD_NAME, readMINIDUMP_THREAD_NAME);
    return list && this.cached('threadNames', () => list.map((t) => ({ ThreadId: t.ThreadId, Name: this.readString(t.RvaOfThreadName, 'MINIDUMP_THREAD_NAME.Name') })));
  }

  handleData(): MinidumpHandleData | undefined {
    return this.stream(T.HandleDataStream, SIZEOF_MINIDUMP_HANDLE_DATA_STREAM, (r) => {
      const sizeOfHeader = r.u32(0, 'SizeOfHeader');
      const sizeOfDescriptor = r.u32(4, 'SizeOfDescriptor');
      const count = r.u32(8, 'NumberOfDescriptors');
      if (sizeOfHeader < SIZEOF_MINIDUMP_HANDLE_DATA_STREAM || sizeOfHeader > r.length) r.fail('invalid', 0, 'SizeOfHeader', `SizeOfHeader ${sizeOfHeader} is outside 16..${r.length}`);
      if (sizeOfDescriptor < SIZEOF_MINIDUMP_HANDLE_DESCRIPTOR) r.fail('invalid', 4, 'SizeOfDescriptor', `SizeOfDescriptor ${sizeOfDescriptor} is smaller than 32`);
      if (count * sizeOfDescriptor > r.length - sizeOfHeader) r.fail('truncated', 8, 'NumberOfDescriptors', `${count} descriptors do not fit the ${r.length}-byte stream`);
      const handles: MinidumpHandleData['Handles'] = [];
      for (let i = 0; i < count; i++) {
        const d = readMINIDUMP_HANDLE_DESCRIPTOR(r, sizeOfHeader + i * sizeOfDescriptor, sizeOfDescriptor);
        const named: MinidumpHandleData['Handles'][number] = { ...d };
        if (d.TypeNameRva) named.TypeName = this.readString(d.TypeNameRva, 'MINIDUMP_HANDLE_DESCRIPTOR.TypeName');
        if (d.ObjectNameRva) named.ObjectName = this.readString(d.ObjectNameRva, 'MINIDUMP_HANDLE_DESCRIPTOR.ObjectName');
        handles.push(named);
      }
      return { SizeOfDescriptor: sizeOfDescriptor, NumberOfDescriptors: count, Handles: handles };
    });
  }

  /** CommentStreamA (ANSI, NUL-terminated) text. */
  commentA(): string | undefined {
    return this.stream(T.CommentStreamA, 0, (r) => r.ascii(0, r.length, 'Comment'));
  }

  /** CommentStreamW (UTF-16LE, NUL-terminated) text. */
  commentW(): string | undefined {
    return this.stream(T.CommentStreamW, 0, (r) => r.utf16(0, r.length, 'Comment'));
  }

  breakpadInfo(): MINIDUMP_BREAKPAD_INFO | undefined {
    return this.stream(T.BreakpadInfoStream, 12, readMINIDUMP_BREAKPAD_INFO);
  }

  assertionInfo(): MINIDUMP_ASSERTION_INFO | undefined {
    return this.stream(T.BreakpadAssertionInfoStream, SIZEOF_MINIDUMP_ASSERTION_INFO, readMINIDUMP_ASSERTION_INFO);
  }

  crashpadInfo(): MINIDUMP_CRASHPAD_INFO | undefined {
    return this.stream(T.CrashpadInfoStream, SIZEOF_MINIDUMP_CRASHPAD_INFO, readMINIDUMP_CRASHPAD_INFO);
  }

  /** The module's file path (MINIDUMP_STRING at ModuleNameRva). */
  moduleName(m: { ModuleNameRva: number }): string {
    return this.readString(m.ModuleNameRva, 'MINIDUMP_MODULE.ModuleName');
  }

  /** The module's CodeView record, or undefined when it has none. */
  codeView(m: MINIDUMP_MODULE): CodeViewRecord | undefined {
    if (m.CvRecord.DataSize < 4 || m.CvRecord.Rva === 0) return undefined;
    // A CodeView record is a small header and a path; reading more than that would let one record cost the whole file.
    const loc = { DataSize: Math.min(m.CvRecord.DataSize, MAX_CODEVIEW_BYTES), Rva: m.CvRecord.Rva };
    return readCodeViewRecord(this.readLocation(loc, 'CodeView record'));
  }
}
