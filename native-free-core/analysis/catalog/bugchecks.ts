import { hex, parseHex } from '../../model/hex';
import { BUGCHECK_DETAILS, type BugcheckDetails } from './bugcheck-args';
import { BUGCHECK_NAMES_TEXT } from './bugcheck-names';

export interface BugcheckEntry {
  /** "0x3b" */
  code: string;
  name: string;
  description?: string;
  details?: BugcheckDetails;
  /** set for the 0x1000_00xx aliases: the base code they share meanings with. */
  aliasOf?: string;
}

let names: Map<bigint, string> | undefined;

function nameTable(): Map<bigint, string> {
  if (!names) {
    names = new Map();
    for (const line of BUGCHECK_NAMES_TEXT.split('\n')) {
      const [code, name] = line.trim().split(/\s+/);
      if (code && name) names.set(BigInt('0x' + code), name);
    }
  }
  return names;
}

function toCode(code: string | number | bigint): bigint | undefined {
  try {
    return typeof code === 'string' ? parseHex(code) : BigInt(code) & 0xffffffffffffffffn;
  } catch {
    return undefined;
  }
}

/**
 * The catalog entry of a bug check code. The 0x1000_00xx forms (e.g.
 * 0x1000007E) are the same bug checks raised with a different argument
 * layout convention; they carry the base code's argument meanings.
 */
export function lookupBugcheck(code: string | number | bigint): BugcheckEntry | undefined {
  const value = toCode(code);
  if (value === undefined) return undefined;
  const v = value & 0xffffffffn;
  const table = nameTable();
  const base = v >= 0x10000000n && v < 0x10001000n ? v & 0xfffn : undefined;
  const name = table.get(v) ?? (base !== undefined ? table.get(base)?.concat('_M') : undefined);
  if (!name) return undefined;
  const detailsKey = (base ?? v).toString(16);
  const details = BUGCHECK_DETAILS[detailsKey];
  const entry: BugcheckEntry = { code: hex(v), name };
  if (details) {
    entry.details = details;
    entry.description = details.description;
  }
  if (base !== undefined) entry.aliasOf = hex(base);
  return entry;
}

/** Every catalogued code (for tests and the UI's reference view). */
export function allBugchecks(): BugcheckEntry[] {
  return [...nameTable().keys()].map((k) => lookupBugcheck(k)!);
}

export interface BugcheckArgDescription {
  index: number;
  value: string;
  meaning?: string;
}

/** "Arg1: 00000000c0000005, Exception code that caused the bug check" style meanings. */
export function describeBugcheckArgs(code: string | number | bigint, args: readonly string[]): BugcheckArgDescription[] {
  const details = lookupBugcheck(code)?.details;
  return args.map((value, index) => ({ index, value, meaning: details?.args[index] }));
}
