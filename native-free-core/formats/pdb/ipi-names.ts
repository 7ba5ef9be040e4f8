import { isParseError } from '../../io/parse-error';
import type { TypeTable } from './tpi-stream';
import { readStructHeader } from './type-layout';

/** IPI (id) stream leaves that name inlined functions. */
export const LF_FUNC_ID = 0x1601;
export const LF_MFUNC_ID = 0x1602;
export const LF_STRING_ID = 0x1605;

const utf8 = new TextDecoder('utf-8');

function cstr(b: Uint8Array, at: number): string | undefined {
  if (at > b.length) return undefined;
  let z = at;
  while (z < b.length && b[z] !== 0) z++;
  return utf8.decode(b.subarray(at, z));
}

function u32(b: Uint8Array, at: number): number | undefined {
  return at + 4 <= b.length ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0 : undefined;
}

/** The name of a class, structure, union or enum of the TPI stream, or undefined. */
function typeName(tpi: TypeTable | undefined, index: number): string | undefined {
  const rec = tpi?.get(index);
  if (!rec) return undefined;
  try {
    return readStructHeader(tpi!, rec)?.name;
  } catch (e) {
    if (isParseError(e)) return undefined;
    throw e;
  }
}

/**
 * The qualified name of an inlinee (an IPI ItemId), as LLVM's
 * NativeInlineSiteSymbol builds it: LF_FUNC_ID with its LF_STRING_ID scope
 * ("ns::f"), LF_MFUNC_ID with its class ("Class::method").
 */
export function inlineeName(ipi: TypeTable | undefined, tpi: TypeTable | undefined, id: number): string | undefined {
  const rec = ipi?.get(id);
  if (!rec) return undefined;
  const d = rec.data;
  if (rec.kind === LF_FUNC_ID) {
    const name = cstr(d, 8);
    if (name === undefined) return undefined;
    const scope = ipi!.get(u32(d, 0) ?? 0);
    const scopeName = scope?.kind === LF_STRING_ID ? cstr(scope.data, 4) : undefined;
    return scopeName ? `${scopeName}::${name}` : name;
  }
  if (rec.kind === LF_MFUNC_ID) {
    const name = cstr(d, 8);
    if (name === undefined) return undefined;
    const cls = typeName(tpi, u32(d, 0) ?? 0);
    return cls ? `${cls}::${name}` : name;
  }
  return undefined;
}
