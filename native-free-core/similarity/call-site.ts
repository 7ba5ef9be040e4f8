import type { StackFrame } from '../model/report';

/**
 * A frame from WinDbg's "Call Site" notation: `fltmgr!TreeUnlinkMulti+0x51`,
 * `nt! ?? ::FNODOBFM::\`string'+0x40edb`, `test_app+0x429e`, `0x77320eba`.
 * Used to build stacks for tests, the evaluation and hand-typed queries; the
 * transcript importer does the full job.
 */
export function frameFromCallSite(callSite: string, index: number, address = '0x0'): StackFrame {
  const text = callSite.trim();
  const bang = text.indexOf('!');
  if (bang < 0) {
    const plain = /^(0x)?[0-9a-f`]+$/i.test(text);
    if (plain) return { index, address: '0x' + text.replace(/^0x/i, '').replace(/`/g, '').toLowerCase(), trust: 'transcript' };
    const m = /^([^+\s]+)\+(0x[0-9a-f]+)$/i.exec(text);
    if (m) return { index, address, module: m[1]!, offset: m[2]!.toLowerCase(), trust: 'transcript' };
    return { index, address, module: text, trust: 'transcript' };
  }
  const module = text.slice(0, bang);
  let rest = text.slice(bang + 1).trim();
  let offset: string | undefined;
  const off = /\+(0x[0-9a-f]+|[0-9a-f]+)$/i.exec(rest);
  if (off) {
    offset = off[1]!.toLowerCase().startsWith('0x') ? off[1]!.toLowerCase() : '0x' + off[1]!.toLowerCase();
    rest = rest.slice(0, off.index);
  }
  return { index, address, module, function: rest, offset, trust: 'transcript' };
}

export function framesFromCallSites(callSites: readonly string[]): StackFrame[] {
  return callSites.map((c, i) => frameFromCallSite(c, i));
}
