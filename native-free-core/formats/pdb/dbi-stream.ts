import { StructReader } from '../../io/struct-reader';

/** DBI stream header (64 bytes). */
export interface DBI_HEADER {
  VersionSignature: number;
  VersionHeader: number;
  Age: number;
  GlobalStreamIndex: number;
  BuildNumber: number;
  PublicStreamIndex: number;
  SymRecordStream: number;
  ModInfoSize: number;
  SectionContributionSize: number;
  SectionMapSize: number;
  SourceInfoSize: number;
  TypeServerMapSize: number;
  OptionalDbgHeaderSize: number;
  ECSubstreamSize: number;
  Flags: number;
  Machine: number;
}

export interface DbiModuleInfo {
  index: number;
  ModuleName: string;
  ObjFileName: string;
  ModuleSymStream: number;
  SymByteSize: number;
  C11ByteSize: number;
  C13ByteSize: number;
  SourceFileCount: number;
}

export interface SectionContribution {
  Section: number;
  Offset: number;
  Size: number;
  Characteristics: number;
  ModuleIndex: number;
}

export interface SectionMapEntry {
  Flags: number;
  Frame: number;
  Offset: number;
  SectionLength: number;
}

export interface DbiStream {
  header: DBI_HEADER;
  modules: DbiModuleInfo[];
  contributions: SectionContribution[];
  sectionMap: SectionMapEntry[];
  /** Optional debug header stream indexes; [5] is the section header stream. */
  debugStreams: number[];
}

const NIL16 = 0xffff;
export const DBG_SECTION_HEADERS = 5;

export function readDbiStream(bytes: Uint8Array, fileName: string): DbiStream {
  const r = new StructReader(bytes, fileName, 'DBI_HEADER', 0);
  const header: DBI_HEADER = {
    VersionSignature: r.i32(0, 'VersionSignature'),
    VersionHeader: r.u32(4, 'VersionHeader'),
    Age: r.u32(8, 'Age'),
    GlobalStreamIndex: r.u16(12, 'GlobalStreamIndex'),
    BuildNumber: r.u16(14, 'BuildNumber'),
    PublicStreamIndex: r.u16(16, 'PublicStreamIndex'),
    SymRecordStream: r.u16(20, 'SymRecordStream'),
    ModInfoSize: r.i32(24, 'ModInfoSize'),
    SectionContributionSize: r.i32(28, 'SectionContributionSize'),
    SectionMapSize: r.i32(32, 'SectionMapSize'),
    SourceInfoSize: r.i32(36, 'SourceInfoSize'),
    TypeServerMapSize: r.i32(40, 'TypeServerMapSize'),
    OptionalDbgHeaderSize: r.i32(48, 'OptionalDbgHeaderSize'),
    ECSubstreamSize: r.i32(52, 'ECSubstreamSize'),
    Flags: r.u16(56, 'Flags'),
    Machine: r.u16(58, 'Machine'),
  };
  if (header.VersionSignature !== -1) r.fail('unsupported', 0, 'VersionSignature', `${header.VersionSignature} (only the -1 "new" DBI header is read)`);
  const sizes = [header.ModInfoSize, header.SectionContributionSize, header.SectionMapSize, header.SourceInfoSize, header.TypeServerMapSize, header.ECSubstreamSize, header.OptionalDbgHeaderSize];
  sizes.forEach((s, i) => {
    if (s < 0 || s > bytes.length) r.fail('invalid', 24 + i * 4, 'substream size', `${s} does not fit the ${bytes.length}-byte DBI stream`);
  });
  let at = 64;
  const modAt = at;
  at += header.ModInfoSize;
  const scAt = at;
  at += header.SectionContributionSize;
  const smAt = at;
  at += header.SectionMapSize + header.SourceInfoSize + header.TypeServerMapSize + header.ECSubstreamSize;
  const dbgAt = at;
  if (dbgAt + header.OptionalDbgHeaderSize > bytes.length) r.fail('truncated', dbgAt, 'OptionalDbgHeader', 'substreams run past the end of the DBI stream');

  const modules: DbiModuleInfo[] = [];
  const mr = new StructReader(bytes.subarray(modAt, modAt + header.ModInfoSize), fileName, 'DBI ModInfo', modAt);
  for (let p = 0; p + 64 <= mr.length; ) {
    const nameEnd = mr.bytes.indexOf(0, p + 64);
    const objEnd = nameEnd < 0 ? -1 : mr.bytes.indexOf(0, nameEnd + 1);
    if (objEnd < 0) break;
    modules.push({
      index: modules.length,
      ModuleSymStream: mr.u16(p + 34, 'ModuleSymStream'),
      SymByteSize: mr.u32(p + 36, 'SymByteSize'),
      C11ByteSize: mr.u32(p + 40, 'C11ByteSize'),
      C13ByteSize: mr.u32(p + 44, 'C13ByteSize'),
      SourceFileCount: mr.u16(p + 48, 'SourceFileCount'),
      ModuleName: decode(mr.bytes.subarray(p + 64, nameEnd)),
      ObjFileName: decode(mr.bytes.subarray(nameEnd + 1, objEnd)),
    });
    p = (objEnd + 1 + 3) & ~3;
  }

  const contributions: SectionContribution[] = [];
  if (header.SectionContributionSize >= 4) {
    const cr = new StructReader(bytes.subarray(scAt, scAt + header.SectionContributionSize), fileName, 'DBI SectionContribution', scAt);
    const version = cr.u32(0, 'Version');
    const entry = version === (0xeffe0000 + 20140516) >>> 0 ? 32 : 28;
    for (let p = 4; p + entry <= cr.length; p += entry) {
      contributions.push({ Section: cr.u16(p, 'Section'), Offset: cr.i32(p + 4, 'Offset'), Size: cr.i32(p + 8, 'Size'), Characteristics: cr.u32(p + 12, 'Characteristics'), ModuleIndex: cr.u16(p + 16, 'ModuleIndex') });
    }
  }

  const sectionMap: SectionMapEntry[] = [];
  if (header.SectionMapSize >= 4) {
    const sr = new StructReader(bytes.subarray(smAt, smAt + header.SectionMapSize), fileName, 'DBI SectionMap', smAt);
    const count = sr.u16(0, 'Count');
    for (let i = 0; i < count && 4 + i * 20 + 20 <= sr.length; i++) {
      const p = 4 + i * 20;
      sectionMap.push({ Flags: sr.u16(p, 'Flags'), Frame: sr.u16(p + 6, 'Frame'), Offset: sr.u32(p + 12, 'Offset'), SectionLength: sr.u32(p + 16, 'SectionLength') });
    }
  }

  const debugStreams: number[] = [];
  for (let p = 0; p + 2 <= header.OptionalDbgHeaderSize; p += 2) {
    const v = r.u16(dbgAt + p, 'OptionalDbgHeader');
    debugStreams.push(v === NIL16 ? -1 : v);
  }
  return { header, modules, contributions, sectionMap, debugStreams };
}

const utf8 = new TextDecoder('utf-8');
function decode(b: Uint8Array): string {
  return utf8.decode(b);
}
