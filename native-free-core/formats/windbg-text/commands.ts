import type { Line } from './text-lines';
import type { CommandKind } from './types';

/** A prompt at the start of a line (after optional indentation): `2: kd>`, `kd>`, `0:000>`, `0:000:x86>`, `1: lkd>`. */
const PROMPT = /^\s*((?:\d{1,3}:\s?)?l?kd(?::x86)?|\d{1,3}:\d{1,4}(?::[a-z0-9]{1,8})?)>\s?(.*)$/i;

export interface CommandBlock {
  prompt: string;
  /** the command as typed without the inline comment. */
  command: string;
  comment?: string;
  /** lower-case first word: "!analyze", "kb", "dq", ".cxr". */
  verb: string;
  /** the rest of the command, trimmed. */
  args: string;
  kind: CommandKind;
  /** line of the prompt (or first line of a preamble). */
  firstLine: number;
  lastLine: number;
  /** the output lines (not the prompt line). */
  output: Line[];
}

export interface PromptMatch {
  prompt: string;
  text: string;
}

export function matchPrompt(text: string): PromptMatch | null {
  const m = PROMPT.exec(text);
  if (!m) return null;
  return { prompt: m[1]!.replace(/\s+/g, ' ') + '>', text: m[2]! };
}

/** Splits the transcript at every prompt. Text before the first prompt is a 'preamble' block (when not blank). */
export function splitCommands(lines: Line[]): CommandBlock[] {
  const blocks: CommandBlock[] = [];
  let current: CommandBlock | null = null;
  const preamble: Line[] = [];
  for (const line of lines) {
    const p = matchPrompt(line.text);
    if (p) {
      if (current) blocks.push(finish(current));
      current = newBlock(p, line.no);
      continue;
    }
    if (current) current.output.push(line);
    else preamble.push(line);
  }
  if (current) blocks.push(finish(current));
  const body = preamble.filter((l) => !/^# (source|license):/.test(l.text));
  if (body.some((l) => l.text.trim() !== '')) {
    blocks.unshift(finish({ prompt: '', command: '', verb: '', args: '', kind: 'preamble', firstLine: body[0]!.no, lastLine: body[0]!.no, output: body }));
  }
  return blocks;
}

function newBlock(p: PromptMatch, lineNo: number): CommandBlock {
  const { command, comment } = splitComment(p.text.trim());
  const sp = command.search(/\s/);
  const verbRaw = sp < 0 ? command : command.slice(0, sp);
  const args = sp < 0 ? '' : command.slice(sp).trim();
  const verb = verbRaw.toLowerCase();
  const block: CommandBlock = { prompt: p.prompt, command, verb, args, kind: classify(verb, args), firstLine: lineNo, lastLine: lineNo, output: [] };
  if (comment) block.comment = comment;
  return block;
}

function finish(block: CommandBlock): CommandBlock {
  // Trailing blank lines belong to nobody.
  while (block.output.length > 0 && block.output[block.output.length - 1]!.text.trim() === '') block.output.pop();
  const last = block.output[block.output.length - 1];
  block.lastLine = last ? last.no : block.firstLine;
  return block;
}

/**
 * The docs append free text to commands: `kb [Lists the stack trace.]`,
 * `.bugcheck        get the bug check data`. A bracketed tail with words, or
 * several words after a run of 4+ blanks, is a comment.
 */
export function splitComment(text: string): { command: string; comment?: string } {
  if (text.endsWith(']')) {
    const open = text.lastIndexOf('[');
    const inner = open > 0 ? text.slice(open + 1, -1) : '';
    if (open > 0 && /\s/.test(text[open - 1]!) && inner.includes(' ') && /[a-z]{3}/i.test(inner)) {
      return { command: text.slice(0, open).trim(), comment: inner.trim() };
    }
  }
  // Free text after a wide gap: several words, so `dt   _POOL_HEADER` (extra blanks typed) keeps its argument.
  const gap = text.indexOf('    ');
  if (gap > 0) {
    const comment = text.slice(gap).trim();
    if (/\S\s+\S/.test(comment) && /^[A-Za-z[(]/.test(comment)) return { command: text.slice(0, gap).trim(), comment };
  }
  return { command: text };
}

export function classify(verb: string, args: string): CommandKind {
  if (verb === '!analyze') return 'analyze';
  if (/^k[bvpcnfdlm]*$/.test(verb) || /^~[0-9.#*]*\s*k/.test(verb)) return 'stack';
  if (verb === 'r' || verb === '.cxr' || verb === '.trap' || verb === '.ecxr') return 'registers';
  if (verb === '.exr') return 'exception-record';
  if (verb === 'u' || verb === 'ub' || verb === 'uf') return 'disassembly';
  if (/^d(?:b|w|d|q|p|c|ps|qs|ds)$/.test(verb)) return 'memory';
  if (verb === '!pool') return 'pool';
  if (verb === 'dt') return 'type';
  if (/^lm/.test(verb)) return 'modules';
  if (verb === '.bugcheck') return 'bugcheck';
  if (verb === 'vertarget') return 'vertarget';
  if (verb === '.lastevent') return 'lastevent';
  if (verb === '?' || (verb.startsWith('?') && !verb.startsWith('??'))) return 'expression';
  void args;
  return 'raw';
}
