import type { StackFrame } from '../model/report';
import type { AlignedRow } from './align';
import type { Comparison, ValueDiff } from './compare';
import type { SimilarityResult } from './similarity';

/** `fltmgr!TreeUnlinkMulti+0x51`, `test_app+0x429e`, or the bare address. */
export function frameLabel(f: StackFrame): string {
  if (f.module && f.function) return `${f.module}!${f.function}${f.offset ? '+' + f.offset : ''}`;
  if (f.module) return `${f.module}${f.offset ? '+' + f.offset : ''}`;
  return f.address;
}

const ROW_MARK: Record<AlignedRow['kind'], string> = { match: '=', mismatch: '~', 'gap-left': '>', 'gap-right': '<' };
const STATE_MARK: Record<ValueDiff['state'], string> = { same: '=', changed: '~', 'only-left': '<', 'only-right': '>' };

function cell(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text.padEnd(width);
}

function part(v: number | null): string {
  return v === null ? '-' : v.toFixed(2);
}

export function formatSimilarity(s: SimilarityResult): string {
  return `${s.score.toFixed(2)} (stack ${part(s.parts.stack)}, code ${part(s.parts.code)}, module ${part(s.parts.module)}, findings ${part(s.parts.findings)})`;
}

function side(label: string, left: string, right: string, mark: string, width: number): string {
  return `  ${cell(label, 14)}${cell(left, width)} ${mark} ${right}`.trimEnd();
}

/**
 * The text `crashbench compare A B` prints: two columns of `widthPerSide`
 * characters. Marks: `=` same, `~` different, `<` left only, `>` right only.
 */
export function formatComparisonText(cmp: Comparison, widthPerSide = 56): string[] {
  const w = Math.max(16, widthPerSide);
  const out: string[] = [];
  const name = (h: Comparison['left'], fallback: string) => h.name ?? h.bucket ?? fallback;
  out.push(side('', name(cmp.left, 'left'), name(cmp.right, 'right'), '|', w));
  out.push(`Similarity ${formatSimilarity(cmp.similarity)}`);

  const bc = cmp.bugcheck;
  if (bc.left || bc.right) {
    out.push('', 'Bugcheck');
    const code = (b?: { code: string; name?: string }) => (b ? `${b.code}${b.name ? ' ' + b.name : ''}` : '(none)');
    out.push(side('code', code(bc.left), code(bc.right), bc.sameCode ? '=' : '~', w));
    for (const a of bc.args) {
      const mark = a.state === 'same' ? '=' : a.sameClass ? '≈' : STATE_MARK[a.state];
      out.push(side(a.name, a.left ?? '', a.right ?? '', mark, w));
    }
  }
  if (cmp.exception.fields.length) {
    out.push('', 'Exception');
    for (const f of cmp.exception.fields) out.push(side(f.name, f.left ?? '', f.right ?? '', STATE_MARK[f.state], w));
  }

  out.push('', `Stack (${cmp.sharedFrames.length} shared frames)`);
  for (const row of cmp.stack) {
    const l = row.left ? `${String(row.left.index).padStart(2, '0')} ${frameLabel(row.left)}` : '';
    const r = row.right ? `${String(row.right.index).padStart(2, '0')} ${frameLabel(row.right)}` : '';
    out.push(`  ${cell(l, w + 14)} ${ROW_MARK[row.kind]} ${r}`.trimEnd());
  }
  if (cmp.sharedFrames.length) out.push('', 'Shared frames', ...cmp.sharedFrames.map((s) => `  ${s}`));

  if (cmp.registers.length) {
    const changed = cmp.registers.filter((r) => r.state !== 'same');
    const same = cmp.registers.filter((r) => r.state === 'same');
    out.push('', `Registers (${same.length} same, ${changed.length} changed or one-sided)`);
    for (const r of changed) out.push(side(r.name, r.left ?? '', r.right ?? '', STATE_MARK[r.state], w));
    if (same.length) out.push(`  same: ${same.map((r) => r.name).join(' ')}`);
  }

  if (cmp.modules.length) {
    const count = (s: string) => cmp.modules.filter((m) => m.state === s).length;
    out.push('', `Modules (${count('same')} same, ${count('other-version')} other version, ${count('only-left')} left only, ${count('only-right')} right only)`);
    for (const m of cmp.modules) {
      if (m.state === 'same') continue;
      const v = (x?: { version?: string; timestamp?: number }) =>
        x ? `${m.name} ${x.version ?? ''}${x.timestamp !== undefined ? ' ts ' + x.timestamp.toString(16) : ''}`.trim() : '(missing)';
      const mark = m.state === 'other-version' ? '~' : m.state === 'only-left' ? '<' : '>';
      out.push(side(m.state, v(m.left), v(m.right), mark, w));
    }
  }

  const fd = cmp.findings;
  if (fd.both.length || fd.onlyLeft.length || fd.onlyRight.length) {
    out.push('', 'Findings');
    for (const f of fd.both) out.push(side('both', f.left.text, f.right.text, '=', w));
    for (const f of fd.onlyLeft) out.push(side('left only', f.text, '', '<', w));
    for (const f of fd.onlyRight) out.push(side('right only', '', f.text, '>', w));
  }
  return out;
}
