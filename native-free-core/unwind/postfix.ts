/**
 * Breakpad's postfix evaluator for STACK WIN program strings and STACK CFI
 * rules: numbers, $registers, .constants, binary + - * / % @ (align), ^
 * (dereference) and = (assign to a $variable). Values wrap at the target's
 * word size.
 */
export type ReadWord = (address: bigint) => bigint | null;

export interface PostfixResult {
  ok: boolean;
  /** Variables assigned by the program (e.g. $eip, $esp, $ebp). */
  assigned: Set<string>;
}

type Item = { ident: string } | { value: bigint };

const MAX_TOKENS = 4096;

function isNumber(token: string): boolean {
  const c = token.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || (c === 0x2d /* - */ && token.length > 1);
}

export class PostfixEvaluator {
  constructor(
    private readonly dictionary: Map<string, bigint>,
    private readonly readWord: ReadWord,
    private readonly mask: bigint,
  ) {}

  private popValue(stack: Item[]): bigint | null {
    const item = stack.pop();
    if (!item) return null;
    if ('value' in item) return item.value;
    if (isNumber(item.ident)) {
      const neg = item.ident.startsWith('-');
      const digits = neg ? item.ident.slice(1) : item.ident;
      if (!/^[0-9]+$/.test(digits)) return null;
      const v = BigInt(digits);
      return (neg ? -v : v) & this.mask;
    }
    const v = this.dictionary.get(item.ident);
    return v === undefined ? null : v;
  }

  private step(token: string, stack: Item[], assigned: Set<string>): boolean {
    switch (token) {
      case '+': case '-': case '*': case '/': case '%': case '@': {
        const b = this.popValue(stack);
        const a = this.popValue(stack);
        if (a === null || b === null) return false;
        let r: bigint;
        if (token === '+') r = a + b;
        else if (token === '-') r = a - b;
        else if (token === '*') r = a * b;
        else if (token === '/') { if (b === 0n) return false; r = a / b; }
        else if (token === '%') { if (b === 0n) return false; r = a % b; }
        else r = a & (this.mask ^ ((b - 1n) & this.mask));
        stack.push({ value: r & this.mask });
        return true;
      }
      case '^': {
        const a = this.popValue(stack);
        if (a === null) return false;
        const v = this.readWord(a);
        if (v === null) return false;
        stack.push({ value: v });
        return true;
      }
      case '=': {
        const v = this.popValue(stack);
        const target = stack.pop();
        if (v === null || !target || !('ident' in target) || !target.ident.startsWith('$')) return false;
        this.dictionary.set(target.ident, v);
        assigned.add(target.ident);
        return true;
      }
      default:
        stack.push({ ident: token });
        return true;
    }
  }

  /** Runs a program of assignments (STACK WIN). */
  evaluate(program: string): PostfixResult {
    const assigned = new Set<string>();
    const stack: Item[] = [];
    const tokens = program.split(/\s+/).filter((t) => t.length > 0);
    if (tokens.length > MAX_TOKENS) return { ok: false, assigned };
    for (const token of tokens) {
      if (token.length > 1 && token.startsWith('=')) {
        if (!this.step('=', stack, assigned) || !this.step(token.slice(1), stack, assigned)) return { ok: false, assigned };
      } else if (!this.step(token, stack, assigned)) {
        return { ok: false, assigned };
      }
    }
    return { ok: true, assigned };
  }

  /** Evaluates an expression that must leave exactly one value (STACK CFI). */
  evaluateForValue(expression: string): bigint | null {
    const stack: Item[] = [];
    const assigned = new Set<string>();
    const tokens = expression.split(/\s+/).filter((t) => t.length > 0);
    if (tokens.length === 0 || tokens.length > MAX_TOKENS) return null;
    for (const token of tokens) if (!this.step(token, stack, assigned)) return null;
    if (stack.length !== 1) return null;
    return this.popValue(stack);
  }
}
