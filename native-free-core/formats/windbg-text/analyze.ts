import type { Line } from './text-lines';
import type { AnalyzeOutput } from './types';
import { hexOf } from './values';

const KEY = /^\s*([A-Za-z][A-Za-z0-9_]{1,63})\s*:(?:\s(.*)|)$/;
const TITLE = /^\s*([A-Z][A-Z0-9_]{2,})\s+\(([0-9a-f]{1,8})\)\s*$/;
const ARG = /^\s*Arg(\d{1,2}):\s*([0-9a-f`]{1,17}),?\s*(.*)$/i;
const BANNER = /^\s*\*\s+(Bugcheck Analysis|Exception Analysis|Kernel Bugcheck Analysis)\s+\*\s*$/i;

/** A `KEY: value` key as !analyze prints them: upper case with underscores (FAILURE_BUCKET_ID, CONTEXT). */
export function isAnalyzeKey(key: string): boolean {
  if (/^Arg\d+$/i.test(key)) return false;
  if (key.includes('_')) return /^[A-Z][A-Z0-9_]*$/.test(key) || /^[a-z][a-z0-9_]*$/.test(key);
  return KEYS_WITHOUT_UNDERSCORE.has(key.toUpperCase());
}

/** !analyze keys that have no underscore; other one-word capitals ("IRP:", "THREAD:") belong to other extensions. */
const KEYS_WITHOUT_UNDERSCORE = new Set(['CONTEXT', 'BUGCHECK', 'OSBUILD', 'OSNAME', 'BLACKBOXBSD', 'BLACKBOXNTFS', 'BLACKBOXPNP', 'BLACKBOXWINLOGON']);

export function matchKeyLine(text: string): { key: string; value: string } | null {
  const m = KEY.exec(text);
  if (!m || !isAnalyzeKey(m[1]!)) return null;
  return { key: m[1]!.toUpperCase(), value: (m[2] ?? '').trim() };
}

export interface AnalyzeParse {
  output: AnalyzeOutput;
  /** the lines of each value: the key line (with the text after the colon) and its continuation lines. */
  valueBody: Record<string, Line[]>;
  /** lines that belong to no key (notes such as "PEB is paged out", "Followup: MachineOwner"). */
  otherLines: Line[];
  /** number of KEY lines found. */
  keyCount: number;
}

/** Parses the text of one !analyze -v output (or any run of its KEY: value lines). */
export function parseAnalyze(lines: Line[]): AnalyzeParse {
  const first = lines[0]?.no ?? 0;
  const last = lines[lines.length - 1]?.no ?? first;
  const output: AnalyzeOutput = { args: [], values: {}, valueLines: {}, lines: [first, last] };
  const valueBody: Record<string, Line[]> = {};
  const otherLines: Line[] = [];
  let keyCount = 0;
  let currentKey: string | null = null;
  let inArgs = false;
  let lastArg: AnalyzeOutput['args'][number] | null = null;
  let pendingKey: { key: string; line: number } | null = null;
  for (const line of lines) {
    const text = line.text;
    if (text.trim() === '') {
      currentKey = null;
      lastArg = null;
      continue;
    }
    const banner = BANNER.exec(text);
    if (banner) {
      output.banner ??= banner[1]!;
      continue;
    }
    if (/^\s*\*{5,}\s*$/.test(text) || /^\s*\*\s+\*\s*$/.test(text)) continue;
    const title = TITLE.exec(text);
    if (title && output.bugcheckName === undefined && currentKey === null) {
      output.bugcheckName = title[1]!;
      output.bugcheckCode = hexOf(title[2]!)!;
      output.bugcheckLine = line.no;
      continue;
    }
    if (/^\s*Arguments:\s*$/i.test(text)) {
      inArgs = true;
      currentKey = null;
      continue;
    }
    const arg = ARG.exec(text);
    if (arg && currentKey === null) {
      const value = hexOf(arg[2]!);
      if (value !== null) {
        lastArg = { index: Number(arg[1]), value, meaning: arg[3]!.trim(), line: line.no };
        output.args.push(lastArg);
        inArgs = true;
        continue;
      }
    }
    if (/^\s*(##\s*)?Debugging Details:\s*$/i.test(text) || /^\s*-{3,}\s*$/.test(text)) {
      inArgs = false;
      lastArg = null;
      currentKey = null;
      continue;
    }
    const key = matchKeyLine(text);
    if (key) {
      keyCount++;
      inArgs = false;
      lastArg = null;
      currentKey = key.key;
      if (currentKey in output.values) {
        // A repeated key (interleaved output): keep the first, remember the rest as text.
        currentKey = `${key.key}#${line.no}`;
      }
      output.values[currentKey] = key.value;
      output.valueLines[currentKey] = [line.no, line.no];
      valueBody[currentKey] = [{ no: line.no, text: key.value }];
      continue;
    }
    if (currentKey !== null) {
      const prev = output.values[currentKey]!;
      output.values[currentKey] = prev === '' ? text.trim() : `${prev}\n${text.trim()}`;
      output.valueLines[currentKey]![1] = line.no;
      valueBody[currentKey]!.push(line);
      continue;
    }
    const kv = /^\s+Key\s*:\s*(\S.*)$/.exec(text);
    if (kv) {
      pendingKey = { key: kv[1]!.trim(), line: line.no };
      continue;
    }
    const vv = pendingKey ? /^\s+Value\s*:\s?(.*)$/.exec(text) : null;
    if (vv && pendingKey) {
      // KEY_VALUES_STRING (Windows 10 !analyze): "    Key  : Analysis.CPU.mSec" / "    Value: 2375".
      if (!(pendingKey.key in output.values)) {
        output.values[pendingKey.key] = vv[1]!.trim();
        output.valueLines[pendingKey.key] = [pendingKey.line, line.no];
        valueBody[pendingKey.key] = [{ no: line.no, text: vv[1]!.trim() }];
      }
      pendingKey = null;
      continue;
    }
    if (inArgs && lastArg && /^\s/.test(text)) {
      lastArg.meaning = `${lastArg.meaning} ${text.trim()}`.trim();
      continue;
    }
    otherLines.push(line);
  }
  return { output, valueBody, otherLines, keyCount };
}

/** Keys only !analyze prints: one is enough to read a pasted fragment as !analyze output. */
const STRONG_KEYS = new Set(['STACK_TEXT', 'FAULTING_IP', 'FAILURE_BUCKET_ID', 'BUCKET_ID', 'DEFAULT_BUCKET_ID', 'BUGCHECK_CODE', 'BUGCHECK_STR', 'EXCEPTION_RECORD', 'SYMBOL_NAME', 'LAST_CONTROL_TRANSFER', 'FOLLOWUP_IP']);

/** Does this text look like !analyze output (banner, bug check title with arguments, or several KEY lines)? */
export function looksLikeAnalyze(lines: Line[], strict = false): boolean {
  let keys = 0;
  for (const l of lines) {
    if (BANNER.test(l.text)) return true;
    if (!strict && ARG.test(l.text)) return true;
    const k = matchKeyLine(l.text);
    if (k && !strict && STRONG_KEYS.has(k.key)) return true;
    if (k && (!strict || k.key.includes('_'))) keys++;
    if (keys >= 2) return true;
  }
  return false;
}
