import type { Arch, BugcheckInfo, CrashReport, ExceptionInfo } from '../model/report';

/**
 * The "what kind of crash" part of the similarity: bugcheck code with the
 * classes of its arguments, or the exception code with its access kind.
 */

/** 0x1000007E is 0x7E raised with parameters: the same stop for matching. */
export function normalizeBugcheckCode(code: string): string {
  let v: bigint;
  try {
    v = BigInt(code.startsWith('0x') || code.startsWith('0X') ? code : '0x' + code);
  } catch {
    return code.toLowerCase();
  }
  if (v >= 0x10000000n && v < 0x20000000n) v -= 0x10000000n;
  return '0x' + v.toString(16);
}

/** Stops that describe the same kind of failure, given partial credit when codes differ. */
const BUGCHECK_FAMILIES: Record<string, string> = {
  '0x1e': 'unhandled-exception', '0x7e': 'unhandled-exception', '0x8e': 'unhandled-exception', '0x3b': 'unhandled-exception',
  '0x50': 'bad-memory-access', '0xa': 'bad-memory-access', '0xd1': 'bad-memory-access', '0xbe': 'bad-memory-access',
  '0xd5': 'bad-memory-access', '0xd6': 'bad-memory-access', '0xfc': 'bad-memory-access',
  '0x19': 'pool-corruption', '0xc2': 'pool-corruption', '0xc5': 'pool-corruption', '0x13a': 'pool-corruption',
  '0xc4': 'verifier', '0xc9': 'verifier', '0xe6': 'verifier',
  '0x9f': 'power', '0xa0': 'power',
  '0x133': 'hang', '0x101': 'hang',
};

export function bugcheckFamily(code: string): string | undefined {
  return BUGCHECK_FAMILIES[normalizeBugcheckCode(code)];
}

/**
 * The class of one bugcheck argument: values that differ between two
 * instances of one bug (pool addresses, stack pointers) fall in the same
 * class, values that identify the bug (status codes, small enumerations) do not.
 */
export function argumentClass(value: string, arch?: Arch): string {
  let v: bigint;
  try {
    v = BigInt(value);
  } catch {
    return 'other';
  }
  if (v === 0n) return 'zero';
  if (v < 0x10000n) return 'small:' + v.toString(16);
  const high = v >> 32n;
  const low = v & 0xffffffffn;
  const isStatus = (high === 0n || high === 0xffffffffn) &&
    ((low >= 0xc0000000n && low < 0xc0400000n) || (low >= 0x80000000n && low < 0x80000030n));
  if (isStatus) return 'status:' + low.toString(16);
  if (arch === 'x86' || (arch === undefined && v <= 0xffffffffn)) {
    return low >= 0x80000000n ? 'kernel-address' : 'user-address';
  }
  if (v >= 0xffff800000000000n) return 'kernel-address';
  if (v <= 0x00007fffffffffffn) return 'user-address';
  return 'non-canonical';
}

export interface CodeProfile {
  bugcheck?: { code: string; family?: string; argClasses: string[] };
  exception?: { code: string; access?: string };
}

export function codeProfile(report: Pick<CrashReport, 'bugcheck' | 'exception' | 'system'>): CodeProfile {
  const out: CodeProfile = {};
  const bc: BugcheckInfo | undefined = report.bugcheck;
  if (bc) {
    const code = normalizeBugcheckCode(bc.code);
    out.bugcheck = { code, family: bugcheckFamily(code), argClasses: bc.args.map((a) => argumentClass(a, report.system.arch)) };
  }
  const ex: ExceptionInfo | undefined = report.exception;
  if (ex) out.exception = { code: ex.code.toLowerCase(), access: ex.accessType };
  return out;
}

/**
 * 1 for the same stop with the same argument classes, 0.6 for the same stop
 * with different ones, 0.3 for a stop of the same family; for exceptions
 * 0.7 for the same code plus 0.3 for the same access kind. Null when either
 * report has neither (a `k` transcript, for instance).
 */
export function codeSimilarity(a: CodeProfile, b: CodeProfile): number | null {
  if (a.bugcheck && b.bugcheck) {
    if (a.bugcheck.code === b.bugcheck.code) {
      const n = Math.max(a.bugcheck.argClasses.length, b.bugcheck.argClasses.length);
      let same = 0;
      for (let i = 0; i < n; i++) if (a.bugcheck.argClasses[i] === b.bugcheck.argClasses[i]) same++;
      return 0.6 + 0.4 * (n === 0 ? 1 : same / n);
    }
    return a.bugcheck.family !== undefined && a.bugcheck.family === b.bugcheck.family ? 0.3 : 0;
  }
  if (a.bugcheck || b.bugcheck) {
    // a kernel stop against a user-mode exception: different kinds of crash
    const other = a.bugcheck ? b : a;
    return other.exception ? 0 : null;
  }
  if (a.exception && b.exception) {
    if (a.exception.code !== b.exception.code) return 0;
    if (a.exception.access && b.exception.access) return a.exception.access === b.exception.access ? 1 : 0.7;
    return 0.85;
  }
  return null;
}
