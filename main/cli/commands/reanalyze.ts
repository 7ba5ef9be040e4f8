import { reanalyzeCase } from '../../library/reanalyze';
import { symbolPathForLibrary } from '../../settings/settings';
import { flagBool, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { printJson } from '../io';
import { withLibrary } from '../library-arg';

interface Reanalysed {
  id: number;
  title: string;
  bucket?: string;
  staleEvidence: number[];
}

function idsOf(args: ParsedArgs): number[] | 'all' {
  const all = flagBool(args, 'all');
  if (all && args.positional.length) throw new UsageError('give case IDs or --all, not both');
  if (all) return 'all';
  if (!args.positional.length) throw new UsageError('missing case ID (or --all to re-analyse every case)');
  return args.positional.map((raw) => {
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`case ID must be a positive number, not '${raw}'`);
    return id;
  });
}

export const reanalyzeCommand: Command = {
  name: 'reanalyze',
  usage: 'reanalyze ID... | --all [--symbols PATH] [--json]',
  summary: "rebuild cases' reports from their stored files with the current symbol folders (hypotheses, notes and tags stay)",
  run: (args, io) => {
    const wanted = idsOf(args);
    const extra = flagString(args, 'symbols');
    return withLibrary(args, (library) => {
      const symbolPath = symbolPathForLibrary(library.dir, { extra: extra ? [extra] : [], env: process.env });
      const ids = wanted === 'all' ? library.caseIds() : wanted;
      const done: Reanalysed[] = [];
      const failed: { id: number; error: string }[] = [];
      for (const id of ids) {
        if (!library.getSummary(id)) {
          failed.push({ id, error: 'no such case in this library (see crashbench list)' });
          continue;
        }
        const outcome = reanalyzeCase(library, id, symbolPath);
        if (!outcome.ok) {
          failed.push({ id, error: outcome.error });
          continue;
        }
        const s = library.getSummary(id)!;
        done.push({ id, title: s.title, ...(s.bucket ? { bucket: s.bucket } : {}), staleEvidence: outcome.staleEvidence.map((e) => e.id) });
      }
      if (flagBool(args, 'json')) printJson(io, { reanalysed: done, failed });
      else {
        for (const d of done) {
          const stale = d.staleEvidence.length ? ` (${d.staleEvidence.length} evidence link(s) name findings that are gone: review them in the case)` : '';
          io.out(`case ${d.id}: ${d.title}${d.bucket ? ` [${d.bucket}]` : ''}${stale}`);
        }
        io.out(`${done.length} re-analysed, ${failed.length} failed`);
      }
      for (const f of failed) io.err(`crashbench: case ${f.id}: ${f.error}`);
      return failed.length ? EXIT_BAD_INPUT : EXIT_OK;
    });
  },
};
