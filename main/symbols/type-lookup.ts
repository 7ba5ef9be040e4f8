import path from 'node:path';
import type { PdbFile } from '../../native-free-core/formats/pdb/pdb-file';
import type { TypeLayout, TypeLayouts } from '../../native-free-core/formats/pdb/type-layout';
import { dtValues, type DtResult } from '../../native-free-core/formats/pdb/type-values';
import type { AddressSpace } from '../../native-free-core/model/address-space';
import type { ModuleInfo } from '../../native-free-core/model/report';
import { windbgModuleName } from '../../native-free-core/unwind/module-map';
import { resolveSymbols } from './symbol-path';

/** Layouts per parsed PDB (the PDBs stay in the symbol file cache): the name index is built once, not on every dt. */
const layoutsCache = new WeakMap<PdbFile, TypeLayouts | null>();

function layoutsOf(pdb: PdbFile): TypeLayouts | undefined {
  let l = layoutsCache.get(pdb);
  if (l === undefined) {
    l = pdb.layouts() ?? null;
    layoutsCache.set(pdb, l);
  }
  return l ?? undefined;
}

/** A `dt` that cannot be answered; the message says what was looked for and what the user can do. */
export class TypeLookupError extends Error {}

/** "nt!_KTHREAD" → module "nt", type "_KTHREAD"; "_KTHREAD" → no module. */
export function splitTypeName(spec: string): { module?: string; name: string } {
  const bang = spec.indexOf('!');
  return bang > 0 ? { module: spec.slice(0, bang), name: spec.slice(bang + 1) } : { name: spec.slice(bang + 1) };
}

/** The loaded module WinDbg would call `name` ("nt", "fltmgr", "fltmgr.sys"), case-insensitively. */
export function findModule(modules: ModuleInfo[], name: string): ModuleInfo | undefined {
  const want = name.toLowerCase();
  const loaded = modules.filter((m) => !m.unloaded);
  return loaded.find((m) => windbgModuleName(m.name).toLowerCase() === want) ?? loaded.find((m) => path.win32.basename(m.name).toLowerCase() === want);
}

/** "{5A9832E5-2872-41C1-838E-D98914E9B7FF} age 2" from a symbol-store id (GUID then age in hex). */
export function describeDebugId(id: string): string {
  if (!/^[0-9A-F]{33,40}$/i.test(id)) return `id ${id}`;
  const g = id.slice(0, 32).toUpperCase();
  return `{${g.slice(0, 8)}-${g.slice(8, 12)}-${g.slice(12, 16)}-${g.slice(16, 20)}-${g.slice(20)}} age ${parseInt(id.slice(32), 16)}`;
}

export interface DumpTypeRequest {
  modules: ModuleInfo[];
  memory: AddressSpace;
  symbolPath: string[];
  /** "module!Type" or "Type" */
  type: string;
  address?: bigint;
  /** levels of nested structures to expand (dt -rN) */
  depth?: number;
  /** how this user adds a symbol folder: "--symbols PATH" on the command line, "Settings → Symbol folders" in the app */
  addFolderHint: string;
}

export interface DumpTypeResult extends DtResult {
  /** the PDB the layout came from */
  pdb: string;
}

/**
 * `dt module!Type [address]` on a dump: finds the module's PDB on the local
 * symbol path (matching GUID and age), lays the type out, and with an
 * address reads each field from the dump's memory. Without a module name the
 * PDBs of every module are searched, in module order.
 */
export function dtInDump(req: DumpTypeRequest): DumpTypeResult {
  const { module, name } = splitTypeName(req.type.trim());
  if (!name) throw new TypeLookupError(`no type name in '${req.type}': give a type such as nt!_KTHREAD or _LIST_ENTRY`);
  const found = module ? fromModule(req, module, name) : fromAnyModule(req, name);
  return { ...dtValues(layoutsOf(found.pdb)!, found.layout, { module: windbgModuleName(found.module.name), memory: req.memory, address: req.address, depth: req.depth }), pdb: found.file };
}

interface Found {
  module: ModuleInfo;
  pdb: PdbFile;
  file: string;
  layout: TypeLayout;
}

function fromModule(req: DumpTypeRequest, moduleName: string, name: string): Found {
  const m = findModule(req.modules, moduleName);
  if (!m) {
    const names = req.modules.filter((x) => !x.unloaded).map((x) => windbgModuleName(x.name));
    const shown = names.slice(0, 12).join(', ') + (names.length > 12 ? `, … (${names.length} in all)` : '');
    throw new TypeLookupError(`the dump has no module '${moduleName}'${names.length ? ` (modules: ${shown})` : ' (its module list is empty)'}`);
  }
  const resolved = resolveSymbols([m], req.symbolPath);
  const pdb = resolved.pdbs.get(m.name);
  if (!pdb) throw new TypeLookupError(missingPdb(m, req.symbolPath, resolved.messages, resolved.loaded.get(m.name) ?? [], req.addFolderHint));
  const file = resolved.loaded.get(m.name)?.find((f) => /\.pdb$/i.test(f)) ?? pdb.name;
  const layout = layoutsOf(pdb)?.layout(name);
  if (!layout) throw new TypeLookupError(`${path.basename(file)} (${file}) has no type ${name}${pdb.types() ? '' : ': it holds no type information (a stripped, public-only PDB)'}`);
  return { module: m, pdb, file, layout };
}

function fromAnyModule(req: DumpTypeRequest, name: string): Found {
  const modules = req.modules.filter((m) => !m.unloaded);
  const resolved = resolveSymbols(modules, req.symbolPath);
  for (const m of modules) {
    const pdb = resolved.pdbs.get(m.name);
    const layout = pdb ? layoutsOf(pdb)?.layout(name) : undefined;
    if (pdb && layout) return { module: m, pdb, file: resolved.loaded.get(m.name)?.find((f) => /\.pdb$/i.test(f)) ?? pdb.name, layout };
  }
  if (resolved.pdbs.size === 0) {
    throw new TypeLookupError(`no type ${name}: no module of the dump has its PDB on the symbol path${folders(req.symbolPath)}. Name the module (e.g. nt!${name}) to see which PDB it needs, then add the PDB's folder with ${req.addFolderHint}`);
  }
  const searched = [...resolved.pdbs.values()].map((p) => p.name).join(', ');
  throw new TypeLookupError(`no type ${name} in the PDBs found (${searched}); name the module (module!${name}) whose PDB defines it`);
}

function folders(symbolPath: string[]): string {
  return symbolPath.length ? ` (${symbolPath.join('; ')})` : ' (no symbol folders are set)';
}

/** Which PDB (name, GUID, age) was looked for where, and what to do. */
function missingPdb(m: ModuleInfo, symbolPath: string[], messages: string[], used: string[], hint: string): string {
  const image = path.win32.basename(m.name);
  const pdbName = path.win32.basename(m.debugFile ?? image.replace(/\.[^.]*$/, '') + '.pdb');
  const lines: string[] = [];
  if (!m.debugId) {
    lines.push(`no PDB for ${image}: the dump does not hold its debug record (PDB GUID and age), so only a flat ${pdbName} can be tried${folders(symbolPath)}`);
  } else {
    lines.push(`no PDB for ${image}: looked for ${pdbName} ${describeDebugId(m.debugId)}${folders(symbolPath)}, as ${path.join(pdbName, m.debugId, pdbName)} (symbol store) or ${pdbName} (flat folder)`);
  }
  for (const note of messages.filter((x) => x.startsWith('ignored '))) lines.push(note);
  for (const f of used) lines.push(`found ${f}, which holds no types`);
  lines.push(`Copy that PDB into a symbol folder (symchk /r or a symbol store gives the right one), and add the folder with ${hint}.`);
  return lines.join('\n');
}
