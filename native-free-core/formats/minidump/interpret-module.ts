import { hex } from '../../model/hex';
import type { ModuleInfo } from '../../model/report';
import { type CodeViewRecord, CV_SIGNATURE_NB10, CV_SIGNATURE_RSDS, type GUID, type MINIDUMP_MODULE, type MINIDUMP_UNLOADED_MODULE, type VS_FIXEDFILEINFO, VS_FFI_SIGNATURE } from './raw';

/** File name without its directory; minidumps hold Windows paths but Breakpad ones may use '/'. */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** "5.1.2600.2180" from dwFileVersionMS/LS; undefined when the record is empty or not a VS_FIXEDFILEINFO. */
export function fileVersion(v: VS_FIXEDFILEINFO): string | undefined {
  if (v.dwSignature !== VS_FFI_SIGNATURE) return undefined;
  return `${v.dwFileVersionMS >>> 16}.${v.dwFileVersionMS & 0xffff}.${v.dwFileVersionLS >>> 16}.${v.dwFileVersionLS & 0xffff}`;
}

function hexUpper(v: number, digits: number): string {
  return (v >>> 0).toString(16).toUpperCase().padStart(digits, '0');
}

/** GUID as the symbol store writes it: fields in their numeric order, no dashes, upper case. */
export function guidSymbolStoreForm(g: GUID): string {
  let s = hexUpper(g.Data1, 8) + hexUpper(g.Data2, 4) + hexUpper(g.Data3, 4);
  for (const b of g.Data4) s += hexUpper(b, 2);
  return s;
}

/** Debug file and symbol-store id from a CodeView record (RSDS: GUID+age, NB10: signature+age). */
export function debugIdentity(cv: CodeViewRecord | undefined): { debugFile?: string; debugId?: string } {
  if (!cv) return {};
  if (cv.CvSignature === CV_SIGNATURE_RSDS && 'Signature' in cv && typeof cv.Signature === 'object') {
    return { debugFile: baseName(cv.PdbFileName), debugId: guidSymbolStoreForm(cv.Signature) + (cv.Age >>> 0).toString(16).toUpperCase() };
  }
  if (cv.CvSignature === CV_SIGNATURE_NB10 && 'Signature' in cv && typeof cv.Signature === 'number') {
    return { debugFile: baseName(cv.PdbFileName), debugId: hexUpper(cv.Signature, 8) + (cv.Age >>> 0).toString(16).toUpperCase() };
  }
  return {};
}

/** Code id as symbol servers index images: TimeDateStamp then SizeOfImage. */
export function codeIdentity(m: { TimeDateStamp: number; SizeOfImage: number }): string {
  return hexUpper(m.TimeDateStamp, 8) + (m.SizeOfImage >>> 0).toString(16);
}

/** What a loaded and an unloaded module entry both say about an image. */
function imageIdentity(m: MINIDUMP_UNLOADED_MODULE, path: string) {
  return {
    name: baseName(path),
    base: hex(m.BaseOfImage),
    size: hex(m.SizeOfImage),
    path,
    timestamp: m.TimeDateStamp,
    checksum: hex(m.CheckSum),
    codeId: codeIdentity(m),
  };
}

export function interpretModule(m: MINIDUMP_MODULE, path: string, cv: CodeViewRecord | undefined): ModuleInfo {
  const info: ModuleInfo = {
    ...imageIdentity(m, path),
    ...debugIdentity(cv),
    provenance: { source: 'stream', detail: 'ModuleListStream' },
  };
  const version = fileVersion(m.VersionInfo);
  if (version) info.version = version;
  return info;
}

export function interpretUnloadedModule(m: MINIDUMP_UNLOADED_MODULE, path: string): ModuleInfo {
  return { ...imageIdentity(m, path), unloaded: true, provenance: { source: 'stream', detail: 'UnloadedModuleListStream' } };
}
