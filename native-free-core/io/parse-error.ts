/** Why a structure could not be read. */
export type ParseErrorKind = 'truncated' | 'invalid' | 'unsupported' | 'limit';

/**
 * The one error type every parser throws for bad input. It names the file,
 * the structure being read and the file offset, so a user can tell exactly
 * where a hostile or damaged dump went wrong.
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    readonly kind: ParseErrorKind,
    readonly file: string,
    readonly structure: string,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`${file}: ${structure} at offset 0x${offset.toString(16)}: ${detail}`);
  }
}

export function isParseError(e: unknown): e is ParseError {
  return e instanceof ParseError;
}
