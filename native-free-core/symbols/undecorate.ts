/**
 * Undecoration of PDB public symbol names into the qualified function name a
 * WinDbg frame shows (no argument list): MSVC C++ names
 * (`?InvokeClient@FxPnpDevicePrepareHardware@@MEAAJXZ` →
 * `FxPnpDevicePrepareHardware::InvokeClient`) and, for x86 modules, the C
 * decorations `_Name`, `_Name@12`, `@Name@8`. Pure and bounded; a name it does
 * not understand comes back unchanged.
 */

/** Longer names are returned as they are: real decorated names stay well below this. */
const MAX_NAME_LENGTH = 4096;
/** Templates nest in template arguments; deeper nesting is returned unchanged. */
const MAX_TEMPLATE_DEPTH = 8;

/** `??<code>` special names: constructor and destructor are handled apart. */
const OPERATORS: Record<string, string> = {
  '2': 'operator new', '3': 'operator delete', '4': 'operator=', '5': 'operator>>', '6': 'operator<<',
  '7': 'operator!', '8': 'operator==', '9': 'operator!=', A: 'operator[]', C: 'operator->', D: 'operator*',
  E: 'operator++', F: 'operator--', G: 'operator-', H: 'operator+', I: 'operator&', J: 'operator->*',
  K: 'operator/', L: 'operator%', M: 'operator<', N: 'operator<=', O: 'operator>', P: 'operator>=',
  Q: 'operator,', R: 'operator()', S: 'operator~', T: 'operator^', U: 'operator|', V: 'operator&&',
  W: 'operator||', X: 'operator*=', Y: 'operator+=', Z: 'operator-=',
  _0: 'operator/=', _1: 'operator%=', _2: 'operator>>=', _3: 'operator<<=', _4: 'operator&=',
  _5: 'operator|=', _6: 'operator^=', _7: "`vftable'", _8: "`vbtable'", _E: "`vector deleting destructor'",
  _G: "`scalar deleting destructor'", _U: 'operator new[]', _V: 'operator delete[]',
};

/** Template argument types that are one code. */
const PRIMITIVES: Record<string, string> = {
  C: 'signed char', D: 'char', E: 'unsigned char', F: 'short', G: 'unsigned short', H: 'int',
  I: 'unsigned int', J: 'long', K: 'unsigned long', M: 'float', N: 'double', O: 'long double', X: 'void',
  _J: '__int64', _K: 'unsigned __int64', _N: 'bool', _W: 'wchar_t',
};

class Unknown extends Error {}

/** Reads one decorated name left to right; every step consumes input, so it always ends. */
class Reader {
  pos = 0;
  constructor(readonly s: string) {}

  peek(offset = 0): string {
    return this.s[this.pos + offset] ?? '';
  }
  take(prefix: string): boolean {
    if (!this.s.startsWith(prefix, this.pos)) return false;
    this.pos += prefix.length;
    return true;
  }
  /** Characters up to the next '@', which is consumed. */
  until(): string {
    const end = this.s.indexOf('@', this.pos);
    if (end <= this.pos) throw new Unknown();
    const text = this.s.slice(this.pos, end);
    this.pos = end + 1;
    return text;
  }
}

/** Names seen so far, for the back-references `0`–`9`. */
type NameTable = string[];

function remember(names: NameTable, name: string): void {
  if (names.length < 10) names.push(name);
}

/** One fragment of a qualified name: a simple name, a back-reference, a template or an anonymous namespace. */
function fragment(r: Reader, names: NameTable, depth: number): string {
  const c = r.peek();
  if (c >= '0' && c <= '9') {
    r.pos++;
    const name = names[Number(c)];
    if (name === undefined) throw new Unknown();
    return name;
  }
  if (r.take('?$')) {
    const name = templateName(r, depth);
    remember(names, name);
    return name;
  }
  if (r.take('?A0x')) {
    r.until();
    const name = '`anonymous namespace\'';
    remember(names, name);
    return name;
  }
  if (c === '?') throw new Unknown();
  const name = r.until();
  remember(names, name);
  return name;
}

/** `name@args@` after `?$`: `name<args>`; arguments have their own back-reference table. */
function templateName(r: Reader, depth: number): string {
  if (depth >= MAX_TEMPLATE_DEPTH) throw new Unknown();
  const names: NameTable = [];
  const name = r.until();
  remember(names, name);
  const args: string[] = [];
  while (!r.take('@')) {
    if (r.pos >= r.s.length) throw new Unknown();
    args.push(templateArgument(r, names, depth + 1));
  }
  return `${name}<${args.join(',')}>`;
}

function templateArgument(r: Reader, names: NameTable, depth: number): string {
  if (r.take('$0')) return String(encodedNumber(r));
  return type(r, names, depth);
}

/** `0`–`9` is 1–10; otherwise hex digits A–P ended by '@'; a leading '?' negates. */
function encodedNumber(r: Reader): number {
  const negative = r.take('?');
  const c = r.peek();
  let value: number;
  if (c >= '0' && c <= '9') {
    r.pos++;
    value = Number(c) + 1;
  } else {
    const digits = r.until();
    if (digits.length > 8 || !/^[A-P]+$/.test(digits)) throw new Unknown();
    value = 0;
    for (const d of digits) value = value * 16 + (d.charCodeAt(0) - 65);
  }
  return negative ? -value : value;
}

/** The types that template arguments commonly are; anything else is unknown. */
function type(r: Reader, names: NameTable, depth: number): string {
  const c = r.peek();
  const two = c + r.peek(1);
  if (PRIMITIVES[two] !== undefined && c === '_') {
    r.pos += 2;
    return PRIMITIVES[two];
  }
  if (PRIMITIVES[c] !== undefined) {
    r.pos++;
    return PRIMITIVES[c];
  }
  if (c === 'V' || c === 'U') {
    r.pos++;
    return qualifiedName(r, names, depth);
  }
  if (r.take('W4')) return qualifiedName(r, names, depth);
  if (c === 'P' || c === 'Q') {
    r.pos++;
    r.take('E'); // __ptr64
    const cv = r.peek();
    if (cv !== 'A' && cv !== 'B') throw new Unknown();
    r.pos++;
    return `${cv === 'B' ? 'const ' : ''}${type(r, names, depth)} *`;
  }
  throw new Unknown();
}

/** Fragments up to the closing '@', innermost first (as in the input). */
function nameParts(r: Reader, names: NameTable, depth: number): string[] {
  const parts: string[] = [];
  while (!r.take('@')) {
    if (r.pos >= r.s.length) throw new Unknown();
    parts.push(fragment(r, names, depth));
  }
  return parts;
}

/** Shown outermost first, as C++ writes it. */
function qualifiedName(r: Reader, names: NameTable, depth: number, innermost?: string): string {
  const parts = nameParts(r, names, depth);
  if (innermost !== undefined) parts.unshift(innermost);
  if (parts.length === 0) throw new Unknown();
  return parts.reverse().join('::');
}

/** The function (or variable) name of an MSVC C++ decorated name, or undefined. */
function undecorateMsvc(name: string): string | undefined {
  const r = new Reader(name);
  if (!r.take('?')) return undefined;
  const names: NameTable = [];
  if (r.take('?')) {
    if (r.peek() === '$') {
      r.pos++;
      const fn = templateName(r, 0);
      remember(names, fn);
      return qualifiedName(r, names, 0, fn);
    }
    const code = r.peek() === '_' ? r.peek() + r.peek(1) : r.peek();
    r.pos += code.length;
    const special = code === '0' || code === '1' ? undefined : OPERATORS[code];
    if (code !== '0' && code !== '1' && special === undefined) return undefined;
    const parts = nameParts(r, names, 0);
    if (parts.length === 0) return undefined;
    const scope = [...parts].reverse().join('::');
    if (special !== undefined) return `${scope}::${special}`;
    return `${scope}::${code === '1' ? '~' : ''}${parts[0]!}`;
  }
  const scoped = qualifiedName(r, names, 0);
  return r.pos < name.length ? scoped : undefined;
}

/** Strips the x86 C decorations: `_name`, `_name@8` (cdecl, stdcall) and `@name@8` (fastcall). */
export function undecorateCName(name: string): string {
  const m = /^[_@]([A-Za-z_$][\w$]*)(@\d+)?$/.exec(name);
  return m ? m[1]! : name;
}

/**
 * The name WinDbg shows in a frame for a PDB public symbol; `x86` enables the
 * C decorations, which other architectures do not use. Never throws.
 */
export function undecoratePublicName(name: string, x86: boolean): string {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return name;
  if (name[0] === '?') {
    try {
      return undecorateMsvc(name) ?? name;
    } catch {
      return name;
    }
  }
  return x86 ? undecorateCName(name) : name;
}
