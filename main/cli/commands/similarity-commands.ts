import { compareReports } from '../../../native-free-core/similarity/compare';
import { formatComparisonText } from '../../../native-free-core/similarity/format-comparison';
import { formatSimilarText } from '../../../native-free-core/similarity/format-similar';
import { loadSimilarityIndex } from '../../library/similarity-index';
import { flagBool, flagString, UsageError } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { printJson } from '../io';
import { withLibrary } from '../library-arg';
import { caseIdArg, missingCase } from './library-commands';

export const similarCommand: Command = {
  name: 'similar',
  usage: 'similar ID [--limit N] [--json]',
  summary: 'the cases most similar to case ID (weighted stack, code, module and finding similarity)',
  run: (args, io) =>
    withLibrary(args, (library) => {
      const id = caseIdArg(args);
      const limitFlag = flagString(args, 'limit');
      const limit = limitFlag === undefined ? 20 : Number(limitFlag);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be between 1 and 1000');
      if (!library.getSummary(id)) return missingCase(io, id);
      const rows = loadSimilarityIndex(library.db).topSimilar(id, limit).map((s) => {
        const summary = library.getSummary(s.caseId);
        return { caseId: s.caseId, score: s.score, parts: s.parts, title: summary?.title, bucket: summary?.bucket };
      });
      if (flagBool(args, 'json')) printJson(io, rows);
      else for (const line of formatSimilarText(`case ${id}`, rows.map((r) => ({ ...r, label: r.title })))) io.out(line);
      return EXIT_OK;
    }),
};

export const compareCommand: Command = {
  name: 'compare',
  usage: 'compare A B [--json]',
  summary: 'two cases side by side: stacks aligned frame by frame, bugcheck, exception, registers, modules, findings',
  run: (args, io) =>
    withLibrary(args, (library) => {
      const a = library.getCase(caseIdArg(args, 0, 'A'));
      const b = library.getCase(caseIdArg(args, 1, 'B'));
      for (const [c, raw] of [[a, args.positional[0]], [b, args.positional[1]]] as const) {
        if (!c) return missingCase(io, raw!);
        if (!c.report) {
          io.err(`crashbench: case ${raw} has no readable report (${c.error ?? 'not parsed'})`);
          return EXIT_BAD_INPUT;
        }
      }
      const cmp = compareReports(a!.report!, b!.report!, { leftName: `#${a!.id} ${a!.title}`, rightName: `#${b!.id} ${b!.title}` });
      if (flagBool(args, 'json')) printJson(io, cmp);
      else for (const line of formatComparisonText(cmp, Math.max(40, Math.floor(((process.stdout.columns ?? 140) - 8) / 2)))) io.out(line);
      return EXIT_OK;
    }),
};
