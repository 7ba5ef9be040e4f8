import type { CrashReport, EvidenceRef, Finding, Severity } from '../model/report';
import { hex, parseHex } from '../model/hex';

export function finding(id: string, kind: string, severity: Severity, text: string, evidence: EvidenceRef[], extra: { details?: string; data?: Record<string, unknown> } = {}): Finding {
  const f: Finding = { id, kind, severity, text, evidence };
  if (extra.details) f.details = extra.details;
  if (extra.data) f.data = extra.data;
  return f;
}

export const ev = {
  register: (name: string, value?: bigint): EvidenceRef => (value === undefined ? { kind: 'register', name } : { kind: 'register', name, value: hex(value) }),
  address: (address: bigint, label?: string): EvidenceRef => (label ? { kind: 'address', address: hex(address), label } : { kind: 'address', address: hex(address) }),
  instruction: (address: bigint, text?: string): EvidenceRef => (text ? { kind: 'instruction', address: hex(address), text } : { kind: 'instruction', address: hex(address) }),
  memory: (address: bigint, size: number, label?: string): EvidenceRef => (label ? { kind: 'memory', address: hex(address), size, label } : { kind: 'memory', address: hex(address), size }),
  frame: (index: number): EvidenceRef => ({ kind: 'frame', index }),
  module: (name: string): EvidenceRef => ({ kind: 'module', name }),
  line: (line: number): EvidenceRef => ({ kind: 'transcript-line', line }),
  field: (structure: string, field: string, value?: bigint): EvidenceRef => (value === undefined ? { kind: 'field', structure, field } : { kind: 'field', structure, field, value: hex(value) }),
};

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

/** Orders findings by severity, keeping the order of discovery within a severity; drops duplicate ids. */
export function sortFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
  return unique.map((f, i) => [f, i] as const).sort((a, b) => SEVERITY_ORDER[a[0].severity] - SEVERITY_ORDER[b[0].severity] || a[1] - b[1]).map(([f]) => f);
}

/** Transcript lines that show an instruction (`u` output) or memory (`dq`, `db`) at an address, for evidence links. */
export function transcriptLines(report: CrashReport, address: bigint, kind: 'instruction' | 'memory'): EvidenceRef[] {
  const out: EvidenceRef[] = [];
  if (kind === 'instruction') {
    for (const line of report.disassembly ?? []) {
      const first = line.provenance?.lines?.[0];
      if (first === undefined) continue;
      try {
        if (parseHex(line.address) === address) out.push({ kind: 'transcript-line', line: first });
      } catch {
        // skip malformed addresses
      }
    }
  } else {
    for (const km of report.knownMemory ?? []) {
      const first = km.provenance?.lines?.[0];
      if (first === undefined || /disassembly|code bytes|^u\b/i.test(km.provenance.detail ?? '')) continue;
      try {
        const start = parseHex(km.address);
        if (address >= start && address < start + BigInt(km.bytes.length / 2)) out.push({ kind: 'transcript-line', line: first });
      } catch {
        // skip malformed addresses
      }
    }
  }
  return out.filter((e, i) => out.findIndex((x) => x.kind === 'transcript-line' && e.kind === 'transcript-line' && x.line === e.line) === i);
}
