import { PostfixEvaluator, type ReadWord } from './postfix';

/** Splits "REG: expr REG: expr" into a map; later rules for the same register win (STACK CFI deltas). */
export function parseCfiRules(rules: string): Map<string, string> | null {
  const out = new Map<string, string>();
  let current: string | null = null;
  let expr: string[] = [];
  const flush = () => {
    if (current !== null) out.set(current, expr.join(' '));
  };
  for (const token of rules.split(/\s+/)) {
    if (!token) continue;
    if (token.endsWith(':') && token.length > 1) {
      flush();
      current = token.slice(0, -1);
      expr = [];
    } else {
      if (current === null) return null;
      expr.push(token);
    }
  }
  flush();
  return out;
}

/**
 * Recovers the caller's registers from CFI rules, as Breakpad's
 * CFIFrameInfo::FindCallerRegs: evaluate .cfa from the callee's registers,
 * then .ra and each register rule with .cfa known. Registers are named
 * without '$' in the maps (e.g. "esp"). Returns null when .cfa or .ra fails.
 */
export function findCallerRegisters(
  rules: string,
  callee: Map<string, bigint>,
  readWord: ReadWord,
  mask: bigint,
): { cfa: bigint; ra: bigint; registers: Map<string, bigint> } | null {
  const parsed = parseCfiRules(rules);
  if (!parsed) return null;
  const dict = new Map<string, bigint>();
  for (const [k, v] of callee) dict.set('$' + k, v);
  const ev = new PostfixEvaluator(dict, readWord, mask);
  const cfaExpr = parsed.get('.cfa');
  const raExpr = parsed.get('.ra');
  if (!cfaExpr || !raExpr) return null;
  const cfa = ev.evaluateForValue(cfaExpr);
  if (cfa === null) return null;
  dict.set('.cfa', cfa);
  const ra = ev.evaluateForValue(raExpr);
  if (ra === null) return null;
  const registers = new Map<string, bigint>();
  for (const [reg, expr] of parsed) {
    if (reg === '.cfa' || reg === '.ra') continue;
    const v = ev.evaluateForValue(expr);
    if (v !== null) registers.set(reg.replace(/^\$/, ''), v);
  }
  return { cfa, ra, registers };
}
