// The open case, shared by its tabs: the detail from main, reload after an
// edit, and "link to hypothesis" from anywhere in the case.
import { getContext, setContext } from 'svelte';
import type { CaseDetail, EvidenceTarget } from '../../../main/library/types';
import { call } from './api';
import { caseHref, router } from './router.svelte';
import { bitsOf, type Bits } from './format';

const KEY = Symbol('case');

export class CaseStore {
  detail = $state<CaseDetail | null>(null);
  error = $state('');
  /** the evidence the "link to hypothesis" dialog is open for */
  linking = $state<{ ref: EvidenceTarget; label: string } | null>(null);

  constructor(readonly id: number) {}

  get bits(): Bits {
    return bitsOf(this.detail?.report?.system.arch);
  }

  async load(): Promise<void> {
    try {
      this.detail = await call('cases:get', { id: this.id });
      this.error = '';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  link(ref: EvidenceTarget, label: string): void {
    this.linking = { ref, label };
  }

  goto(tab: string, params?: Record<string, string>): void {
    router.go(caseHref(this.id, tab, params));
  }

  /** Shows the evidence a finding (or a hypothesis) points at, in the tab that holds it. */
  show(ref: EvidenceTarget): void {
    switch (ref.kind) {
      case 'frame':
        return this.goto('stack', { frame: String(ref.index) });
      case 'register':
        return this.goto('registers', { reg: ref.name });
      case 'address':
        return this.goto('memory', { addr: ref.address });
      case 'memory':
        return this.goto('memory', { addr: ref.address });
      case 'instruction':
        return this.goto('disassembly', { addr: ref.address });
      case 'module':
        return this.goto('modules', { name: ref.name });
      case 'field':
        return this.goto('structures', { type: ref.structure, field: ref.field });
      case 'finding':
        return this.goto('summary', { finding: ref.id });
      case 'transcript-line':
        return this.goto('summary', { line: String(ref.line) });
    }
  }
}

export function provideCase(store: CaseStore): void {
  setContext(KEY, store);
}

export function useCase(): CaseStore {
  return getContext<CaseStore>(KEY);
}

/** How an evidence link reads in lists: "frame 0", "rsi", "fffff8a0`0d106d58". */
export function evidenceLabel(ref: EvidenceTarget, detail: CaseDetail | null, bits: Bits, addr: (v: string, b: Bits) => string): string {
  switch (ref.kind) {
    case 'frame': {
      const f = detail?.report?.stack.find((x) => x.index === ref.index);
      const name = f ? [f.module, f.function].filter(Boolean).join('!') + (f.offset && f.function ? '+' + f.offset : '') : '';
      return `frame ${ref.index}${name ? ' ' + name : ''}`;
    }
    case 'register':
      return `register ${ref.name}${ref.value ? ' = ' + addr(ref.value, bits) : ''}`;
    case 'address':
      return `address ${addr(ref.address, bits)}${ref.label ? ' (' + ref.label + ')' : ''}`;
    case 'memory':
      return `memory ${addr(ref.address, bits)} L${ref.size.toString(16)}${ref.label ? ' (' + ref.label + ')' : ''}`;
    case 'instruction':
      return `instruction ${addr(ref.address, bits)}${ref.text ? ' ' + ref.text : ''}`;
    case 'module':
      return `module ${ref.name}`;
    case 'field':
      return `${ref.structure}.${ref.field}${ref.value ? ' = ' + addr(ref.value, bits) : ''}`;
    case 'transcript-line':
      return `transcript line ${ref.line}`;
    case 'finding': {
      const f = detail?.report?.findings.find((x) => x.id === ref.id);
      return `finding: ${f ? f.text : ref.id}`;
    }
  }
}
