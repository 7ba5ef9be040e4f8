import type { ParsedDump } from '../../model/parsed-dump';
import type { WinDbgTextExtra } from './types';

/** What `crashbench info` prints for a transcript: commands found, bug check / exception, frames, warnings. */
export function describeTranscript(parsed: ParsedDump): string[] {
  const r = parsed.report;
  const extra = (r.extra ?? {}) as Partial<WinDbgTextExtra>;
  const out: string[] = ['Format:      WinDbg text transcript'];
  const commands = extra.commands ?? [];
  const kinds = new Map<string, number>();
  for (const c of commands) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const typed = commands.filter((c) => c.command !== '').map((c) => c.command);
  out.push(`Commands:    ${commands.length} block${commands.length === 1 ? '' : 's'}${typed.length ? ` (${summarize(typed)})` : ''}`);
  if (r.system.arch || r.system.osBuild) out.push(`System:      ${[r.system.arch, r.system.osBuild !== undefined ? `build ${r.system.osBuild}` : ''].filter(Boolean).join(', ')}`);
  if (r.bugcheck) out.push(`Bug check:   ${r.bugcheck.code}${r.bugcheck.name ? ` ${r.bugcheck.name}` : ''} (${r.bugcheck.args.join(', ')})`);
  if (r.exception) out.push(`Exception:   ${r.exception.code}${r.exception.name ? ` ${r.exception.name}` : ''} at ${r.exception.address}`);
  if (r.process) out.push(`Process:     ${r.process}`);
  const top = r.stack[0];
  out.push(`Stack:       ${r.stack.length} frame${r.stack.length === 1 ? '' : 's'}${top ? `, top ${frameName(top)}` : ''}`);
  if (r.threads.length) out.push(`Threads:     ${r.threads.length}${r.crashingThreadId !== undefined ? `, crashing ${r.crashingThreadId.toString(16)}` : ''}`);
  if (r.context) out.push(`Registers:   ${Object.keys(r.context.registers).length} (${r.context.provenance?.detail ?? 'context'})`);
  if (r.disassembly?.length) out.push(`Disassembly: ${r.disassembly.length} instructions`);
  if (r.knownMemory?.length) out.push(`Memory:      ${r.knownMemory.length} block${r.knownMemory.length === 1 ? '' : 's'}, ${r.knownMemory.reduce((n, k) => n + k.bytes.length / 2, 0)} bytes shown in the text`);
  if (extra.pools?.length) out.push(`Pool:        ${extra.pools.length} !pool output${extra.pools.length === 1 ? '' : 's'}`);
  if (extra.types?.length) out.push(`Types:       ${extra.types.length} dt output${extra.types.length === 1 ? '' : 's'}`);
  if (r.modules.length) out.push(`Modules:     ${r.modules.length}`);
  if (r.bucket) out.push(`Bucket:      ${r.bucket}`);
  out.push(`Warnings:    ${r.warnings.length}`);
  return out;
}

function frameName(f: { module?: string; function?: string; offset?: string; address: string }): string {
  if (f.module && f.function) return `${f.module}!${f.function}${f.offset ? `+${f.offset}` : ''}`;
  if (f.module) return `${f.module}${f.offset ? `+${f.offset}` : ''}`;
  return f.address;
}

function summarize(commands: string[]): string {
  const shown = commands.slice(0, 8).join(', ');
  return commands.length > 8 ? `${shown}, … ${commands.length - 8} more` : shown;
}
