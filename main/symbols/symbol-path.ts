import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { parseBreakpadSym } from '../../native-free-core/formats/breakpad-sym/parse-sym';
import { PeImage } from '../../native-free-core/formats/pe/pe-image';
import type { ModuleInfo } from '../../native-free-core/model/report';
import { BreakpadModuleSymbols } from '../../native-free-core/symbols/breakpad-symbols';
import { ExportModuleSymbols } from '../../native-free-core/symbols/export-symbols';
import { InMemorySymbolProvider } from '../../native-free-core/symbols/in-memory-provider';
import { LruCache } from '../../native-free-core/symbols/lru-cache';
import type { ModuleSymbols } from '../../native-free-core/symbols/types';
import type { PdbFile } from '../../native-free-core/formats/pdb/pdb-file';
import { PdbModuleSymbols } from '../../native-free-core/symbols/pdb-symbols';
import { loadPdbSymbols } from './pdb-loader';

/**
 * Splits a symbol path in the _NT_SYMBOL_PATH sense into local folders:
 * "C:\sym;srv*C:\cache*https://msdl…;cache*D:\c" gives C:\sym, C:\cache,
 * D:\c. Network locations are dropped: Crashbench never downloads.
 */
export function parseSymbolPath(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(';')) {
    const element = raw.trim();
    if (!element) continue;
    const parts = element.split('*').map((p) => p.trim());
    const keyword = parts[0]!.toLowerCase();
    const rest = keyword === 'srv' || keyword === 'cache' || keyword === 'symsrv' ? parts.slice(keyword === 'symsrv' ? 2 : 1) : parts;
    for (const p of rest) {
      if (!p || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) continue;
      if (!out.includes(p)) out.push(p);
    }
  }
  return out;
}

/** Folders from `--symbols` values, the app's settings and _NT_SYMBOL_PATH / _NT_ALT_SYMBOL_PATH, in that order. */
export function symbolPathFrom(options: { cli?: string[]; settings?: string[]; env?: Record<string, string | undefined> }): string[] {
  const all = [...(options.cli ?? []), ...(options.settings ?? [])].flatMap(parseSymbolPath);
  const env = options.env ?? {};
  for (const key of ['_NT_SYMBOL_PATH', '_NT_ALT_SYMBOL_PATH']) {
    const v = env[key];
    if (v) all.push(...parseSymbolPath(v));
  }
  return [...new Set(all)];
}

const listings = new Map<string, Map<string, string> | null>();

/** Finds `name` in `dir`, exactly or ignoring case (symbol stores made on Windows vary in case). */
function findEntry(dir: string, name: string): string | undefined {
  const exact = path.join(dir, name);
  try {
    statSync(exact);
    return exact;
  } catch {
    // fall through to a case-insensitive listing
  }
  let listing = listings.get(dir);
  if (listing === undefined) {
    try {
      listing = new Map(readdirSync(dir).map((e) => [e.toLowerCase(), e]));
    } catch {
      listing = null;
    }
    listings.set(dir, listing);
  }
  const hit = listing?.get(name.toLowerCase());
  return hit ? path.join(dir, hit) : undefined;
}

function findPath(root: string, parts: string[]): string | undefined {
  let cur: string | undefined = root;
  for (const p of parts) {
    if (!cur) return undefined;
    cur = findEntry(cur, p);
  }
  if (!cur) return undefined;
  try {
    return statSync(cur).isFile() ? cur : undefined;
  } catch {
    return undefined;
  }
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1);
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Parsed symbol files kept across calls, keyed by path, size and mtime; weighted by file size. */
export const symbolFileCache = new LruCache<string, ModuleSymbols | Error>(768 * 1024 * 1024);

function cacheKey(file: string): { key: string; size: number } {
  const st = statSync(file);
  return { key: `${file}\0${st.size}\0${st.mtimeMs}`, size: st.size };
}

function loadSym(file: string, debugId: string | undefined): ModuleSymbols | string {
  const { key, size } = cacheKey(file);
  const got = symbolFileCache.getOrCreate(key, () => {
    try {
      return { value: new BreakpadModuleSymbols(parseBreakpadSym(readFileSync(file), baseName(file)), file), weight: size };
    } catch (e) {
      return { value: e instanceof Error ? e : new Error(String(e)), weight: 64 };
    }
  });
  if (got instanceof Error) return `${file}: ${got.message}`;
  const s = got as BreakpadModuleSymbols;
  if (debugId && s.sym.module.id && s.sym.module.id.toUpperCase() !== debugId.toUpperCase()) return `${file}: MODULE id ${s.sym.module.id} does not match ${debugId}`;
  return s;
}

function loadPdb(file: string, debugId: string | undefined): ModuleSymbols | string {
  const { key, size } = cacheKey(file);
  const got = symbolFileCache.getOrCreate(key, () => {
    try {
      return { value: loadPdbSymbols(readFileSync(file), file), weight: size };
    } catch (e) {
      return { value: e instanceof Error ? e : new Error(String(e)), weight: 64 };
    }
  });
  if (got instanceof Error) return `${file}: ${got.message}`;
  const id = (got as ModuleSymbols & { debugId?: string }).debugId;
  if (debugId && id && id.toUpperCase() !== debugId.toUpperCase()) return `${file}: PDB id ${id} does not match ${debugId}`;
  return got;
}

export interface ResolvedSymbols {
  provider: InMemorySymbolProvider;
  /** One line per module without symbols: "symbols not found for X (looked in …)", plus files that were rejected. */
  messages: string[];
  /** module name -> files used, best first. */
  loaded: Map<string, string[]>;
  /** module name -> its PDB, for `dt` type layouts (pdb.layouts()). */
  pdbs: Map<string, PdbFile>;
}

/**
 * Finds symbols for each module on local folders: symbol-store layout
 * name.pdb/<GUID><age>/name.pdb, Breakpad's name.pdb/<ID>/name.sym, flat
 * folders (name.pdb, name.sym), and the image itself (name.exe/<TIMESTAMP><SIZE>/
 * name.exe or flat) for .pdata and exports. Files whose id disagrees with
 * the module are not used. Reads files; never touches the network.
 */
export function resolveSymbols(modules: ModuleInfo[], symbolPath: string[]): ResolvedSymbols {
  const provider = new InMemorySymbolProvider();
  const messages: string[] = [];
  const loaded = new Map<string, string[]>();
  const pdbs = new Map<string, PdbFile>();
  listings.clear();
  for (const m of modules) {
    if (m.unloaded) continue;
    const image = baseName(m.name);
    const debugFile = baseName(m.debugFile ?? `${stem(image)}.pdb`);
    const symName = `${stem(debugFile)}.sym`;
    const namedAfterImage = `${stem(image)}.pdb`;
    const id = m.debugId;
    const looked: string[] = [];
    const used: string[] = [];
    const tryFile = (dir: string, parts: string[], load: (f: string) => ModuleSymbols | string) => {
      looked.push(path.join(dir, ...parts));
      const f = findPath(dir, parts);
      if (!f) return;
      const r = load(f);
      if (typeof r === 'string') {
        messages.push(`ignored ${r}`);
        return;
      }
      provider.add(image, r);
      if (r instanceof PdbModuleSymbols && !pdbs.has(m.name)) pdbs.set(m.name, r.pdb);
      used.push(f);
    };
    for (const dir of symbolPath) {
      if (id) {
        tryFile(dir, [debugFile, id, debugFile], (f) => loadPdb(f, id));
        tryFile(dir, [debugFile, id, symName], (f) => loadSym(f, id));
      }
      tryFile(dir, [debugFile], (f) => loadPdb(f, id));
      tryFile(dir, [symName], (f) => loadSym(f, id));
      // A flat folder may name the PDB after the image (ntoskrnl.pdb for ntkrnlmp.pdb); its id must still match.
      if (used.length === 0 && namedAfterImage !== debugFile) tryFile(dir, [namedAfterImage], (f) => loadPdb(f, id));
      if (used.length > 0) break;
    }
    const imageFile = findImage(m, symbolPath, looked);
    if (imageFile) {
      provider.addImage(image, imageFile.bytes);
      if (imageFile.exports) provider.add(image, imageFile.exports);
      used.push(imageFile.path);
    }
    if (used.length > 0) loaded.set(m.name, used);
    if (!provider.hasSymbols(m)) {
      messages.push(`symbols not found for ${image}${id ? ` (${debugFile} ${id})` : ''} (looked in ${symbolPath.length ? looked.join(', ') : 'no symbol folders: use --symbols PATH or _NT_SYMBOL_PATH'})`);
    }
  }
  return { provider, messages, loaded, pdbs };
}

function findImage(m: ModuleInfo, symbolPath: string[], looked: string[]): { path: string; bytes: Uint8Array; exports?: ModuleSymbols } | undefined {
  const image = baseName(m.name);
  const size = m.size ? BigInt(m.size) : undefined;
  const storeKey = m.timestamp !== undefined && size !== undefined ? m.timestamp.toString(16).toUpperCase().padStart(8, '0') + size.toString(16).toUpperCase() : undefined;
  for (const dir of symbolPath) {
    const candidates = storeKey ? [[image, storeKey, image], [image]] : [[image]];
    for (const parts of candidates) {
      looked.push(path.join(dir, ...parts));
      const f = findPath(dir, parts);
      if (!f) continue;
      try {
        const bytes = readFileSync(f);
        const pe = PeImage.fromFile(new BufferByteSource(image, bytes));
        if (m.timestamp !== undefined && pe.headers.TimeDateStamp !== m.timestamp) continue;
        const ex = pe.exports();
        return { path: f, bytes, exports: ex && ex.exports.length > 0 ? new ExportModuleSymbols(ex, `exports of ${f}`) : undefined };
      } catch {
        continue;
      }
    }
  }
  return undefined;
}
