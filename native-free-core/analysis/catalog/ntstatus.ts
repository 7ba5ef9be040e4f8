import { hex, parseHex } from '../../model/hex';
import { FAST_FAIL_TEXT, NTSTATUS_TEXT } from './ntstatus-data';

export interface StatusEntry {
  code: string;
  name: string;
  message: string;
}

function parseTable(text: string): Map<bigint, StatusEntry> {
  const table = new Map<bigint, StatusEntry>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+) (\S+) (.*)$/.exec(line.trim());
    if (!m) continue;
    const value = BigInt('0x' + m[1]);
    if (!table.has(value)) table.set(value, { code: hex(value), name: m[2]!, message: m[3]! });
  }
  return table;
}

let statuses: Map<bigint, StatusEntry> | undefined;
let fastFails: Map<bigint, StatusEntry> | undefined;

function toValue(code: string | number | bigint): bigint | undefined {
  try {
    return typeof code === 'string' ? parseHex(code) : BigInt(code);
  } catch {
    return undefined;
  }
}

/** NTSTATUS (or exception code) name and message. 64-bit slots holding a sign-extended status (0xffffffffc0000005) are accepted. */
export function lookupNtStatus(code: string | number | bigint): StatusEntry | undefined {
  const v = toValue(code);
  if (v === undefined) return undefined;
  statuses ??= parseTable(NTSTATUS_TEXT);
  const high = v >> 32n;
  if (high !== 0n && high !== 0xffffffffn) return undefined;
  return statuses.get(v & 0xffffffffn);
}

/** FAST_FAIL_* subcode of c0000409 / bug check 0x139 argument 1. */
export function lookupFastFail(code: string | number | bigint): StatusEntry | undefined {
  const v = toValue(code);
  if (v === undefined) return undefined;
  fastFails ??= parseTable(FAST_FAIL_TEXT);
  return fastFails.get(v & 0xffffffffn);
}

/** Number of catalogued NTSTATUS codes. */
export function ntStatusCount(): number {
  statuses ??= parseTable(NTSTATUS_TEXT);
  return statuses.size;
}
