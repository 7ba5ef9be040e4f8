import type { EvidenceTarget } from './types';

/** What a history line may name besides its own detail: the case's findings, hypotheses and frames. */
export interface HistoryLookup {
  finding(id: string): string | undefined;
  hypothesis(id: number): string | undefined;
  frame(index: number): string | undefined;
}

const MAX_QUOTE = 60;
/** titles are short enough to show whole */
const MAX_TITLE = 500;

/** 'text' in quotes on one line, cut at `max` characters. */
export function quote(text: string, max = MAX_QUOTE): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `'${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}'`;
}

/** How an evidence link reads in a sentence: "finding 'Byte-lane corruption …'", "frame 3 (fltmgr!TreeUnlinkMulti)". */
export function describeTarget(ref: EvidenceTarget, lookup: HistoryLookup): string {
  switch (ref.kind) {
    case 'finding': {
      const text = lookup.finding(ref.id);
      return text ? `finding ${quote(text)}` : `finding ${ref.id}`;
    }
    case 'frame': {
      const name = lookup.frame(ref.index);
      return `frame ${ref.index}${name ? ` (${name})` : ''}`;
    }
    case 'register':
      return `register ${ref.name}${ref.value ? ` = ${ref.value}` : ''}`;
    case 'address':
      return `address ${ref.address}${ref.label ? ` (${ref.label})` : ''}`;
    case 'memory':
      return `${ref.size} bytes of memory at ${ref.address}${ref.label ? ` (${ref.label})` : ''}`;
    case 'instruction':
      return `instruction at ${ref.address}${ref.text ? ` (${ref.text})` : ''}`;
    case 'module':
      return `module ${ref.name}`;
    case 'field':
      return `field ${ref.structure}.${ref.field}${ref.value ? ` = ${ref.value}` : ''}`;
    case 'transcript-line':
      return `transcript line ${ref.line}`;
  }
}

function hypothesisName(id: unknown, lookup: HistoryLookup, known?: unknown): string {
  const text = typeof known === 'string' ? known : typeof id === 'number' ? lookup.hypothesis(id) : undefined;
  return text ? `hypothesis ${quote(text)}` : `hypothesis #${String(id)}`;
}

function list(values: unknown): string[] {
  return Array.isArray(values) ? values.map(String) : [];
}

function percent(v: unknown): string {
  return typeof v === 'number' ? `${Math.round(v * 100)} %` : 'none';
}

/**
 * One history entry as a sentence people read ("linked finding 'Byte-lane
 * corruption …' to hypothesis 'race in …'"), from its action and JSON detail.
 * A detail that already carries its sentence (`summary`, written when the
 * entry was made) gives that one, so names stay right after the case changes
 * (a finding gone after re-analysis, a hypothesis deleted later).
 */
export function historyText(action: string, detail: unknown, lookup: HistoryLookup): string {
  const d = (detail && typeof detail === 'object' ? detail : {}) as Record<string, unknown>;
  if (typeof d.summary === 'string') return d.summary;
  switch (action) {
    case 'imported':
      return `imported ${String(d.file ?? 'the file')}${d.error ? `; it could not be read: ${String(d.error)}` : ''}`;
    case 'imported from export':
      return `imported from an export${d.exportedAt ? ` made ${String(d.exportedAt)}` : ''}, ${d.linkedDump ? 'linked to the dump this library holds' : 'without its dump file'}`;
    case 'renamed':
      return `renamed from ${quote(String(d.from ?? ''), MAX_TITLE)} to ${quote(String(d.to ?? ''), MAX_TITLE)}`;
    case 'tagged': {
      const from = list(d.from);
      const to = list(d.to);
      const added = to.filter((t) => !from.includes(t));
      const removed = from.filter((t) => !to.includes(t));
      const parts = [added.length ? `added tag${added.length > 1 ? 's' : ''} ${added.join(', ')}` : '', removed.length ? `removed tag${removed.length > 1 ? 's' : ''} ${removed.join(', ')}` : ''];
      return parts.filter(Boolean).join('; ') || 'tags unchanged';
    }
    case 'status':
      return `status ${String(d.from)} → ${String(d.to)}`;
    case 'hypothesis added':
      return `added ${hypothesisName(d.id, lookup, d.text)}`;
    case 'hypothesis deleted':
      return `deleted ${hypothesisName(d.id, lookup, d.text)}`;
    case 'hypothesis edited': {
      const before = (d.before && typeof d.before === 'object' ? d.before : {}) as Record<string, unknown>;
      const patch = (d.patch && typeof d.patch === 'object' ? d.patch : {}) as Record<string, unknown>;
      const changes: string[] = [];
      if (patch.text !== undefined && patch.text !== before.text) changes.push(`text now ${quote(String(patch.text))}`);
      if (patch.status !== undefined && patch.status !== before.status) changes.push(`status ${String(before.status)} → ${String(patch.status)}`);
      if (patch.confidence !== undefined && patch.confidence !== before.confidence) changes.push(`confidence ${percent(before.confidence)} → ${percent(patch.confidence)}`);
      return `edited ${hypothesisName(d.id, lookup, before.text)}${changes.length ? `: ${changes.join(', ')}` : ''}`;
    }
    case 'evidence linked':
    case 'evidence unlinked': {
      const target = d.ref && typeof d.ref === 'object' ? describeTarget(d.ref as EvidenceTarget, lookup) : 'evidence';
      const linked = action === 'evidence linked';
      return `${linked ? 'linked' : 'unlinked'} ${target} ${linked ? 'to' : 'from'} ${hypothesisName(d.hypothesisId, lookup)}`;
    }
    case 'note added':
      return `added a note${typeof d.note === 'string' ? ` ${quote(d.note)}` : ''}`;
    case 'note edited':
      return `edited the note${typeof d.before === 'string' ? ` that read ${quote(d.before)}` : ''}`;
    case 'note deleted':
      return `deleted the note${typeof d.text === 'string' ? ` ${quote(d.text)}` : ''}`;
    default:
      return action;
  }
}
