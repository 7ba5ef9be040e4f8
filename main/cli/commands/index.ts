import type { Command } from '../command';

/** A command as --help lists it; its code loads only when it runs (startup stays fast). */
export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every command of `crashbench`, in the order --help lists them. */
export const commands: CommandEntry[] = [
  { name: 'info', usage: 'info FILE... [--json]', summary: 'detect the format of each file by its content and show what it holds', load: async () => (await import('./info')).infoCommand },
  { name: 'analyze', usage: 'analyze FILE [--symbols PATH] [--json]', summary: 'an !analyze -v like summary: bugcheck or exception, fault, stack, findings with evidence, bucket', load: async () => (await import('./analyze')).analyzeCommand },
  { name: 'stackwalk', usage: 'stackwalk FILE [--symbols PATH] [--breakpad] [--json]', summary: "walk the crashing thread's stack: WinDbg k style, or minidump_stackwalk style with --breakpad", load: async () => (await import('./stackwalk')).stackwalkCommand },
  { name: 'dt', usage: 'dt [-r[N]] FILE TYPE [ADDRESS] [--symbols PATH] [--json]', summary: "a type's layout from a PDB (FILE.pdb, or a dump and module!Type), with field values read from the dump at ADDRESS", load: async () => (await import('./dt')).dtCommand },
  { name: 'import', usage: 'import PATH... [--workers N] [--json]', summary: 'import dumps and transcripts (files or folders, recursive) into the library; Ctrl-C cancels', load: async () => (await import('./import')).importCommand },
  { name: 'list', usage: 'list [TEXT] [--code C --module M --bucket B --tag T --status S --from D --to D --sort F --limit N]', summary: 'list the cases in the library (full-text search and filters)', load: async () => (await import('./library-commands')).listCommand },
  { name: 'show', usage: 'show ID [--json]', summary: 'show one case: summary, stack, findings, hypotheses, notes', load: async () => (await import('./library-commands')).showCommand },
  { name: 'reanalyze', usage: 'reanalyze ID... | --all [--symbols PATH] [--json]', summary: "rebuild cases' reports from their stored files with the current symbol folders (hypotheses, notes and tags stay)", load: async () => (await import('./reanalyze')).reanalyzeCommand },
  { name: 'similar', usage: 'similar ID [--limit N] [--json]', summary: 'the cases most similar to case ID (weighted stack, code, module and finding similarity)', load: async () => (await import('./similarity-commands')).similarCommand },
  { name: 'compare', usage: 'compare A B [--json]', summary: 'two cases side by side: stacks aligned frame by frame, bugcheck, exception, registers, modules, findings', load: async () => (await import('./similarity-commands')).compareCommand },
  { name: 'export', usage: 'export ID --format md|json [--out FILE]', summary: 'export a case as a Markdown report or as JSON (re-importable)', load: async () => (await import('./library-commands')).exportCommand },
];
