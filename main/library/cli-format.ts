import { describeEvidence, frameText } from './case-markdown';
import type { CaseDetail, CaseSummary } from './types';

/** `crashbench list`: one line per case, columns padded, with a total line. */
export function formatCaseList(rows: CaseSummary[], total = rows.length): string {
  const header = ['ID', 'STATUS', 'CODE', 'FAULTING', 'BUCKET', 'DATE', 'TAGS', 'TITLE'];
  const lines = rows.map((c) => [
    String(c.id),
    c.status,
    c.code ?? '-',
    c.faultingModule ? `${c.faultingModule}${c.faultingFunction ? `!${c.faultingFunction}` : ''}` : '-',
    c.bucket ?? '-',
    (c.crashTime ?? c.importedAt).slice(0, 10),
    c.tags.join(',') || '-',
    c.error ? `${c.title} (error: ${c.error})` : c.title,
  ]);
  const widths = header.map((h, i) => Math.min(i === header.length - 1 ? Infinity : 48, Math.max(h.length, ...lines.map((l) => l[i]!.length))));
  const fmt = (cols: string[]) =>
    cols
      .map((v, i) => (i === cols.length - 1 ? v : clip(v, widths[i]!).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [fmt(header), ...lines.map(fmt)];
  out.push(rows.length === total ? `${total} case${total === 1 ? '' : 's'}` : `${rows.length} of ${total} cases`);
  return out.join('\n');
}

/** `crashbench show ID`: the case at a glance (the full report is `export --format md|json`). */
export function formatCaseDetail(c: CaseDetail): string {
  const r = c.report;
  const out: string[] = [`Case ${c.id}: ${c.title}`, `  status     ${c.status}${c.tags.length ? `   tags: ${c.tags.join(', ')}` : ''}`];
  out.push(`  file       ${c.file ? `${c.file.originalName} (${c.file.size} bytes, sha256 ${c.file.sha256})` : c.fileName}`);
  out.push(`  format     ${c.format} / ${c.dumpType}`);
  if (c.error) out.push(`  error      ${c.error}`);
  if (c.code) out.push(`  code       ${c.code}${c.codeName ? ` ${c.codeName}` : ''}`);
  if (r?.bugcheck) out.push(`  arguments  ${r.bugcheck.args.join(' ')}`);
  if (c.faultingModule) out.push(`  faulting   ${c.faultingModule}${c.faultingFunction ? `!${c.faultingFunction}` : ''}`);
  if (c.bucket) out.push(`  bucket     ${c.bucket}`);
  if (c.osBuild !== undefined || c.arch) out.push(`  system     ${[c.arch, c.osBuild !== undefined ? `build ${c.osBuild}` : ''].filter(Boolean).join(', ')}`);
  if (c.crashTime) out.push(`  crashed    ${c.crashTime}`);
  out.push(`  imported   ${c.importedAt}`);
  if (r?.stack.length) {
    out.push('', 'Stack:');
    for (const f of r.stack.slice(0, 30)) out.push(`  ${String(f.index).padStart(2, '0')} ${f.address} ${frameText(f)}`);
    if (r.stack.length > 30) out.push(`  … ${r.stack.length - 30} more frames`);
  }
  if (r?.findings.length) {
    out.push('', 'Findings:');
    for (const f of r.findings) out.push(`  [${f.severity}] ${f.text}`);
  }
  if (c.hypotheses.length) {
    out.push('', 'Hypotheses:');
    for (const h of c.hypotheses) {
      out.push(`  #${h.id} [${h.status}${h.confidence !== undefined ? ` ${Math.round(h.confidence * 100)}%` : ''}] ${h.text}`);
      for (const e of h.evidence) out.push(`      - ${describeEvidence(e.ref, r)}${e.note ? ` — ${e.note}` : ''}`);
    }
  }
  if (c.notes.length) {
    out.push('', 'Notes:');
    for (const n of c.notes) out.push(`  ${n.createdAt.slice(0, 16).replace('T', ' ')}  ${n.text.replace(/\n/g, '\n                    ')}`);
  }
  if (c.history.length) {
    out.push('', 'History:');
    for (const h of c.history) out.push(`  ${h.at.slice(0, 19).replace('T', ' ')}  ${h.text}`);
  }
  return out.join('\n');
}

function clip(v: string, width: number): string {
  return v.length > width ? `${v.slice(0, width - 1)}…` : v;
}
