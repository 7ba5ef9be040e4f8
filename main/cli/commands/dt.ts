import fs from 'node:fs';
import path from 'node:path';
import { openDump } from '../../../native-free-core/formats/open';
import { MSF_MAGIC } from '../../../native-free-core/formats/pdb/msf';
import { parsePdb } from '../../../native-free-core/formats/pdb/pdb-file';
import { dtValues, formatDtResult, MAX_DT_DEPTH, type DtResult } from '../../../native-free-core/formats/pdb/type-values';
import { BufferByteSource } from '../../../native-free-core/io/byte-source';
import { parseHex } from '../../../native-free-core/model/hex';
import { withFileSource } from '../../fs/file-byte-source';
import { dtInDump, splitTypeName, TypeLookupError } from '../../symbols/type-lookup';
import { flagBool, UsageError, type ParsedArgs } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { describeFileError } from '../errors';
import { printJson } from '../io';
import { symbolPathOf } from './symbol-path-arg';

/**
 * `crashbench dt [-rN] FILE TYPE [ADDRESS]`. FILE is a PDB (layout only) or a
 * dump, whose module's PDB is found on the symbol path (TYPE as module!Type,
 * or a bare Type searched in every module's PDB). --json prints one object
 * (DtResult in native-free-core/formats/pdb/type-values.ts, a contract):
 * { type: "nt!_KTHREAD", module?, kind: "struct|class|union|enum", size,
 *   address?, pdb, note?, fields: [{ offset, name, type, bits?: { position,
 *   length }, value?, numeric?, address?, unreadable?, children? }],
 *   enumerators?: [{ name, value }] }.
 */
export const dtCommand: Command = {
  name: 'dt',
  usage: 'dt [-r[N]] FILE TYPE [ADDRESS] [--symbols PATH] [--json]',
  summary: "a type's layout from a PDB (FILE.pdb, or a dump and module!Type), with field values read from the dump at ADDRESS",
  async run(args, io) {
    const { depth, positional } = depthOf(args);
    const [file, type, addressText, ...rest] = positional;
    if (!file || !type || rest.length > 0) throw new UsageError('give FILE, TYPE and optionally ADDRESS (dt nt!_KTHREAD ffffe001`2c1c4080)');
    const address = addressText === undefined ? undefined : parseDtAddress(addressText);
    let result: DtResult;
    try {
      if (isPdb(file)) {
        if (address !== undefined) throw new UsageError('ADDRESS needs a dump to read from: give the dump as FILE and find the PDB with --symbols');
        result = dtInPdbFile(file, type, depth);
      } else {
        const symbolPath = await symbolPathOf(args);
        result = withFileSource(file, (source) => {
          const parsed = openDump(source);
          if (parsed.report.format === 'windbg-text') throw new TypeLookupError(`${path.basename(file)} is a WinDbg transcript: it has no memory or PDB to lay types out from (its own dt output is in crashbench analyze and the app's Structures tab)`);
          return dtInDump({ modules: parsed.report.modules, memory: parsed.memory, symbolPath, type, address, depth, addFolderHint: '--symbols PATH (or _NT_SYMBOL_PATH, or the app\'s Settings)' });
        });
      }
    } catch (e) {
      if (e instanceof UsageError) throw e;
      io.err(`crashbench: ${e instanceof TypeLookupError ? e.message : describeFileError(file, e)}`);
      return EXIT_BAD_INPUT;
    }
    if (flagBool(args, 'json')) printJson(io, result);
    else io.out(formatDtResult(result).join('\n'));
    return EXIT_OK;
  },
};

/** WinDbg's -r (every level, up to 9) and -rN (N levels) among the arguments, or --recurse=N. */
function depthOf(args: ParsedArgs): { depth: number; positional: string[] } {
  const isDepth = (a: string) => /^-r\d?$/.test(a);
  const last = args.positional.filter(isDepth).pop();
  let depth = last === undefined ? 0 : last === '-r' ? MAX_DT_DEPTH : Number(last.slice(2));
  const flag = args.flags.get('recurse');
  if (flag === true) throw new UsageError('--recurse needs a value: --recurse=N (or -rN)');
  if (flag !== undefined) {
    if (!/^\d$/.test(flag)) throw new UsageError(`--recurse=${flag}: give one digit, 0 to 9`);
    depth = Number(flag);
  }
  return { depth, positional: args.positional.filter((a) => !isDepth(a)) };
}

/** WinDbg address notation: fffffa80`08e13270, 0xfffffa8008e13270, and hex offsets added with '+'. */
export function parseDtAddress(text: string): bigint {
  try {
    return text.split('+').reduce((sum, term) => sum + parseHex(term), 0n) & 0xffffffffffffffffn;
  } catch {
    throw new UsageError(`not an address: ${text} (hex, as WinDbg writes it: fffffa80\`08e13270 or fffffa8008e13270+10)`);
  }
}

function isPdb(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false; // the dump path reports the error
  }
  try {
    const head = Buffer.alloc(MSF_MAGIC.length);
    fs.readSync(fd, head, 0, head.length, 0);
    return head.toString('latin1') === MSF_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

/** `dt` from a PDB alone: the layout, named after the module given or the PDB's own name. */
function dtInPdbFile(file: string, type: string, depth: number): DtResult & { pdb: string } {
  const pdb = parsePdb(new BufferByteSource(path.basename(file), fs.readFileSync(file)));
  const { module, name } = splitTypeName(type.trim());
  const layouts = pdb.layouts();
  if (!layouts) throw new TypeLookupError(`${path.basename(file)} holds no type information (a stripped, public-only PDB)`);
  const layout = layouts.layout(name);
  if (!layout) throw new TypeLookupError(`${path.basename(file)} has no type ${name}`);
  return { ...dtValues(layouts, layout, { module: module ?? path.basename(file).replace(/\.pdb$/i, ''), depth }), pdb: file };
}
