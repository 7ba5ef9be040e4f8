import { windbgAddress } from '../../native-free-core/model/hex';
import type { CrashReport, StackFrame } from '../../native-free-core/model/report';
import type { CaseDetail, EvidenceTarget } from './types';

/** The Markdown report of a case: summary, stack, findings, hypotheses with their evidence, notes, history (oldest first). */
export function formatCaseMarkdown(c: CaseDetail): string {
  const r = c.report;
  const bits = r?.system.arch === 'x86' ? 32 : 64;
  const out: string[] = [`# ${c.title}`, ''];
  out.push('## Summary', '');
  const rows: [string, string | undefined][] = [
    ['Case', `#${c.id}`],
    ['Status', c.status],
    ['Tags', c.tags.length ? c.tags.join(', ') : undefined],
    ['File', c.file ? `${c.file.originalName} (${c.file.size.toLocaleString('en-US')} bytes, sha256 ${c.file.sha256})` : c.fileName],
    ['Format', `${c.format} / ${c.dumpType}`],
    ['Error', c.error],
  ];
  if (r) {
    if (r.bugcheck) rows.push(['Bug check', `${r.bugcheck.code}${r.bugcheck.name ? ` ${r.bugcheck.name}` : ''} (${r.bugcheck.args.join(', ')})`]);
    if (r.exception) rows.push(['Exception', `${r.exception.code}${r.exception.name ? ` ${r.exception.name}` : ''} at ${addr(r.exception.address, bits)}`]);
    rows.push(['Faulting', c.faultingModule ? `${c.faultingModule}${c.faultingFunction ? `!${c.faultingFunction}` : ''}` : undefined]);
    rows.push(['Bucket', r.bucket]);
    rows.push(['Process', r.process]);
    rows.push(['System', systemLine(r)]);
    rows.push(['Crash time', r.crashTime]);
  }
  rows.push(['Imported', c.importedAt]);
  out.push('| | |', '|---|---|');
  for (const [k, v] of rows) if (v) out.push(`| ${k} | ${cell(v)} |`);
  out.push('');

  if (r && r.stack.length) {
    out.push('## Stack', '', '```');
    for (const f of r.stack) out.push(`${String(f.index).padStart(2, '0')} ${addr(f.address, bits)} ${frameText(f)}  [${f.trust}]`);
    out.push('```', '');
  }

  if (r && r.findings.length) {
    out.push('## Findings', '');
    for (const f of r.findings) {
      out.push(`- **${f.severity}** ${f.text} \`${f.id}\``);
      if (f.details) out.push(`  ${f.details.replace(/\n/g, '\n  ')}`);
    }
    out.push('');
  }

  out.push('## Hypotheses', '');
  if (!c.hypotheses.length) out.push('_none yet_', '');
  for (const h of c.hypotheses) {
    const conf = h.confidence !== undefined ? `, confidence ${Math.round(h.confidence * 100)} %` : '';
    out.push(`### ${h.text}`, '', `Status: **${h.status}**${conf}. Updated ${h.updatedAt}.`, '');
    if (h.evidence.length) {
      out.push('Evidence:', '');
      for (const e of h.evidence) out.push(`- ${describeEvidence(e.ref, r, bits)}${e.note ? ` — ${e.note}` : ''}`);
      out.push('');
    }
  }

  if (c.notes.length) {
    out.push('## Notes', '');
    for (const n of c.notes) out.push(`_${n.createdAt}_`, '', n.text, '');
  }

  if (c.history.length) {
    out.push('## History', '');
    for (const h of c.history) out.push(`- ${h.at} — ${h.text}`);
    out.push('');
  }
  return out.join('\n');
}

export function frameText(f: StackFrame): string {
  if (f.module && f.function) return `${f.module}!${f.function}${f.offset ? `+${f.offset}` : ''}`;
  if (f.module) return `${f.module}${f.offset ? `+${f.offset}` : ''}`;
  return f.function ?? '';
}

/** One evidence link in words, resolved against the report where it can be. */
export function describeEvidence(ref: EvidenceTarget, report: CrashReport | undefined, bits: 32 | 64 = 64): string {
  switch (ref.kind) {
    case 'finding': {
      const f = report?.findings.find((x) => x.id === ref.id);
      return f ? `finding: ${f.text} (\`${ref.id}\`)` : `finding \`${ref.id}\``;
    }
    case 'frame': {
      const f = report?.stack.find((x) => x.index === ref.index);
      return f ? `frame ${ref.index}: ${frameText(f)}` : `frame ${ref.index}`;
    }
    case 'register': {
      const value = ref.value ?? report?.context?.registers[ref.name];
      return `register ${ref.name}${value ? ` = ${addr(value, bits)}` : ''}`;
    }
    case 'address':
      return `address ${addr(ref.address, bits)}${ref.label ? ` (${ref.label})` : ''}`;
    case 'module':
      return `module ${ref.name}`;
    case 'instruction':
      return `instruction at ${addr(ref.address, bits)}${ref.text ? `: \`${ref.text}\`` : ''}`;
    case 'memory':
      return `memory ${addr(ref.address, bits)} (${ref.size} bytes)${ref.label ? ` ${ref.label}` : ''}`;
    case 'transcript-line':
      return `transcript line ${ref.line}`;
    case 'field':
      return `${ref.structure}.${ref.field}${ref.value ? ` = ${ref.value}` : ''}`;
  }
}

function systemLine(r: CrashReport): string | undefined {
  const parts = [r.system.arch, r.system.osVersion ?? (r.system.osBuild !== undefined ? `build ${r.system.osBuild}` : undefined), r.system.csdVersion].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** WinDbg notation; a value that is not hex (an imported export can hold anything) is shown as it is. */
function addr(value: string, bits: 32 | 64): string {
  try {
    return windbgAddress(value, bits);
  } catch {
    return value;
  }
}
