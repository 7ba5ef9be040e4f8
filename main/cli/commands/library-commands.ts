import fs from 'node:fs';
import { formatCaseDetail, formatCaseList } from '../../library/cli-format';
import type { CaseQuery, CaseSort, CaseStatus } from '../../library/types';
import { flagBool, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { type CliIO, printJson } from '../io';
import { withLibrary } from '../library-arg';

export function caseIdArg(args: ParsedArgs, index = 0, what = 'ID'): number {
  const raw = args.positional[index];
  if (raw === undefined) throw new UsageError(`missing case ${what}`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`case ${what} must be a positive number, not '${raw}'`);
  return id;
}

/** Tells the user the library holds no case `id`; gives the exit status for it. */
export function missingCase(io: CliIO, id: number | string): number {
  io.err(`crashbench: no case ${id} in this library (see crashbench list)`);
  return EXIT_BAD_INPUT;
}

function queryOf(args: ParsedArgs): CaseQuery {
  const num = (name: string) => {
    const v = flagString(args, name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
    return n;
  };
  const text = flagString(args, 'text') ?? (args.positional.length ? args.positional.join(' ') : undefined);
  return {
    text,
    code: flagString(args, 'code'),
    module: flagString(args, 'module'),
    bucket: flagString(args, 'bucket'),
    tag: flagString(args, 'tag'),
    status: flagString(args, 'status') as CaseStatus | undefined,
    from: flagString(args, 'from'),
    to: flagString(args, 'to'),
    sort: flagString(args, 'sort') as CaseSort | undefined,
    order: flagString(args, 'order') as 'asc' | 'desc' | undefined,
    offset: num('offset'),
    limit: num('limit') ?? 100,
  };
}

export const listCommand: Command = {
  name: 'list',
  usage: 'list [TEXT] [--code C --module M --bucket B --tag T --status S --from D --to D --sort F --limit N]',
  summary: 'list the cases in the library (full-text search and filters)',
  run: (args, io) =>
    withLibrary(args, (library) => {
      const result = library.listCases(queryOf(args));
      if (flagBool(args, 'json')) printJson(io, result);
      else io.out(formatCaseList(result.rows, result.total));
      return EXIT_OK;
    }),
};

export const showCommand: Command = {
  name: 'show',
  usage: 'show ID [--json]',
  summary: 'show one case: summary, stack, findings, hypotheses, notes',
  run: (args, io) =>
    withLibrary(args, (library) => {
      const id = caseIdArg(args);
      const detail = library.getCase(id);
      if (!detail) return missingCase(io, id);
      if (flagBool(args, 'json')) printJson(io, detail);
      else io.out(formatCaseDetail(detail));
      return EXIT_OK;
    }),
};

export const exportCommand: Command = {
  name: 'export',
  usage: 'export ID --format md|json [--out FILE]',
  summary: 'export a case as a Markdown report or as JSON (re-importable)',
  run: (args, io) =>
    withLibrary(args, (library) => {
      const id = caseIdArg(args);
      const format = flagString(args, 'format') ?? (flagBool(args, 'json') ? 'json' : 'md');
      if (format !== 'md' && format !== 'json') throw new UsageError('--format must be md or json');
      if (!library.getSummary(id)) return missingCase(io, id);
      const text = library.exportCase(id, format);
      const out = flagString(args, 'out');
      if (out) fs.writeFileSync(out, text);
      else io.out(text);
      return EXIT_OK;
    }),
};
